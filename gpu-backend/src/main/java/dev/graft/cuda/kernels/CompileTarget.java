package dev.graft.cuda.kernels;

import java.util.List;

/**
 * What NVRTC should produce for a GPU: CUBIN for the GPU's own architecture when NVRTC supports it, else PTX
 * for the newest architecture NVRTC supports below it (the driver compiles PTX for newer GPUs).
 *
 * @param deviceArch the GPU's architecture, e.g. {@code sm_90}: the cache directory
 * @param target     the {@code --gpu-architecture} value: {@code sm_90} or {@code compute_90}
 * @param cubin      whether the output is CUBIN (else PTX)
 */
public record CompileTarget(String deviceArch, String target, boolean cubin) {

    /**
     * Chooses the target.
     *
     * @param ccMajor   compute capability major
     * @param ccMinor   compute capability minor
     * @param supported the architectures NVRTC supports as numbers ({@code 90} for sm_90), ascending
     * @return the target
     * @throws IllegalStateException if the GPU is older than every supported architecture
     */
    public static CompileTarget choose(int ccMajor, int ccMinor, List<Integer> supported) {
        int arch = ccMajor * 10 + ccMinor;
        String device = "sm_" + arch;
        if (supported.contains(arch)) {
            return new CompileTarget(device, "sm_" + arch, true);
        }
        int best = -1;
        for (int s : supported) {
            if (s <= arch) {
                best = Math.max(best, s);
            }
        }
        if (best < 0) {
            throw new IllegalStateException("this GPU (" + device + ") is older than every architecture this NVRTC "
                    + "supports " + supported.stream().map(s -> "sm_" + s).toList());
        }
        return new CompileTarget(device, "compute_" + best, false);
    }
}
