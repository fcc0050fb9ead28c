package dev.graft.cuda.kernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The on-disk cache of compiled kernels: {@code <root>/<arch>/<key>.cubin} (or {@code .ptx}), where the key is
 * the SHA-256 of the source, the options and the compiler version. A file is written to a temporary name in
 * the same directory and moved into place atomically, so concurrent processes and crashes never leave a
 * partial file under a key; an image the driver rejects is {@link #evict evicted} and rebuilt.
 */
public final class KernelCache {
    private final Path root;

    /** @param root the cache root, e.g. {@code ~/.graft/cache/cuda} */
    public KernelCache(Path root) {
        this.root = root;
    }

    /** @return the cache root */
    public Path root() {
        return root;
    }

    /**
     * The cache key of a compilation.
     *
     * @return 64 lowercase hex digits
     */
    public static String key(String source, List<String> options, String compilerVersion) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(source.getBytes(StandardCharsets.UTF_8));
            for (String o : options) {
                md.update((byte) 0);
                md.update(o.getBytes(StandardCharsets.UTF_8));
            }
            md.update((byte) 1);
            md.update(compilerVersion.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** @return the file of a key for a device architecture */
    public Path file(String deviceArch, String key, boolean cubin) {
        return root.resolve(deviceArch).resolve(key + (cubin ? ".cubin" : ".ptx"));
    }

    /** @return the cached image, if present and plausible (non-empty, ELF for CUBIN, NUL-terminated for PTX) */
    public Optional<byte[]> read(String deviceArch, String key, boolean cubin) {
        Path f = file(deviceArch, key, cubin);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            byte[] b = Files.readAllBytes(f);
            if (!plausible(b, cubin)) {
                Files.deleteIfExists(f);
                return Optional.empty();
            }
            return Optional.of(b);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean plausible(byte[] b, boolean cubin) {
        if (b.length < 4) {
            return false;
        }
        if (cubin) {
            return b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
        }
        return b[b.length - 1] == 0;
    }

    /**
     * Stores an image atomically.
     *
     * @throws UncheckedIOException naming the file if the cache directory is not writable
     */
    public Path write(String deviceArch, String key, boolean cubin, byte[] image) {
        Path f = file(deviceArch, key, cubin);
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), key + ".", ".tmp");
            try {
                Files.write(tmp, image);
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kernel cache file " + f
                    + " (set GRAFT_HOME or -Dgraft.home to a writable directory)", e);
        }
    }

    /** Deletes a cached image (after the driver rejected it). */
    public void evict(String deviceArch, String key, boolean cubin) {
        try {
            Files.deleteIfExists(file(deviceArch, key, cubin));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the stale kernel cache file "
                    + file(deviceArch, key, cubin), e);
        }
    }
}
