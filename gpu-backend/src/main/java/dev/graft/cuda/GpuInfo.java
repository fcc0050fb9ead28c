package dev.graft.cuda;

/**
 * One CUDA device as the driver reports it.
 *
 * @param index           the ordinal ({@code cuda:N})
 * @param name            the marketing name, e.g. {@code NVIDIA H200}
 * @param ccMajor         compute capability, major
 * @param ccMinor         compute capability, minor
 * @param totalMemory     device memory in bytes
 * @param multiprocessors streaming multiprocessors
 */
public record GpuInfo(int index, String name, int ccMajor, int ccMinor, long totalMemory, int multiprocessors) {

    /** @return the NVRTC architecture name, e.g. {@code sm_90} */
    public String arch() {
        return "sm_" + ccMajor + ccMinor;
    }

    /** @return e.g. {@code cuda:0 NVIDIA H200 (sm_90, 132 SMs, 139.8 GiB)} */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "cuda:%d %s (%s, %d SMs, %.1f GiB)", index, name, arch(),
                multiprocessors, totalMemory / (double) (1L << 30));
    }
}
