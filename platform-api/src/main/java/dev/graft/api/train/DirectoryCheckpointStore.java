package dev.graft.api.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoints as directories {@code step-NNNNNNNNNN} under a root, with a {@code LATEST} file naming the newest.
 * A checkpoint is written into a temporary directory, moved into place atomically, and only then named in
 * {@code LATEST} (itself replaced by an atomic move); older checkpoints are deleted afterwards. A crash at any
 * point leaves {@code LATEST} naming a complete checkpoint. Not safe for two writers on one root.
 */
public final class DirectoryCheckpointStore implements CheckpointStore {
    private static final String LATEST = "LATEST";
    private final Path root;

    /** @param root the directory that holds the checkpoints; created when the first one is saved */
    public DirectoryCheckpointStore(Path root) {
        this.root = root;
    }

    /** @return the root directory */
    public Path root() {
        return root;
    }

    @Override
    public void save(long step, Writer writer) throws IOException {
        if (step < 0) {
            throw new IllegalArgumentException("a checkpoint's step must be >= 0, got " + step);
        }
        Files.createDirectories(root);
        String name = String.format("step-%010d", step);
        Path tmp = Files.createTempDirectory(root, name + ".tmp-");
        try {
            writer.write(tmp);
            Path target = root.resolve(name);
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        Path latestTmp = Files.createTempFile(root, LATEST, ".tmp");
        Files.writeString(latestTmp, name + "\n", StandardCharsets.UTF_8);
        Files.move(latestTmp, root.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        List<Path> old = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "step-*")) {
            for (Path p : ds) {
                if (!p.getFileName().toString().equals(name)) {
                    old.add(p);
                }
            }
        }
        for (Path p : old) {
            deleteTree(p);
        }
    }

    @Override
    public Optional<Path> latest() throws IOException {
        Path latest = root.resolve(LATEST);
        if (!Files.isRegularFile(latest)) {
            return Optional.empty();
        }
        String name = Files.readString(latest, StandardCharsets.UTF_8).trim();
        Path dir = root.resolve(name);
        if (!name.matches("step-[0-9]{10}") || !Files.isDirectory(dir)) {
            throw new IOException(latest + " names '" + name + "', which is not a checkpoint directory under " + root);
        }
        return Optional.of(dir);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
