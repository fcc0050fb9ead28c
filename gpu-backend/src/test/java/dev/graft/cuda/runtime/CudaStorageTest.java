package dev.graft.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.Device;
import dev.graft.cuda.memory.CachingAllocator;
import dev.graft.cuda.memory.DeviceMemory;
import org.junit.jupiter.api.Test;

/**
 * A storage is handed out before the device thread gives it memory: until then nothing may read its address,
 * it gets memory once, and a released one refuses use.
 */
class CudaStorageTest {
    /** Device memory that hands out distinct addresses and frees nothing twice. */
    private static final class Books implements DeviceMemory {
        private long next = 0x10000;

        @Override
        public long allocate(long bytes) {
            long a = next;
            next += bytes + 4096;
            return a;
        }

        @Override
        public void free(long address) {
        }
    }

    private final CachingAllocator allocator = new CachingAllocator(new Books());
    private final Object owner = new Object();

    @Test
    void anUnboundStorageHasSizeAndTypeButNoAddressYet() {
        CudaStorage s = new CudaStorage(DType.F32, 100, new Device(Device.Kind.CUDA, 0), owner);
        assertEquals(100, s.size());
        assertEquals(DType.F32, s.dtype());
        IllegalStateException e = assertThrows(IllegalStateException.class, s::address);
        assertEquals("a CUDA storage of 100 F32 elements was used off the device thread before its memory was "
                + "allocated", e.getMessage());
        assertThrows(IllegalStateException.class, s::block);
    }

    @Test
    void aBoundStorageAddressesItsBlockIsBoundOnceAndRefusesUseAfterRelease() {
        CudaStorage s = new CudaStorage(DType.F32, 100, new Device(Device.Kind.CUDA, 0), owner);
        CachingAllocator.Block b = allocator.allocate(400);
        s.bind(b);
        assertEquals(b.address(), s.address());
        assertEquals(b.address() + 40 * 4, s.address(40));
        assertTrue(s.ownedBy(owner));
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> s.bind(allocator.allocate(400)));
        assertEquals("a CUDA storage was given memory twice", twice.getMessage());
        allocator.release(b);
        IllegalStateException released = assertThrows(IllegalStateException.class, s::address);
        assertTrue(released.getMessage().contains("used after its release scope closed"), released.getMessage());
    }
}
