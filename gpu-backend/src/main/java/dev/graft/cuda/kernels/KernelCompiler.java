package dev.graft.cuda.kernels;

import java.util.List;

/** Compiles CUDA C to device code: NVRTC in the backend, a fake in tests. */
public interface KernelCompiler {
    /**
     * Compiles one translation unit.
     *
     * @param name    the program name for messages
     * @param source  the full source
     * @param options compiler options (including the target architecture)
     * @param cubin   whether to return CUBIN (else NUL-terminated PTX)
     * @return the device code
     */
    byte[] compile(String name, String source, List<String> options, boolean cubin);

    /** @return the compiler's version, part of the cache key (a new compiler must not reuse old binaries) */
    String version();
}
