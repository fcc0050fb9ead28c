package dev.graft.cuda.memory;

/**
 * Raw device memory: what the {@link CachingAllocator} asks for when its cache cannot serve a request.
 * The real implementation calls {@code cuMemAlloc_v2}/{@code cuMemFree_v2}; tests use a fake that only
 * keeps books.
 */
public interface DeviceMemory {
    /**
     * Allocates device memory.
     *
     * @param bytes a positive size
     * @return the device address, or 0 when the device is out of memory
     */
    long allocate(long bytes);

    /** Returns memory from {@link #allocate}. */
    void free(long address);

    /** @return a short description of the device's free and total memory, for out-of-memory messages */
    default String describeUsage() {
        return "";
    }
}
