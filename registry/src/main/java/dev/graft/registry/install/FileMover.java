package dev.graft.registry.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Moves a file atomically over another. Replaceable so that tests can make a move fail. */
@FunctionalInterface
public interface FileMover {
    /** The real atomic move ({@code rename(2)}), replacing the target. */
    FileMover ATOMIC = (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    /**
     * @param from the source
     * @param to   the target, replaced if it exists
     * @throws IOException if the move failed; neither file has then changed
     */
    void move(Path from, Path to) throws IOException;
}
