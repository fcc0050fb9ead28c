package dev.graft.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A registry in a local directory. Index URLs are paths relative to it and may not leave it. */
public final class DirectoryRegistry implements RegistrySource {
    private final Path root;

    /** @param root the registry directory */
    public DirectoryRegistry(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public boolean isLocalDirectory() {
        return true;
    }

    @Override
    public Optional<byte[]> fetch(String name) throws IOException {
        Path p = root.resolve(name);
        return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    }

    @Override
    public InputStream openArtifact(String url) throws IOException {
        return Files.newInputStream(resolve(url));
    }

    /**
     * @param url a relative path from an index entry
     * @return the file inside the registry
     * @throws RefusedException if the path is absolute, has a scheme or leaves the registry
     */
    public Path resolve(String url) {
        if (url.contains(":") || url.startsWith("/") || url.contains("\\")) {
            throw new RefusedException(RefusedException.Reason.UNSAFE_JAR,
                    root + ": artifact url '" + url + "' must be a path relative to the registry directory");
        }
        Path p = root.resolve(url).normalize();
        if (!p.startsWith(root)) {
            throw new RefusedException(RefusedException.Reason.UNSAFE_JAR,
                    root + ": artifact url '" + url + "' leaves the registry directory");
        }
        return p;
    }
}
