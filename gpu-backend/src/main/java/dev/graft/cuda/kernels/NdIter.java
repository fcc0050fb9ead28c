package dev.graft.cuda.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional iteration over up to three operands, as the CUDA {@code struct NdIter} of
 * {@code common.cuh}: element strides per operand and dimension, the shape and the rank. Dimensions are
 * first coalesced (neighbours that every operand walks contiguously become one), so most calls end with rank
 * 1 or 2; at most {@link #MAX_RANK} dimensions remain.
 *
 * @param shape   the iteration shape after coalescing
 * @param strides one stride array per operand, each as long as {@code shape}
 */
public record NdIter(int[] shape, long[][] strides) {
    /** The CUDA struct's dimension limit. */
    public static final int MAX_RANK = 8;
    /** Bytes of the CUDA struct. */
    public static final int BYTES = 232;
    /** Offset of {@code shape} in the struct. */
    public static final int SHAPE_OFFSET = 192;
    /** Offset of {@code rank} in the struct. */
    public static final int RANK_OFFSET = 224;

    /**
     * Builds the iteration, dropping size-1 dimensions and merging contiguous neighbours.
     *
     * @param shape   the iteration shape
     * @param strides element strides of each operand (one to three), each with one entry per dimension
     * @return the coalesced iteration
     * @throws IllegalArgumentException if more than {@link #MAX_RANK} dimensions remain
     */
    public static NdIter of(int[] shape, long[]... strides) {
        if (strides.length < 1 || strides.length > 3) {
            throw new IllegalArgumentException("an NdIter has one to three operands, got " + strides.length);
        }
        for (long[] s : strides) {
            if (s.length != shape.length) {
                throw new IllegalArgumentException("strides " + Arrays.toString(s) + " do not match shape "
                        + Arrays.toString(shape));
            }
        }
        List<Integer> dims = new ArrayList<>();
        List<long[]> st = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            long[] col = new long[strides.length];
            for (int o = 0; o < strides.length; o++) {
                col[o] = strides[o][d];
            }
            if (!dims.isEmpty()) {
                int last = dims.size() - 1;
                long[] prev = st.get(last);
                boolean mergeable = true;
                for (int o = 0; o < strides.length; o++) {
                    if (prev[o] != col[o] * shape[d]) {
                        mergeable = false;
                        break;
                    }
                }
                if (mergeable) {
                    dims.set(last, Math.multiplyExact(dims.get(last), shape[d]));
                    st.set(last, col);
                    continue;
                }
            }
            dims.add(shape[d]);
            st.add(col);
        }
        if (dims.size() > MAX_RANK) {
            throw new IllegalArgumentException("iteration over shape " + Arrays.toString(shape) + " keeps "
                    + dims.size() + " dimensions after merging contiguous ones; the CUDA kernels take at most "
                    + MAX_RANK);
        }
        int rank = dims.size();
        int[] outShape = new int[rank];
        long[][] outStrides = new long[strides.length][rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = dims.get(d);
            for (int o = 0; o < strides.length; o++) {
                outStrides[o][d] = st.get(d)[o];
            }
        }
        return new NdIter(outShape, outStrides);
    }

    /** @return the number of elements iterated */
    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Writes the CUDA struct ({@link #BYTES} bytes) at the start of {@code dst}. */
    public void pack(MemorySegment dst) {
        dst.asSlice(0, BYTES).fill((byte) 0);
        for (int o = 0; o < strides.length; o++) {
            for (int d = 0; d < shape.length; d++) {
                dst.set(ValueLayout.JAVA_LONG, (o * MAX_RANK + d) * 8L, strides[o][d]);
            }
        }
        for (int d = 0; d < shape.length; d++) {
            dst.set(ValueLayout.JAVA_INT, SHAPE_OFFSET + d * 4L, shape[d]);
        }
        dst.set(ValueLayout.JAVA_INT, RANK_OFFSET, shape.length);
    }

    /**
     * The element offsets of linear index {@code e}, computed as the CUDA {@code nd_offsets} does (tests
     * use it to check the coalescing against the plain definition).
     */
    public long[] offsets(long e) {
        long[] off = new long[strides.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            long i = e % shape[d];
            e /= shape[d];
            for (int o = 0; o < strides.length; o++) {
                off[o] += i * strides[o][d];
            }
        }
        return off;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdIter n && Arrays.equals(shape, n.shape) && Arrays.deepEquals(strides, n.strides);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.deepHashCode(strides);
    }

    @Override
    public String toString() {
        return "NdIter" + Arrays.toString(shape) + Arrays.deepToString(strides);
    }
}
