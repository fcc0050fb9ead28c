package dev.graft.api.tensor;

import java.util.Arrays;

/**
 * How two operands broadcast to an output shape, as element strides per output dimension (0 where
 * an operand is broadcast along that dimension).
 *
 * @param shape    the output shape
 * @param aStrides strides of the first operand, one per output dimension
 * @param bStrides strides of the second operand, one per output dimension
 */
public record Broadcast(int[] shape, long[] aStrides, long[] bStrides) {
    public Broadcast {
        if (aStrides.length != shape.length || bStrides.length != shape.length) {
            throw new IllegalArgumentException("strides must have one entry per output dimension");
        }
    }

    /**
     * Computes numpy-style broadcasting of two shapes.
     *
     * @throws IllegalArgumentException naming both shapes if they do not broadcast
     */
    public static Broadcast of(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        long[] as = new long[rank];
        long[] bs = new long[rank];
        long[] ac = Shapes.strides(a);
        long[] bc = Shapes.strides(b);
        for (int d = 0; d < rank; d++) {
            int ia = d - (rank - a.length);
            int ib = d - (rank - b.length);
            int da = ia >= 0 ? a[ia] : 1;
            int db = ib >= 0 ? b[ib] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast (dimension " + d + ": " + da + " vs " + db + ")");
            }
            out[d] = Math.max(da, db);
            as[d] = (ia >= 0 && da != 1) ? ac[ia] : 0;
            bs[d] = (ib >= 0 && db != 1) ? bc[ib] : 0;
        }
        return new Broadcast(out, as, bs);
    }

    /** @return number of output elements */
    public long size() {
        return Shapes.numel(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Broadcast other && Arrays.equals(shape, other.shape)
                && Arrays.equals(aStrides, other.aStrides) && Arrays.equals(bStrides, other.bStrides);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(aStrides) * 7 + Arrays.hashCode(bStrides);
    }

    @Override
    public String toString() {
        return "Broadcast" + Arrays.toString(shape);
    }
}
