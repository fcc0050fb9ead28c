package dev.graft.runtime.cpu;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code float[]} arrays given back through {@link CpuBackend#release}, kept by exact length for the next
 * allocation of that length: a backward pass frees a gradient buffer and allocates one of the same size a few
 * kernels later, so the array it gets is still in cache and is not zero-filled again by the JVM.
 *
 * <p>At most {@code capacityFloats} elements are kept; arrays beyond that are left to the garbage collector.
 * With {@code poison} set, every array handed out for overwriting is filled with NaN first, so that a kernel
 * that reads an element it did not write is caught by the tests. Not thread-safe: a backend instance is used
 * from one thread at a time.
 */
final class FreeArrays {
    /** Arrays shorter than this are cheap to allocate and are not kept. */
    static final int MIN_KEPT = 4096;

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final long capacityFloats;
    private final boolean poison;
    private long keptFloats;

    FreeArrays(long capacityFloats, boolean poison) {
        this.capacityFloats = capacityFloats;
        this.poison = poison;
    }

    /**
     * @return free lists holding up to a quarter of the maximum heap (a training step in a TensorScope gives back
     *     all of its activations); poisoning when {@code graft.cpu.poison} is set
     */
    static FreeArrays forHeap() {
        return new FreeArrays(Runtime.getRuntime().maxMemory() / 4 / Float.BYTES, Boolean.getBoolean("graft.cpu.poison"));
    }

    /** @return a zero-filled array of {@code size} elements */
    float[] zeroed(int size) {
        float[] a = take(size);
        if (a == null) {
            return new float[size];
        }
        Arrays.fill(a, 0f);
        return a;
    }

    /** @return an array of {@code size} elements with unspecified contents (NaN when poisoning) */
    float[] forOverwrite(int size) {
        float[] a = take(size);
        if (a == null) {
            a = new float[size];
        }
        if (poison) {
            Arrays.fill(a, Float.NaN);
        }
        return a;
    }

    /** Keeps an array that its owner will not touch again. */
    void give(float[] a) {
        if (a.length < MIN_KEPT || keptFloats + a.length > capacityFloats) {
            return;
        }
        free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
        keptFloats += a.length;
    }

    /** Drops every kept array. */
    void clear() {
        free.clear();
        keptFloats = 0;
    }

    private float[] take(int size) {
        if (size < MIN_KEPT) {
            return null;
        }
        ArrayDeque<float[]> q = free.get(size);
        float[] a = q == null ? null : q.poll();
        if (a != null) {
            keptFloats -= size;
        }
        return a;
    }
}
