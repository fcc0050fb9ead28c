package dev.graft.cuda.ffm;

import java.util.List;

/**
 * The native libraries the CUDA backend binds, with the file names probed for each (newest CUDA major
 * first) and the system property and environment variable that name a file explicitly.
 *
 * <p>The driver ({@code libcuda.so.1}) ships with the NVIDIA driver, not with the toolkit; the others come
 * from a CUDA 12 or 13 toolkit (or the {@code nvidia-*} Python wheels) and change their major version with
 * the toolkit.
 */
public enum NativeLibrary {
    /** The CUDA driver API. */
    DRIVER("CUDA driver", List.of("libcuda.so.1", "libcuda.so"), "graft.cuda.driverLib", "GRAFT_CUDA_DRIVER_LIB"),
    /** The run-time compiler that turns the kernels' CUDA C into device code. */
    NVRTC("NVRTC", List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"), "graft.cuda.nvrtcLib",
            "GRAFT_NVRTC_LIB"),
    /** cuBLAS: GEMM. */
    CUBLAS("cuBLAS", List.of("libcublas.so.13", "libcublas.so.12", "libcublas.so"), "graft.cuda.cublasLib",
            "GRAFT_CUBLAS_LIB"),
    /** cuBLASLt: GEMM with fused bias and GELU epilogues. */
    CUBLAS_LT("cuBLASLt", List.of("libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so"),
            "graft.cuda.cublasLtLib", "GRAFT_CUBLASLT_LIB");

    private final String title;
    private final List<String> fileNames;
    private final String property;
    private final String envVar;

    NativeLibrary(String title, List<String> fileNames, String property, String envVar) {
        this.title = title;
        this.fileNames = fileNames;
        this.property = property;
        this.envVar = envVar;
    }

    /** @return a human name, e.g. {@code cuBLAS} */
    public String title() {
        return title;
    }

    /** @return the file names probed in every directory, in order of preference */
    public List<String> fileNames() {
        return fileNames;
    }

    /** @return the system property that names the library file explicitly */
    public String property() {
        return property;
    }

    /** @return the environment variable that names the library file explicitly */
    public String envVar() {
        return envVar;
    }
}
