package dev.graft.api.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the tensor layer and backends. */
public final class Shapes {
    private Shapes() {
    }

    /** @return the number of elements of a shape (1 for a scalar) */
    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** @return row-major contiguous element strides of a shape */
    public static long[] strides(int[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    /** @return the shape as {@code [a, b, c]} */
    public static String toString(int[] shape) {
        return Arrays.toString(shape);
    }

    /**
     * Normalises a possibly negative axis.
     *
     * @throws IllegalArgumentException if the axis is out of range for the rank
     */
    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }
}
