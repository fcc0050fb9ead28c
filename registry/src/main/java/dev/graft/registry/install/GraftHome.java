package dev.graft.registry.install;

import java.nio.file.Path;
import java.util.Map;

/**
 * The layout of {@code GRAFT_HOME} (default {@code ~/.graft}):
 * <pre>
 * plugins/              installed plugin jars, one per id: &lt;id&gt;.jar (the plugin host's directory)
 * plugins/disabled.txt  ids of disabled plugins, one a line
 * plugins/.staging/     downloads being checked; never loaded
 * plugins/.previous/    the version each plugin had before its last change (for rollback)
 * plugins/.txn/         the journal of an install in progress (recovered on the next command)
 * plugins.lock          what is installed: id, version, SHA-256, size, source
 * registries.json       configured registries and their trusted public keys
 * registry-state.json   the highest index generation seen per registry (rollback protection)
 * cache/                caches
 * </pre>
 *
 * @param root the directory
 */
public record GraftHome(Path root) {
    /** The environment variable that moves the home directory. */
    public static final String ENV = "GRAFT_HOME";

    public GraftHome {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * @param env the environment (usually {@code System.getenv()})
     * @return {@code $GRAFT_HOME}, or {@code ~/.graft} when it is unset or blank
     */
    public static GraftHome fromEnvironment(Map<String, String> env) {
        String v = env.get(ENV);
        return new GraftHome(v == null || v.isBlank() ? Path.of(System.getProperty("user.home"), ".graft") : Path.of(v));
    }

    /** @return the installed plugins' directory */
    public Path plugins() {
        return root.resolve("plugins");
    }

    /** @return the installed jar of a plugin id */
    public Path jarOf(String id) {
        return plugins().resolve(id + ".jar");
    }

    /** @return where downloads are checked before installation */
    public Path staging() {
        return plugins().resolve(".staging");
    }

    /** @return where the previous versions are kept */
    public Path previous() {
        return plugins().resolve(".previous");
    }

    /** @return the journal directory of an install in progress */
    public Path transaction() {
        return plugins().resolve(".txn");
    }

    /** @return the disabled-plugins list */
    public Path disabledFile() {
        return plugins().resolve("disabled.txt");
    }

    /** @return the lockfile */
    public Path lockFile() {
        return root.resolve("plugins.lock");
    }

    /** @return the registries configuration */
    public Path registriesFile() {
        return root.resolve("registries.json");
    }

    /** @return the highest generation seen per registry */
    public Path registryStateFile() {
        return root.resolve("registry-state.json");
    }

    /** @return the cache directory */
    public Path cache() {
        return root.resolve("cache");
    }

    /** @return the file locked while the installed set changes */
    public Path mutex() {
        return root.resolve(".lock");
    }
}
