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
 * @param attention   how attention is computed
 */
public record CudaOptions(int deviceIndex, Precision precision, Path cacheRoot, boolean useCublasLt,
                          AttentionKernel attention) {

    /** System property: device ordinal, default 0. */
    public static final String DEVICE_PROPERTY = "graft.cuda.device";
    /** System property: {@code fp32}, {@code tf32} or {@code bf16}, default {@code fp32}. */
    public static final String PRECISION_PROPERTY = "graft.cuda.precision";
    /** System property: {@code false} turns cuBLASLt off. */
    public static final String CUBLASLT_PROPERTY = "graft.cuda.cublasLt";
    /** System property: {@code auto}, {@code fused} or {@code gemm} (see {@link AttentionKernel}), default auto. */
    public static final String ATTENTION_PROPERTY = "graft.cuda.attention";

    public CudaOptions {
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("CUDA device index must be >= 0, got " + deviceIndex);
        }
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        Objects.requireNonNull(attention, "attention");
    }

    /** @return these options on another device */
    public CudaOptions withDevice(int index) {
        return new CudaOptions(index, precision, cacheRoot, useCublasLt, attention);
    }

    /** @return these options with another precision */
    public CudaOptions withPrecision(Precision p) {
        return new CudaOptions(deviceIndex, p, cacheRoot, useCublasLt, attention);
    }

    /** @return these options with cuBLASLt's fused epilogues on or off */
    public CudaOptions withCublasLt(boolean on) {
        return new CudaOptions(deviceIndex, precision, cacheRoot, on, attention);
    }

    /** @return these options with another way of computing attention */
    public CudaOptions withAttention(AttentionKernel a) {
        return new CudaOptions(deviceIndex, precision, cacheRoot, useCublasLt, a);
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
        AttentionKernel a;
        try {
            a = AttentionKernel.parse(System.getProperty(ATTENTION_PROPERTY, "auto"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + ATTENTION_PROPERTY + ": " + e.getMessage(), e);
        }
        return new CudaOptions(device, p, defaultCacheRoot(), lt, a);
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
