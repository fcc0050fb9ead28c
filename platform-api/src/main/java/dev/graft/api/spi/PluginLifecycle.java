package dev.graft.api.spi;

/**
 * Optional start and stop callbacks of a plugin: the class named by the manifest entry {@code Plugin-Class}
 * implements this interface and has a public no-argument constructor.
 *
 * <p>The host calls {@link #start()} once after loading the plugin and before asking it for extensions, and
 * {@link #stop()} once before the process ends. A plugin whose {@code start} throws is marked failed with the
 * exception's message and none of its extensions is offered; other plugins are not affected. Both methods run
 * on the host's main thread and should return quickly.
 */
public interface PluginLifecycle {
    /**
     * Called once when the plugin is started.
     *
     * @throws Exception to refuse starting; the plugin is then reported as failed
     */
    default void start() throws Exception {
    }

    /**
     * Called once when the plugin is stopped. An exception is reported and otherwise ignored.
     *
     * @throws Exception if stopping failed
     */
    default void stop() throws Exception {
    }
}
