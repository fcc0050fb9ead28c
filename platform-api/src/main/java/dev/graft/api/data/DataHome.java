package dev.graft.api.data;

import java.nio.file.Path;

/**
 * The user's Graft directory and the data directories under it: the dataset cache and the extended
 * sources. Resolved from {@value #PROPERTY}, else {@code $}{@value #ENV}, else {@code ~/.graft}.
 *
 * @param root the Graft home directory
 */
public record DataHome(Path root) {
    /** System property naming the Graft home directory. */
    public static final String PROPERTY = "graft.home";
    /** Environment variable naming the Graft home directory, used when the property is not set. */
    public static final String ENV = "GRAFT_HOME";

    /**
     * @return the Graft home from the system property, the environment, or {@code ~/.graft}
     */
    public static DataHome fromEnvironment() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        if (p == null || p.isBlank()) {
            return new DataHome(Path.of(System.getProperty("user.home"), ".graft"));
        }
        return new DataHome(Path.of(p));
    }

    /** @return where built datasets are cached: {@code ROOT/cache/data} */
    public Path cacheDirectory() {
        return root.resolve("cache").resolve("data");
    }

    /** @return where {@code graft data fetch --extended} writes sources that are not embedded: {@code ROOT/data/extended} */
    public Path extendedDirectory() {
        return root.resolve("data").resolve("extended");
    }
}
