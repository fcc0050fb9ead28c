package dev.graft.cuda.runtime;

import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.Device;
import dev.graft.api.tensor.Storage;
import dev.graft.cuda.memory.CachingAllocator;

/**
 * A storage in GPU memory, owned by one CUDA backend. Its memory comes from the backend's caching allocator
 * and goes back there when the owning release scope closes, when it is released explicitly, or (as a
 * backstop) after it became unreachable. Using a released storage throws {@link IllegalStateException}.
 *
 * <p>A storage exists before its memory does: the backend returns it at once and the device thread allocates
 * its block in submission order, ahead of every kernel that can use it, so the caller never waits for an
 * allocation.
 */
public final class CudaStorage implements Storage {
    private final DType dtype;
    private final long size;
    private final Device device;
    private final Object owner;
    private volatile CachingAllocator.Block block;

    CudaStorage(DType dtype, long size, Device device, Object owner) {
        this.dtype = dtype;
        this.size = size;
        this.device = device;
        this.owner = owner;
    }

    /** Gives this storage its memory; once, on the device thread. */
    void bind(CachingAllocator.Block b) {
        if (block != null) {
            throw new IllegalStateException("a CUDA storage was given memory twice");
        }
        block = b;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Device device() {
        return device;
    }

    /**
     * @return the allocator block
     * @throws IllegalStateException if the device thread has not allocated it yet
     */
    public CachingAllocator.Block block() {
        CachingAllocator.Block b = block;
        if (b == null) {
            throw new IllegalStateException("a CUDA storage of " + size + " " + dtype + " elements was used off the "
                    + "device thread before its memory was allocated");
        }
        return b;
    }

    /** @return whether this storage belongs to {@code runtime} */
    boolean ownedBy(Object runtime) {
        return owner == runtime;
    }

    /**
     * @return the device address of element 0
     * @throws IllegalStateException if the storage was released
     */
    public long address() {
        CachingAllocator.Block b = block();
        if (!b.live()) {
            throw new IllegalStateException("a CUDA storage of " + size + " " + dtype + " elements was used after "
                    + "its release scope closed (or it was released explicitly); keep() it to use it longer");
        }
        return b.address();
    }

    /** @return the device address of element {@code index} */
    public long address(long index) {
        return address() + index * dtype.byteSize();
    }

    @Override
    public String toString() {
        return "CudaStorage[" + dtype + " x " + size + " on " + device + "]";
    }
}
