package dev.graft.runtime.plugin;

import dev.graft.registry.PluginDescriptor;
import java.nio.file.Path;

/**
 * One installed plugin as the host sees it.
 *
 * @param jar        the plugin's jar
 * @param descriptor its descriptor, or {@code null} if the manifest could not be read
 * @param state      what became of it
 * @param reason     why it is not started (naming the file, entry, range or exception), or empty when started
 */
public record PluginStatus(Path jar, PluginDescriptor descriptor, PluginState state, String reason) {
    /** @return the plugin id, or the jar's file name when the descriptor is unreadable */
    public String id() {
        return descriptor == null ? jar.getFileName().toString() : descriptor.id();
    }

    /** @return the version, or {@code ?} */
    public String version() {
        return descriptor == null ? "?" : descriptor.version();
    }

    PluginStatus with(PluginState s, String why) {
        return new PluginStatus(jar, descriptor, s, why);
    }
}
