package dev.graft.runtime.cpu;

/**
 * An n-dimensional iteration over two strided operands with its dimensions simplified: size-1
 * dimensions dropped and neighbours merged wherever both operands step through them as one
 * dimension. What remains is an outer index space of rows and one inner dimension, which kernels run
 * as a tight (usually vector) loop.
 *
 * @param outerShape sizes of the outer dimensions, row-major
 * @param outerA     strides of operand A over the outer dimensions
 * @param outerB     strides of operand B over the outer dimensions
 * @param inner      size of the inner dimension (1 for a scalar)
 * @param innerA     stride of operand A along the inner dimension
 * @param innerB     stride of operand B along the inner dimension
 */
record Layout(int[] outerShape, long[] outerA, long[] outerB, int inner, long innerA, long innerB) {

    static Layout collapse(int[] shape, long[] aStrides, long[] bStrides) {
        int rank = shape.length;
        int[] size = new int[rank];
        long[] sa = new long[rank];
        long[] sb = new long[rank];
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (r > 0 && sa[r - 1] == aStrides[d] * shape[d] && sb[r - 1] == bStrides[d] * shape[d]) {
                size[r - 1] *= shape[d];
                sa[r - 1] = aStrides[d];
                sb[r - 1] = bStrides[d];
            } else {
                size[r] = shape[d];
                sa[r] = aStrides[d];
                sb[r] = bStrides[d];
                r++;
            }
        }
        if (r == 0) {
            return new Layout(new int[0], new long[0], new long[0], 1, 0, 0);
        }
        int[] os = new int[r - 1];
        long[] oa = new long[r - 1];
        long[] ob = new long[r - 1];
        System.arraycopy(size, 0, os, 0, r - 1);
        System.arraycopy(sa, 0, oa, 0, r - 1);
        System.arraycopy(sb, 0, ob, 0, r - 1);
        return new Layout(os, oa, ob, size[r - 1], sa[r - 1], sb[r - 1]);
    }

    /** @return the number of rows (product of the outer sizes) */
    long rows() {
        long n = 1;
        for (int s : outerShape) {
            n *= s;
        }
        return n;
    }

    /** @return operand A's offset of the first element of {@code row} */
    long offsetA(long row) {
        return offset(row, outerA);
    }

    /** @return operand B's offset of the first element of {@code row} */
    long offsetB(long row) {
        return offset(row, outerB);
    }

    private long offset(long row, long[] strides) {
        long off = 0;
        long rem = row;
        for (int d = outerShape.length - 1; d >= 0; d--) {
            int s = outerShape[d];
            long i = rem % s;
            rem /= s;
            off += i * strides[d];
        }
        return off;
    }

    /** @return whether operand B (a destination) never visits an element twice */
    boolean injectiveB() {
        if (innerB == 0 && inner > 1) {
            return false;
        }
        for (int d = 0; d < outerShape.length; d++) {
            if (outerB[d] == 0) {
                return false;
            }
        }
        return true;
    }
}
