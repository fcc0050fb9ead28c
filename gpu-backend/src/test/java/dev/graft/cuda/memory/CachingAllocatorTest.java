package dev.graft.cuda.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachingAllocatorTest {

    /** Device memory that only keeps books: addresses are distinct, a budget can run out. */
    static final class FakeMemory implements DeviceMemory {
        final Map<Long, Long> live = new HashMap<>();
        long next = 0x10000;
        long budget = Long.MAX_VALUE;
        int mallocs;
        int frees;

        @Override
        public long allocate(long bytes) {
            long used = live.values().stream().mapToLong(Long::longValue).sum();
            if (used + bytes > budget) {
                return 0;
            }
            mallocs++;
            long a = next;
            next += bytes + 4096;
            live.put(a, bytes);
            return a;
        }

        @Override
        public void free(long address) {
            if (live.remove(address) == null) {
                throw new AssertionError("double or foreign free of " + address);
            }
            frees++;
        }
    }

    @Test
    void sizeClassesBoundTheWaste() {
        assertEquals(512, CachingAllocator.roundSize(1));
        assertEquals(512, CachingAllocator.roundSize(512));
        assertEquals(1024, CachingAllocator.roundSize(513));
        assertEquals(1 << 20, CachingAllocator.roundSize(1 << 20));
        for (long b = (1 << 20) + 1; b < (1L << 34); b = b * 3 / 2 + 7) {
            long r = CachingAllocator.roundSize(b);
            assertTrue(r >= b && r <= b + b / 8 + 1, b + " -> " + r);
            assertEquals(r, CachingAllocator.roundSize(r), "a class rounds to itself");
        }
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.roundSize(0));
    }

    @Test
    void releasedBlocksAreReusedWithoutTheDevice() {
        FakeMemory mem = new FakeMemory();
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block b1 = a.allocate(1000);
        long addr = b1.address();
        a.release(b1);
        assertFalse(b1.live());
        CachingAllocator.Block b2 = a.allocate(900);
        assertEquals(addr, b2.address(), "same size class: served from the cache");
        assertEquals(1, mem.mallocs);
        CachingAllocator.Block big = a.allocate(10 << 20);
        a.release(big);
        CachingAllocator.Block slightlySmaller = a.allocate(9 << 20);
        assertEquals(big.address(), slightlySmaller.address(), "a block up to a quarter larger is reused");
        a.release(slightlySmaller);
        CachingAllocator.Block muchSmaller = a.allocate(2 << 20);
        assertNotEquals(big.address(), muchSmaller.address(), "a much larger block is not wasted on a small request");
        AllocatorStats s = a.stats();
        assertEquals(5, s.allocations());
        assertEquals(2, s.cacheHits());
        assertEquals(3, s.deviceMallocs());
        assertEquals(CachingAllocator.roundSize(900) + CachingAllocator.roundSize(2 << 20), s.liveBytes());
        assertEquals(CachingAllocator.roundSize(10 << 20), s.cachedBytes());
        a.release(b2);
        a.release(b2);
        assertEquals(CachingAllocator.roundSize(2 << 20), a.stats().liveBytes(), "a second release is harmless");
    }

    @Test
    void scopesReleaseWhatTheyOwnExceptKeptBlocks() {
        FakeMemory mem = new FakeMemory();
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block outside = a.allocate(100);
        CachingAllocator.Block kept;
        CachingAllocator.Block inner;
        try (CachingAllocator.Scope outer = a.openScope()) {
            CachingAllocator.Block o1 = a.allocate(100);
            try (CachingAllocator.Scope in = a.openScope()) {
                inner = a.allocate(100);
                kept = a.allocate(100);
                in.keep(kept);
                assertEquals(1, in.size());
                assertThrows(IllegalArgumentException.class, () -> in.keep(o1));
            }
            assertFalse(inner.live());
            assertTrue(kept.live(), "kept moves to the enclosing scope");
            assertEquals(2, outer.size());
        }
        assertFalse(kept.live());
        assertTrue(outside.live(), "allocations outside any scope are untouched");
        assertEquals(CachingAllocator.roundSize(100), a.stats().liveBytes());
    }

    @Test
    void scopesCloseInnermostFirst() {
        CachingAllocator a = new CachingAllocator(new FakeMemory());
        CachingAllocator.Scope outer = a.openScope();
        CachingAllocator.Scope inner = a.openScope();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
        outer.close();
    }

    @Test
    void theCleanerBackstopIsProcessedAtTheNextAllocation() {
        FakeMemory mem = new FakeMemory();
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block b = a.allocate(4096);
        a.releaseLater(b);
        assertTrue(b.live(), "nothing happens on the cleaner's thread");
        CachingAllocator.Block c = a.allocate(4096);
        assertFalse(b.live());
        assertEquals(b.address(), c.address());
        a.releaseLater(b);
        a.allocate(16);
        assertTrue(c.live(), "a stale backstop for a block whose memory was reused must not free the new owner");
    }

    @Test
    void outOfMemoryFirstEmptiesTheCacheThenFailsWithTheBooks() {
        FakeMemory mem = new FakeMemory();
        mem.budget = 3 << 20;
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block x = a.allocate(2 << 20);
        a.release(x);
        CachingAllocator.Block y = a.allocate(3 << 20);
        assertTrue(y.live());
        assertEquals(1, mem.frees, "the cached 2 MiB went back to make room");
        DeviceOutOfMemoryException e = assertThrows(DeviceOutOfMemoryException.class, () -> a.allocate(1 << 20));
        assertTrue(e.getMessage().contains("bytes live"), e.getMessage());
    }

    @Test
    void graphPoolsKeepTheirMemoryFromEveryoneElse() {
        FakeMemory mem = new FakeMemory();
        CachingAllocator a = new CachingAllocator(mem);
        CachingAllocator.Block before = a.allocate(1000);
        a.release(before);
        CachingAllocator.PrivatePool pool = a.beginPrivatePool("g");
        CachingAllocator.Block inGraph = a.allocate(1000);
        assertNotEquals(before.address(), inGraph.address(), "capture does not take general cached memory");
        a.release(inGraph);
        CachingAllocator.Block reused = a.allocate(1000);
        assertEquals(inGraph.address(), reused.address(), "inside the capture its own memory is reused");
        CachingAllocator.Block output = a.allocate(64);
        a.endPrivatePool();
        a.release(reused);
        CachingAllocator.Block after = a.allocate(1000);
        assertNotEquals(reused.address(), after.address(), "after capture the graph's memory stays reserved");
        assertEquals(before.address(), after.address());
        assertThrows(IllegalStateException.class, () -> {
            a.beginPrivatePool("h");
            a.beginPrivatePool("i");
        });
        a.endPrivatePool();
        long reservedWithPool = a.reservedBytes();
        a.closePool(pool);
        assertTrue(a.reservedBytes() < reservedWithPool, "closing the pool returns its free memory");
        assertTrue(output.live());
        int frees = mem.frees;
        a.release(output);
        assertEquals(frees + 1, mem.frees, "a block of a closed pool goes back to the device when released");
    }

    @Test
    void closeFreesEverything() {
        FakeMemory mem = new FakeMemory();
        CachingAllocator a = new CachingAllocator(mem);
        a.allocate(100);
        a.release(a.allocate(5000));
        a.beginPrivatePool("g");
        a.allocate(7000);
        a.endPrivatePool();
        a.close();
        assertTrue(mem.live.isEmpty(), "device memory left: " + mem.live);
        assertThrows(IllegalStateException.class, () -> a.allocate(1));
        CachingAllocator.Block zero = new CachingAllocator(mem).allocate(0);
        assertEquals(0, zero.address());
    }
}
