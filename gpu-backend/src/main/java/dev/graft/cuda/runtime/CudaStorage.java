package dev.graft.cuda.runtime;

import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.Device;
import dev.graft.api.tensor.Storage;
import dev.graft.cuda.memory.CachingAllocator;

/**
 * A storage in GPU memory, owned by one CUDA backend. Its memory comes from the backend's caching allocator
 * and goes back there when the owning release scope closes, when it is released explicitly, or (as a
 * backstop) after it became unreachable. Using a released storage throws {@link IllegalStateException}.
 */
public final class CudaStorage implements Storage {
    private final DType dtype;
    private final long size;
    private final Device device;
    private final CachingAllocator.Block block;
    private final Object owner;

    CudaStorage(DType dtype, long size, Device device, CachingAllocator.Block block, Object owner) {
        this.dtype = dtype;
        this.size = size;
        this.device = device;
        this.block = block;
        this.owner = owner;
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

    /** @return the allocator block */
    public CachingAllocator.Block block() {
        return block;
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
        if (!block.live()) {
            throw new IllegalStateException("a CUDA storage of " + size + " " + dtype + " elements was used after "
                    + "its release scope closed (or it was released explicitly); keep() it to use it longer");
        }
        return block.address();
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
