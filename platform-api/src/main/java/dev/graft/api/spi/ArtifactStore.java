package dev.graft.api.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files, checkpoints and model directories of one run, all below the run's output directory.
 *
 * <p>Names are relative paths of {@code [A-Za-z0-9_.-]} segments separated by {@code /}; {@code ..}, absolute
 * paths and empty segments are refused with {@link IllegalArgumentException}. Writes are atomic: a reader never
 * sees half a file or half a checkpoint.
 */
public interface ArtifactStore {
    /**
     * Writes a file atomically (a temporary file, then a move), replacing any previous content.
     *
     * @param name  the file's name below the artifact directory
     * @param bytes the content
     * @return the written file
     * @throws IOException if writing failed; the previous content is then unchanged
     */
    Path write(String name, byte[] bytes) throws IOException;

    /**
     * @param name a file name as for {@link #write}
     * @return the file if it exists
     */
    Optional<Path> find(String name);

    /**
     * Saves a checkpoint. The writer fills a fresh directory, which is then moved into place atomically and
     * becomes {@link #latestCheckpoint()}; older checkpoints are deleted afterwards.
     *
     * @param step   the number of completed steps, greater than the last checkpoint's
     * @param writer fills the directory
     * @return the new checkpoint
     * @throws IOException if the writer or the move failed; the previous checkpoint is then kept
     * @throws IllegalArgumentException if {@code step} does not increase
     */
    Checkpoint saveCheckpoint(long step, CheckpointWriter writer) throws IOException;

    /** @return the most recent complete checkpoint of this run, the one a resumed run continues from */
    Optional<Checkpoint> latestCheckpoint();

    /**
     * Returns an empty directory for a model, e.g. for {@link ModelFamily#save}. An existing directory of that
     * name is refused so that no model is overwritten by accident.
     *
     * @param name the model's name
     * @return the new, empty directory
     * @throws IOException if it cannot be created or already exists
     */
    Path newModelDirectory(String name) throws IOException;
}
