package dev.graft.api.train;

import dev.graft.api.spi.ArtifactStore;
import dev.graft.api.spi.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link Trainer} keeps its checkpoints. A checkpoint is a directory; saving one is atomic: a reader
 * (and a resumed run) sees either the previous complete checkpoint or the new complete one, never a half-written
 * directory. {@link #of(ArtifactStore)} keeps them in a run's artifact store.
 */
public interface CheckpointStore {
    /** Fills a fresh, empty directory with a checkpoint's files. */
    @FunctionalInterface
    interface Writer {
        /**
         * @param directory an empty directory that becomes the checkpoint once this returns normally
         * @throws IOException if writing failed; the previous checkpoint is then kept
         */
        void write(Path directory) throws IOException;
    }

    /**
     * Saves a checkpoint taken after {@code step} completed steps; it becomes {@link #latest()}.
     *
     * @param step greater than the step of every checkpoint saved before in this store
     * @throws IOException if the writer or the move failed; the previous checkpoint is then kept
     */
    void save(long step, Writer writer) throws IOException;

    /** @return the directory of the most recent complete checkpoint, if any */
    Optional<Path> latest() throws IOException;

    /** @return a store that keeps checkpoints in a run's artifact store (only the latest is kept there) */
    static CheckpointStore of(ArtifactStore artifacts) {
        Objects.requireNonNull(artifacts, "artifacts");
        return new CheckpointStore() {
            @Override
            public void save(long step, Writer writer) throws IOException {
                artifacts.saveCheckpoint(step, writer::write);
            }

            @Override
            public Optional<Path> latest() {
                return artifacts.latestCheckpoint().map(Checkpoint::directory);
            }
        };
    }
}
