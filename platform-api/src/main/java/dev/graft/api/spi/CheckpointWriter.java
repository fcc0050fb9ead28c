package dev.graft.api.spi;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a checkpoint's files into a fresh, empty directory. */
@FunctionalInterface
public interface CheckpointWriter {
    /**
     * @param directory an empty directory that becomes the checkpoint once this method returns normally
     * @throws IOException if writing failed; the checkpoint is then discarded and the previous one kept
     */
    void write(Path directory) throws IOException;
}
