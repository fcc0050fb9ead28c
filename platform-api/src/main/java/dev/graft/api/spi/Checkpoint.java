package dev.graft.api.spi;

import java.nio.file.Path;

/**
 * A saved checkpoint of a run: the step it was taken after and the directory holding what the extension wrote.
 *
 * @param step      the number of completed steps when it was taken, {@code >= 0}
 * @param directory the checkpoint's directory, complete (it was moved into place atomically)
 */
public record Checkpoint(long step, Path directory) {
}
