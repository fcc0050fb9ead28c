package dev.graft.cuda;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link CudaBackend} is set up.
 *
 * @param deviceIndex the CUDA device ordinal ({@code cuda:N})
 * @param precision   GEMM precision
 * @param cacheRoot   the kernel cache directory; compiled kernels go to {@code <cacheRoot>/<arch>/}
 * @param useCublasLt whether GEMM with a bias goes through cuBLASLt's fused epilogue (else cuBLAS then a
 *                    bias kernel); exists so that the device check can compare both paths
 */
public record CudaOptions(int deviceIndex, Precision precision, Path cacheRoot, boolean useCublasLt) {

    /** System property: device ordinal, default 0. */
    public static final String DEVICE_PROPERTY = "graft.cuda.device";
    /** System property: {@code fp32}, {@code tf32} or {@code bf16}, default {@code fp32}. */
    public static final String PRECISION_PROPERTY = "graft.cuda.precision";
    /** System property: {@code false} turns cuBLASLt off. */
    public static final String CUBLASLT_PROPERTY = "graft.cuda.cublasLt";

    public CudaOptions {
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("CUDA device index must be >= 0, got " + deviceIndex);
        }
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(cacheRoot, "cacheRoot");
    }

    /** @return these options on another device */
    public CudaOptions withDevice(int index) {
        return new CudaOptions(index, precision, cacheRoot, useCublasLt);
    }

    /** @return these options with another precision */
    public CudaOptions withPrecision(Precision p) {
        return new CudaOptions(deviceIndex, p, cacheRoot, useCublasLt);
    }

    /**
     * The options a backend found by {@link java.util.ServiceLoader} uses: the system properties above, and
     * the cache under {@link #defaultCacheRoot()}.
     *
     * @throws IllegalArgumentException naming the property whose value is malformed
     */
    public static CudaOptions fromSystemProperties() {
        int device;
        String d = System.getProperty(DEVICE_PROPERTY, "0");
        try {
            device = Integer.parseInt(d.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + DEVICE_PROPERTY + "=" + d + " is not a device index", e);
        }
        Precision p;
        try {
            p = Precision.parse(System.getProperty(PRECISION_PROPERTY, "fp32"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PRECISION_PROPERTY + ": " + e.getMessage(), e);
        }
        boolean lt = !"false".equalsIgnoreCase(System.getProperty(CUBLASLT_PROPERTY, "true"));
        return new CudaOptions(device, p, defaultCacheRoot(), lt);
    }

    /**
     * The kernel cache: {@code $GRAFT_HOME/cache/cuda} (or {@code -Dgraft.home}), else
     * {@code ~/.graft/cache/cuda}.
     *
     * @return the cache root
     */
    public static Path defaultCacheRoot() {
        String home = System.getProperty("graft.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("GRAFT_HOME");
        }
        Path base = home == null || home.isBlank()
                ? Path.of(System.getProperty("user.home"), ".graft")
                : Path.of(home);
        return base.resolve("cache").resolve("cuda");
    }
}
