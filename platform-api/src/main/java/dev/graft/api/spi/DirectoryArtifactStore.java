package dev.graft.api.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An {@link ArtifactStore} on a directory: files under {@code artifacts/}, checkpoints as
 * {@code checkpoints/step-N/} (only the latest is kept) and models under {@code models/}. The host uses it for
 * run records; plugin tests use it through {@link LocalRunContext}.
 *
 * <p>Not thread-safe. A crash at any point leaves either the previous or the new file or checkpoint, never a
 * mix: incomplete work lives in hidden {@code .tmp-*} entries, which are ignored and cleaned up later.
 */
public final class DirectoryArtifactStore implements ArtifactStore {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern CHECKPOINT = Pattern.compile("step-(\\d+)");

    private final Path root;

    /**
     * @param root the run directory; created if missing
     * @throws UncheckedIOException if it cannot be created
     */
    public DirectoryArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + this.root, e);
        }
    }

    /** @return the directory this store writes below */
    public Path root() {
        return root;
    }

    private Path resolve(String area, String name) {
        if (name.isEmpty() || name.startsWith("/")) {
            throw new IllegalArgumentException("artifact name '" + name + "' must be a relative path");
        }
        for (String seg : name.split("/", -1)) {
            if (!SEGMENT.matcher(seg).matches() || seg.equals(".") || seg.equals("..") || seg.startsWith(".tmp-")) {
                throw new IllegalArgumentException("artifact name '" + name + "': segment '" + seg
                        + "' must match " + SEGMENT.pattern() + " and not be '.', '..' or start with '.tmp-'");
            }
        }
        return root.resolve(area).resolve(name);
    }

    @Override
    public Path write(String name, byte[] bytes) throws IOException {
        Path target = resolve("artifacts", name);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
        try {
            Files.write(tmp, bytes);
            moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    @Override
    public Optional<Path> find(String name) {
        Path p = resolve("artifacts", name);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public Checkpoint saveCheckpoint(long step, CheckpointWriter writer) throws IOException {
        Optional<Checkpoint> last = latestCheckpoint();
        if (step < 0 || (last.isPresent() && step <= last.get().step())) {
            throw new IllegalArgumentException("checkpoint step " + step + " must be >= 0 and greater than the last one ("
                    + last.map(c -> Long.toString(c.step())).orElse("none") + ")");
        }
        Path dir = root.resolve("checkpoints");
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory(dir, ".tmp-step-" + step + "-");
        Path target = dir.resolve("step-" + step);
        try {
            writer.write(tmp);
            moveAtomically(tmp, target);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        for (Path old : checkpointDirs()) {
            if (!old.equals(target)) {
                deleteTree(old);
            }
        }
        return new Checkpoint(step, target);
    }

    @Override
    public Optional<Checkpoint> latestCheckpoint() {
        return checkpointDirs().stream()
                .map(p -> new Checkpoint(stepOf(p), p))
                .max(Comparator.comparingLong(Checkpoint::step));
    }

    private List<Path> checkpointDirs() {
        Path dir = root.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) && CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    private static long stepOf(Path p) {
        Matcher m = CHECKPOINT.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalStateException(p.toString());
        }
        return Long.parseLong(m.group(1));
    }

    @Override
    public Path newModelDirectory(String name) throws IOException {
        Path dir = resolve("models", name);
        Files.createDirectories(dir.getParent());
        try {
            return Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(dir.toString(), null, "model directory already exists");
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot move " + from + " to " + to + " atomically on this file system", e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
