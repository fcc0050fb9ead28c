package dev.graft.cuda.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A caching allocator for device memory: released blocks are kept and handed out again for requests of the
 * same size class, so a training step that repeats its shapes stops calling {@code cuMemAlloc} after the first
 * step.
 *
 * <p><b>Size classes.</b> Requests are rounded up ({@link #roundSize}): to 512 bytes up to 1 MiB, above that to
 * one of eight steps per power of two (at most 12.5 % waste). A cached block is reused for a request whose class
 * is the same or up to a quarter smaller.
 *
 * <p><b>Release.</b> Memory returns to the cache by {@link #release}, by closing the {@link Scope} that owned it
 * (scopes nest; allocations register with the innermost open scope; {@link Scope#keep} hands a block to the
 * enclosing scope or to no scope), or, as a backstop, by {@link #releaseLater} from a {@code Cleaner} when the
 * owning Java object became unreachable. The backstop is processed at the next allocation.
 *
 * <p><b>Streams.</b> All work runs on one stream, so a block released while kernels that use it are still queued
 * can be handed out at once: later kernels run after earlier ones.
 *
 * <p><b>Graph pools.</b> While a {@link PrivatePool} is active (during CUDA graph capture) every allocation comes
 * from it, and memory released into it stays reserved for it until {@link #closePool}, so that replaying the
 * graph never writes memory that was handed to someone else.
 *
 * <p>Not thread-safe, except {@link #releaseLater}: the backend calls it from its device thread only.
 */
public final class CachingAllocator implements AutoCloseable {

    /** Requests up to this size round to 512 bytes. */
    public static final long SMALL_LIMIT = 1L << 20;

    /** A piece of device memory, cached or handed out. */
    static final class Segment {
        final long address;
        final long size;
        final PrivatePool pool;

        Segment(long address, long size, PrivatePool pool) {
            this.address = address;
            this.size = size;
            this.pool = pool;
        }
    }

    /** One allocation: live until released, then never again (its segment may live on in a new block). */
    public static final class Block {
        private final Segment segment;
        private final long requested;
        private boolean live = true;
        private Scope scope;

        Block(Segment segment, long requested) {
            this.segment = segment;
            this.requested = requested;
        }

        /** @return the device address; 0 for a zero-byte block */
        public long address() {
            return segment == null ? 0L : segment.address;
        }

        /** @return the bytes requested */
        public long requested() {
            return requested;
        }

        /** @return the bytes reserved (the size class) */
        public long size() {
            return segment == null ? 0L : segment.size;
        }

        /** @return whether the block may still be used */
        public boolean live() {
            return live;
        }
    }

    /** Memory reserved for one captured graph. */
    public static final class PrivatePool {
        private final Map<Long, ArrayDeque<Segment>> free = new TreeMap<>();
        private final List<Segment> all = new ArrayList<>();
        private boolean closed;
        private final String name;

        PrivatePool(String name) {
            this.name = name;
        }

        /** @return bytes reserved by this pool */
        public long reservedBytes() {
            long s = 0;
            for (Segment seg : all) {
                s += seg.size;
            }
            return s;
        }

        @Override
        public String toString() {
            return "graph pool " + name;
        }
    }

    /** A release scope: blocks allocated while it is the innermost open scope are released when it closes. */
    public final class Scope implements AutoCloseable {
        private final LinkedHashSet<Block> blocks = new LinkedHashSet<>();
        private final Scope parent;
        private boolean open = true;

        private Scope(Scope parent) {
            this.parent = parent;
        }

        /**
         * Keeps a block past this scope: it moves to the enclosing scope, or to no scope at the outermost level.
         *
         * @throws IllegalArgumentException if the block does not belong to this scope
         */
        public void keep(Block b) {
            if (!blocks.remove(b)) {
                throw new IllegalArgumentException("the storage to keep was not allocated in this scope");
            }
            b.scope = parent;
            if (parent != null) {
                parent.blocks.add(b);
            }
        }

        /** @return the number of live blocks this scope will release */
        public int size() {
            return blocks.size();
        }

        /**
         * Releases every block this scope still owns.
         *
         * @throws IllegalStateException if an inner scope is still open
         */
        @Override
        public void close() {
            if (!open) {
                return;
            }
            if (innermost != this) {
                throw new IllegalStateException("release scopes must close innermost first; an inner scope is still open");
            }
            open = false;
            innermost = parent;
            for (Block b : new ArrayList<>(blocks)) {
                release(b);
            }
            blocks.clear();
        }
    }

    private final DeviceMemory memory;
    private final Map<Long, ArrayDeque<Segment>> free = new TreeMap<>();
    private final List<Segment> generalSegments = new ArrayList<>();
    private final ConcurrentLinkedQueue<Block> pending = new ConcurrentLinkedQueue<>();
    private final List<PrivatePool> pools = new ArrayList<>();
    private Scope innermost;
    private PrivatePool activePool;
    private long liveBytes;
    private long cachedBytes;
    private long peakLiveBytes;
    private long allocations;
    private long cacheHits;
    private long deviceMallocs;
    private long deviceFrees;
    private boolean closed;

    /** @param memory where device memory comes from */
    public CachingAllocator(DeviceMemory memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /**
     * The size class of a request.
     *
     * @param bytes the request, {@code >= 1}
     * @return the rounded size: a multiple of 512 below {@link #SMALL_LIMIT}, else {@code 2^k·(8+j)/8}
     */
    public static long roundSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("allocation size must be positive, got " + bytes);
        }
        if (bytes <= SMALL_LIMIT) {
            return (bytes + 511) & ~511L;
        }
        int k = 63 - Long.numberOfLeadingZeros(bytes);
        long step = 1L << (k - 3);
        return ((bytes + step - 1) / step) * step;
    }

    /**
     * Allocates at least {@code bytes}. A zero-byte request returns a block with address 0.
     *
     * @throws DeviceOutOfMemoryException if the device has no room even after the cache was emptied
     */
    public Block allocate(long bytes) {
        checkOpen();
        drainPending();
        allocations++;
        if (bytes == 0) {
            return register(new Block(null, 0));
        }
        long size = roundSize(bytes);
        PrivatePool pool = activePool;
        Segment seg = takeCached(pool == null ? free : pool.free, size);
        if (seg != null) {
            cacheHits++;
            if (pool == null) {
                cachedBytes -= seg.size;
            }
        } else {
            long addr = memory.allocate(size);
            if (addr == 0) {
                emptyCache();
                addr = memory.allocate(size);
                if (addr == 0) {
                    throw new DeviceOutOfMemoryException("out of GPU memory allocating " + bytes + " bytes (class "
                            + size + "): " + liveBytes + " bytes live, " + reservedBytes() + " reserved by Graft"
                            + (memory.describeUsage().isEmpty() ? "" : "; " + memory.describeUsage()));
                }
            }
            deviceMallocs++;
            seg = new Segment(addr, size, pool);
            if (pool == null) {
                generalSegments.add(seg);
            } else {
                pool.all.add(seg);
            }
        }
        liveBytes += seg.size;
        peakLiveBytes = Math.max(peakLiveBytes, liveBytes);
        return register(new Block(seg, bytes));
    }

    private Block register(Block b) {
        if (innermost != null) {
            b.scope = innermost;
            innermost.blocks.add(b);
        }
        return b;
    }

    private static Segment takeCached(Map<Long, ArrayDeque<Segment>> lists, long size) {
        TreeMap<Long, ArrayDeque<Segment>> tm = (TreeMap<Long, ArrayDeque<Segment>>) lists;
        Map.Entry<Long, ArrayDeque<Segment>> e = tm.ceilingEntry(size);
        while (e != null && e.getKey() <= size + size / 4) {
            Segment s = e.getValue().pollLast();
            if (e.getValue().isEmpty()) {
                tm.remove(e.getKey());
            }
            if (s != null) {
                return s;
            }
            e = tm.ceilingEntry(size);
        }
        return null;
    }

    /**
     * Releases a block to the cache. Releasing a block twice is harmless.
     *
     * @param b a block of this allocator
     */
    public void release(Block b) {
        if (!b.live) {
            return;
        }
        b.live = false;
        if (b.scope != null) {
            b.scope.blocks.remove(b);
            b.scope = null;
        }
        Segment seg = b.segment;
        if (seg == null) {
            return;
        }
        liveBytes -= seg.size;
        if (closed) {
            return;
        }
        if (seg.pool == null) {
            free.computeIfAbsent(seg.size, k -> new ArrayDeque<>()).addLast(seg);
            cachedBytes += seg.size;
        } else if (seg.pool.closed) {
            memory.free(seg.address);
            deviceFrees++;
            seg.pool.all.remove(seg);
        } else {
            seg.pool.free.computeIfAbsent(seg.size, k -> new ArrayDeque<>()).addLast(seg);
        }
    }

    /**
     * Queues a block for release at the next allocation; safe from any thread (a {@code Cleaner} calls it).
     */
    public void releaseLater(Block b) {
        pending.add(b);
    }

    /** Processes the blocks queued by {@link #releaseLater}. */
    public void drainPending() {
        for (Block b; (b = pending.poll()) != null; ) {
            release(b);
        }
    }

    /** Returns every cached block of the general pool to the device. */
    public void emptyCache() {
        for (ArrayDeque<Segment> list : free.values()) {
            for (Segment s : list) {
                memory.free(s.address);
                deviceFrees++;
                generalSegments.remove(s);
                cachedBytes -= s.size;
            }
        }
        free.clear();
    }

    /** @return a new release scope, nested in the current innermost one */
    public Scope openScope() {
        checkOpen();
        Scope s = new Scope(innermost);
        innermost = s;
        return s;
    }

    /**
     * Starts serving every allocation from a new private pool (graph capture).
     *
     * @throws IllegalStateException if a pool is already active
     */
    public PrivatePool beginPrivatePool(String name) {
        checkOpen();
        if (activePool != null) {
            throw new IllegalStateException("a graph capture is already in progress (" + activePool + ")");
        }
        activePool = new PrivatePool(name);
        pools.add(activePool);
        return activePool;
    }

    /** Stops serving allocations from the active private pool; its memory stays reserved for it. */
    public void endPrivatePool() {
        activePool = null;
    }

    /** @return the active private pool, or {@code null} */
    public PrivatePool activePool() {
        return activePool;
    }

    /**
     * Returns a private pool's free memory to the device; its blocks still live are freed when released.
     */
    public void closePool(PrivatePool pool) {
        if (pool.closed) {
            return;
        }
        pool.closed = true;
        if (activePool == pool) {
            activePool = null;
        }
        for (ArrayDeque<Segment> list : pool.free.values()) {
            for (Segment s : list) {
                memory.free(s.address);
                deviceFrees++;
                pool.all.remove(s);
            }
        }
        pool.free.clear();
        pools.remove(pool);
    }

    /** @return bytes held from the device: live, cached and reserved by graph pools */
    public long reservedBytes() {
        long r = 0;
        for (Segment s : generalSegments) {
            r += s.size;
        }
        for (PrivatePool p : pools) {
            r += p.reservedBytes();
        }
        return r;
    }

    /** @return a snapshot of the books */
    public AllocatorStats stats() {
        drainPending();
        return new AllocatorStats(liveBytes, cachedBytes, reservedBytes(), peakLiveBytes, allocations, cacheHits,
                deviceMallocs, deviceFrees);
    }

    /** @return whether {@link #close} was called */
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the CUDA backend was closed; its memory can no longer be used");
        }
    }

    /** Frees every segment, live or cached; blocks still held become unusable. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        drainPending();
        closed = true;
        for (Segment s : generalSegments) {
            memory.free(s.address);
            deviceFrees++;
        }
        generalSegments.clear();
        free.clear();
        cachedBytes = 0;
        for (PrivatePool p : new ArrayList<>(pools)) {
            for (Segment s : p.all) {
                memory.free(s.address);
                deviceFrees++;
            }
            p.all.clear();
            p.closed = true;
        }
        pools.clear();
        Iterator<Block> it = pending.iterator();
        while (it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
