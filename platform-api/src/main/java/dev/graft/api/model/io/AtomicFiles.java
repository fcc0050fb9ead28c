package dev.graft.api.model.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers see either the old content or the complete new content, never a partial file:
 * the content goes to a temporary file in the target's directory, is forced to disk, and is then renamed over
 * the target in one atomic move. If writing fails the temporary file is deleted and the target is untouched.
 * A file system that cannot move atomically makes the write fail rather than fall back to a plain copy.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Produces a file's content into an open channel. */
    @FunctionalInterface
    public interface Body {
        /**
         * @param channel a channel positioned at the start of an empty temporary file
         * @throws IOException to abandon the write
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code target} atomically.
     *
     * @param target the file to create or replace; its directory must exist
     * @param body   writes the content
     * @throws NoSuchFileException naming the directory if the target's directory does not exist
     * @throws IOException         if the content cannot be written or moved into place
     */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "the directory to write " + absolute.getFileName()
                    + " into does not exist");
        }
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                body.writeTo(channel);
                channel.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes a string as UTF-8, atomically.
     *
     * @throws IOException if it cannot be written or moved into place
     */
    public static void writeString(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        write(target, channel -> {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }
}
