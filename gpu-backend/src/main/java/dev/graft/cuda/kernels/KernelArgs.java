package dev.graft.cuda.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

/**
 * The argument block of one kernel launch: each value is written at its natural alignment into a reusable
 * native buffer, and {@link #pointers()} is the {@code void*[]} that {@code cuLaunchKernel} reads (it copies
 * the values during the call, so the buffer can be reused for the next launch). Not thread-safe: one per
 * device thread.
 */
public final class KernelArgs {
    /** Bytes of argument values one launch may pass. */
    public static final int CAPACITY = 4096;
    /** Arguments one launch may pass. */
    public static final int MAX_ARGS = 64;

    private final MemorySegment values;
    private final MemorySegment pointers;
    private final long[] offsets = new long[MAX_ARGS];
    private final KernelSignatures.Kind[] kinds = new KernelSignatures.Kind[MAX_ARGS];
    private long offset;
    private int count;

    /** @param arena where the buffers live (the device thread's arena) */
    public KernelArgs(Arena arena) {
        values = arena.allocate(CAPACITY, 16);
        pointers = arena.allocate(ValueLayout.ADDRESS, MAX_ARGS);
    }

    /** Starts a new argument list. */
    public KernelArgs reset() {
        offset = 0;
        count = 0;
        return this;
    }

    private long slot(long size, long align, KernelSignatures.Kind kind) {
        if (count == MAX_ARGS) {
            throw new IllegalStateException("more than " + MAX_ARGS + " kernel arguments");
        }
        long at = (offset + align - 1) / align * align;
        if (at + size > CAPACITY) {
            throw new IllegalStateException("kernel arguments exceed " + CAPACITY + " bytes");
        }
        offsets[count] = at;
        kinds[count] = kind;
        pointers.setAtIndex(ValueLayout.ADDRESS, count, values.asSlice(at));
        count++;
        offset = at + size;
        return at;
    }

    /** Adds an {@code int}. */
    public KernelArgs i32(int v) {
        values.set(ValueLayout.JAVA_INT, slot(4, 4, KernelSignatures.Kind.I32), v);
        return this;
    }

    /** Adds a {@code long long}. */
    public KernelArgs i64(long v) {
        values.set(ValueLayout.JAVA_LONG, slot(8, 8, KernelSignatures.Kind.I64), v);
        return this;
    }

    /** Adds a {@code float}. */
    public KernelArgs f32(float v) {
        values.set(ValueLayout.JAVA_FLOAT, slot(4, 4, KernelSignatures.Kind.F32), v);
        return this;
    }

    /** Adds a device pointer (0 for {@code nullptr}). */
    public KernelArgs ptr(long address) {
        values.set(ValueLayout.JAVA_LONG, slot(8, 8, KernelSignatures.Kind.PTR), address);
        return this;
    }

    /**
     * Adds a struct passed by value.
     *
     * @param struct its bytes, laid out as the CUDA struct
     * @param align  its alignment
     */
    public KernelArgs struct(MemorySegment struct, long align) {
        KernelSignatures.Kind kind = switch ((int) struct.byteSize()) {
            case NdIter.BYTES -> KernelSignatures.Kind.ND_ITER;
            case AttentionPlan.PARAMS_BYTES -> KernelSignatures.Kind.ATTN_PARAMS;
            default -> throw new IllegalArgumentException("no kernel takes a struct of " + struct.byteSize() + " bytes");
        };
        long at = slot(struct.byteSize(), align, kind);
        MemorySegment.copy(struct, 0, values, at, struct.byteSize());
        return this;
    }

    /** @return the {@code void*[]} for {@code cuLaunchKernel} */
    public MemorySegment pointers() {
        return pointers;
    }

    /** @return the number of arguments added */
    public int count() {
        return count;
    }

    /** @return the kinds of the arguments added, in order */
    public List<KernelSignatures.Kind> kinds() {
        return Arrays.asList(Arrays.copyOf(kinds, count));
    }

    /** @return the byte offset of argument {@code i} in the value buffer */
    public long offsetOf(int i) {
        return offsets[i];
    }

    /** @return the value buffer */
    public MemorySegment values() {
        return values;
    }
}
