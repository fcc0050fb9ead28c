package dev.graft.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a registry's files come from: a directory or an HTTP(S) base URL holding {@code plugins.json},
 * {@code plugins.json.sig} and the jars the index points to. Implementations only fetch bytes; every check is
 * done by the caller.
 */
public interface RegistrySource {
    /** @return the directory or URL, as the user wrote it */
    String location();

    /** @return whether this is a directory on this machine (the only kind that may be used unsigned) */
    boolean isLocalDirectory();

    /**
     * @param name a top-level file name such as {@link PluginIndex#FILE}
     * @return its bytes, or empty if the registry has no such file
     * @throws IOException if it exists but cannot be read
     */
    Optional<byte[]> fetch(String name) throws IOException;

    /**
     * Opens a jar named by an index entry.
     *
     * @param url the entry's {@code url}: a path relative to the registry, or (HTTP registries only) an
     *            absolute http(s) URL
     * @return the jar's bytes as a stream; the caller limits how much it reads
     * @throws IOException if it cannot be opened
     * @throws RefusedException ({@link RefusedException.Reason#UNSAFE_JAR}) if the URL leaves the registry
     */
    InputStream openArtifact(String url) throws IOException;

    /**
     * @param location a directory path, a {@code file:} URI or an {@code http(s)://} URL
     * @return the matching source
     */
    static RegistrySource of(String location) {
        String l = location.trim();
        if (l.startsWith("http://") || l.startsWith("https://")) {
            return new HttpRegistry(URI.create(l.endsWith("/") ? l : l + "/"));
        }
        if (l.startsWith("file:")) {
            return new DirectoryRegistry(Path.of(URI.create(l)));
        }
        return new DirectoryRegistry(Path.of(l));
    }
}
