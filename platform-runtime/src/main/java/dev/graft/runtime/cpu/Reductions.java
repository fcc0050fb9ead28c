package dev.graft.runtime.cpu;

import dev.graft.api.tensor.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.List;

/**
 * Reductions: along one axis, to a broadcast shape, argmax and dot products. Sums accumulate in
 * float vectors in blocks ({@link #BLOCK} elements per lane before the block is added to the running
 * total), so the rounding error grows with {@code BLOCK + n/BLOCK} rather than {@code n}. Every output
 * is reduced by one task in a fixed order, and long single reductions are cut into chunks whose
 * bounds depend only on the length, so results do not depend on the thread count.
 */
final class Reductions {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows per accumulation block. */
    static final int BLOCK = 64;
    /** Elements per chunk of a long contiguous reduction. */
    static final int CHUNK = 1 << 15;
    private static final int GRAIN = 1 << 15;

    private final WorkerPool pool;

    Reductions(WorkerPool pool) {
        this.pool = pool;
    }

    /** Reduces the middle axis of {@code x [outer, reduced, inner]} into {@code out [outer, inner]}. */
    void reduce(ReduceOp op, float[] x, int outer, int reduced, int inner, float[] out) {
        if (outer == 0 || inner == 0) {
            return;
        }
        if (inner == 1) {
            if (outer == 1 && reduced > 2 * CHUNK) {
                out[0] = finish(op, reduceLong(op, x, 0, reduced), reduced);
                return;
            }
            int grainRows = Math.max(1, GRAIN / Math.max(1, reduced));
            pool.range(outer, grainRows, (lo, hi) -> {
                for (int o = lo; o < hi; o++) {
                    out[o] = finish(op, reduceContiguous(op, x, o * reduced, reduced), reduced);
                }
            });
            return;
        }
        // Columns: vectors run along inner, the reduced axis is walked row by row.
        int colChunk = Math.max(L, Math.min(inner, 256) / L * L);
        int chunksPerRow = (inner + colChunk - 1) / colChunk;
        long work = (long) outer * reduced * inner;
        int tasks = outer * chunksPerRow;
        WorkerPool.Body body = (t, w) -> {
            int o = t / chunksPerRow;
            int c0 = (t % chunksPerRow) * colChunk;
            int c1 = Math.min(inner, c0 + colChunk);
            reduceColumns(op, x, o * reduced * inner, reduced, inner, c0, c1, out, o * inner);
        };
        if (work < GRAIN) {
            for (int t = 0; t < tasks; t++) {
                body.run(t, 0);
            }
        } else {
            pool.run(tasks, body);
        }
    }

    private static float finish(ReduceOp op, float acc, int reduced) {
        return op == ReduceOp.MEAN ? acc / reduced : acc;
    }

    /** Reduces a long contiguous range in fixed chunks, combined in chunk order. */
    private float reduceLong(ReduceOp op, float[] x, int off, int len) {
        int chunks = (len + CHUNK - 1) / CHUNK;
        float[] partial = new float[chunks];
        pool.run(chunks, (c, w) -> {
            int lo = c * CHUNK;
            int hi = Math.min(len, lo + CHUNK);
            partial[c] = reduceContiguous(op, x, off + lo, hi - lo);
        });
        float acc = partial[0];
        for (int c = 1; c < chunks; c++) {
            acc = combine(op, acc, partial[c]);
        }
        return acc;
    }

    private static float combine(ReduceOp op, float a, float b) {
        return switch (op) {
            case SUM, MEAN -> a + b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }

    /** SUM (or MEAN's sum), MAX or MIN of {@code x[off, off+len)}. */
    static float reduceContiguous(ReduceOp op, float[] x, int off, int len) {
        return switch (op) {
            case SUM, MEAN -> sum(x, off, len);
            case MAX -> max(x, off, len);
            case MIN -> min(x, off, len);
        };
    }

    /** The largest element of {@code x[off, off+len)} (−inf if empty, NaN if any is NaN). */
    static float max(float[] x, int off, int len) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int end = S.loopBound(len); i < end; i += L) {
            acc = acc.max(FloatVector.fromArray(S, x, off + i));
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            acc = acc.max(FloatVector.broadcast(S, Float.NEGATIVE_INFINITY).blend(FloatVector.fromArray(S, x, off + i, m), m));
        }
        return acc.reduceLanes(VectorOperators.MAX);
    }

    /** The smallest element of {@code x[off, off+len)} (+inf if empty, NaN if any is NaN). */
    static float min(float[] x, int off, int len) {
        FloatVector acc = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        int i = 0;
        for (int end = S.loopBound(len); i < end; i += L) {
            acc = acc.min(FloatVector.fromArray(S, x, off + i));
        }
        if (i < len) {
            VectorMask<Float> m = S.indexInRange(i, len);
            acc = acc.min(FloatVector.broadcast(S, Float.POSITIVE_INFINITY).blend(FloatVector.fromArray(S, x, off + i, m), m));
        }
        return acc.reduceLanes(VectorOperators.MIN);
    }

    /** Blocked float sum of {@code x[off, off+len)} with a fixed lane-combination order. */
    static float sum(float[] x, int off, int len) {
        FloatVector total = FloatVector.zero(S);
        int i = 0;
        int end = S.loopBound(len);
        int blockElems = BLOCK * 4 * L;
        while (i < end) {
            int blockEnd = Math.min(end, i + blockElems);
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            for (; i + 4 * L <= blockEnd; i += 4 * L) {
                a0 = a0.add(FloatVector.fromArray(S, x, off + i));
                a1 = a1.add(FloatVector.fromArray(S, x, off + i + L));
                a2 = a2.add(FloatVector.fromArray(S, x, off + i + 2 * L));
                a3 = a3.add(FloatVector.fromArray(S, x, off + i + 3 * L));
            }
            for (; i < blockEnd; i += L) {
                a0 = a0.add(FloatVector.fromArray(S, x, off + i));
            }
            total = total.add(a0.add(a1).add(a2.add(a3)));
        }
        if (i < len) {
            total = total.add(FloatVector.fromArray(S, x, off + i, S.indexInRange(i, len)));
        }
        return horizontalSum(total);
    }

    private static final VectorShuffle<Float> SWAP8 = L >= 16 ? VectorShuffle.fromOp(S, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> SWAP4 = L >= 8 ? VectorShuffle.fromOp(S, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> SWAP2 = L >= 4 ? VectorShuffle.fromOp(S, i -> i ^ 2) : null;
    private static final VectorShuffle<Float> SWAP1 = L >= 2 ? VectorShuffle.fromOp(S, i -> i ^ 1) : null;

    /**
     * Sums the lanes of a vector as a fixed pairwise tree (lane i with lane i+8, then i+4, ...). The Vector
     * API leaves the order of {@code reduceLanes(ADD)} open, so its compiled and interpreted forms may
     * round differently; rearranges and adds are exact operations in both.
     */
    static float horizontalSum(FloatVector v) {
        if (L > 16) {
            float[] lanes = v.toArray();
            return pairwise(lanes, 0, L);
        }
        FloatVector t = v;
        if (L >= 16) {
            t = t.add(t.rearrange(SWAP8));
        }
        if (L >= 8) {
            t = t.add(t.rearrange(SWAP4));
        }
        if (L >= 4) {
            t = t.add(t.rearrange(SWAP2));
        }
        if (L >= 2) {
            t = t.add(t.rearrange(SWAP1));
        }
        return t.lane(0);
    }

    private static float pairwise(float[] a, int lo, int n) {
        if (n == 1) {
            return a[lo];
        }
        int h = n / 2;
        return pairwise(a, lo, h) + pairwise(a, lo + h, n - h);
    }

    /** Reduces columns {@code [c0, c1)} of the {@code [reduced, inner]} block at {@code base} into {@code out[oo + c]}. */
    private static void reduceColumns(ReduceOp op, float[] x, int base, int reduced, int inner, int c0, int c1,
                                      float[] out, int oo) {
        for (int c = c0; c < c1; c += L) {
            VectorMask<Float> m = S.indexInRange(c, c1);
            FloatVector total;
            switch (op) {
                case SUM, MEAN -> {
                    total = FloatVector.zero(S);
                    for (int r0 = 0; r0 < reduced; r0 += BLOCK) {
                        int r1 = Math.min(reduced, r0 + BLOCK);
                        FloatVector acc = FloatVector.zero(S);
                        for (int r = r0; r < r1; r++) {
                            acc = acc.add(FloatVector.fromArray(S, x, base + r * inner + c, m));
                        }
                        total = total.add(acc);
                    }
                    if (op == ReduceOp.MEAN) {
                        total = total.div((float) reduced);
                    }
                }
                case MAX -> {
                    total = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                    for (int r = 0; r < reduced; r++) {
                        total = total.max(FloatVector.fromArray(S, x, base + r * inner + c, m));
                    }
                }
                default -> {
                    total = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
                    for (int r = 0; r < reduced; r++) {
                        total = total.min(FloatVector.fromArray(S, x, base + r * inner + c, m));
                    }
                }
            }
            total.intoArray(out, oo + c, m);
        }
    }

    /** Index of the first largest element of each row (NaN-free rows vectorised; rows with NaN scanned like the reference). */
    void argmax(float[] x, int rows, int cols, int[] out) {
        int grainRows = Math.max(1, GRAIN / Math.max(1, cols));
        pool.range(rows, grainRows, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                out[r] = argmaxRow(x, r * cols, cols);
            }
        });
    }

    private static int argmaxRow(float[] x, int off, int cols) {
        if (cols == 0) {
            return 0;
        }
        float max = max(x, off, cols);
        if (!Float.isNaN(max)) {
            int i = 0;
            FloatVector mv = FloatVector.broadcast(S, max);
            for (int end = S.loopBound(cols); i < end; i += L) {
                VectorMask<Float> eq = FloatVector.fromArray(S, x, off + i).compare(VectorOperators.EQ, mv);
                if (eq.anyTrue()) {
                    return i + eq.firstTrue();
                }
            }
            for (; i < cols; i++) {
                if (x[off + i] == max) {
                    return i;
                }
            }
        }
        int best = 0;
        for (int c = 1; c < cols; c++) {
            if (x[off + c] > x[off + best]) {
                best = c;
            }
        }
        return best;
    }

    /** {@code Σ x·y}: float FMA partial sums per fixed chunk, chunks combined in double in order. */
    double dot(float[] x, float[] y, int n) {
        if (n == 0) {
            return 0;
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[] partial = new double[chunks];
        WorkerPool.Body body = (c, w) -> {
            int lo = c * CHUNK;
            int hi = Math.min(n, lo + CHUNK);
            partial[c] = dotRange(x, y, lo, hi);
        };
        if (chunks == 1) {
            body.run(0, 0);
        } else {
            pool.run(chunks, body);
        }
        double acc = 0;
        for (double p : partial) {
            acc += p;
        }
        return acc;
    }

    private static double dotRange(float[] x, float[] y, int lo, int hi) {
        double total = 0;
        int i = lo;
        int end = lo + S.loopBound(hi - lo);
        int blockElems = BLOCK * 2 * L;
        while (i < end) {
            int blockEnd = Math.min(end, i + blockElems);
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            for (; i + 2 * L <= blockEnd; i += 2 * L) {
                a0 = FloatVector.fromArray(S, x, i).fma(FloatVector.fromArray(S, y, i), a0);
                a1 = FloatVector.fromArray(S, x, i + L).fma(FloatVector.fromArray(S, y, i + L), a1);
            }
            for (; i < blockEnd; i += L) {
                a0 = FloatVector.fromArray(S, x, i).fma(FloatVector.fromArray(S, y, i), a0);
            }
            total += horizontalSum(a0.add(a1));
        }
        for (; i < hi; i++) {
            total += (double) x[i] * y[i];
        }
        return total;
    }

    /**
     * Sums {@code x [xShape]} down to {@code outShape} (same rank, each dimension kept or 1). The
     * dimensions are grouped into alternating kept and summed runs; the innermost summed run is reduced
     * first, one {@link #reduce} per run, through temporary buffers.
     */
    void sumToShape(float[] x, int[] xShape, float[] out, int[] outShape) {
        List<int[]> groups = new ArrayList<>(); // {size, summed ? 1 : 0}
        for (int d = 0; d < xShape.length; d++) {
            if (xShape[d] == 1) {
                continue;
            }
            int summed = outShape[d] == 1 ? 1 : 0;
            if (!groups.isEmpty() && groups.getLast()[1] == summed) {
                groups.getLast()[0] *= xShape[d];
            } else {
                groups.add(new int[] {xShape[d], summed});
            }
        }
        long total = 1;
        for (int[] g : groups) {
            total *= g[0];
        }
        float[] cur = x;
        while (true) {
            int last = -1;
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i)[1] == 1) {
                    last = i;
                }
            }
            if (last < 0) {
                if (cur == x) {
                    System.arraycopy(x, 0, out, 0, (int) total);
                } else if (cur != out) {
                    System.arraycopy(cur, 0, out, 0, (int) total);
                }
                return;
            }
            int outer = 1;
            for (int i = 0; i < last; i++) {
                outer *= groups.get(i)[0];
            }
            int inner = 1;
            for (int i = last + 1; i < groups.size(); i++) {
                inner *= groups.get(i)[0];
            }
            int reduced = groups.get(last)[0];
            boolean more = false;
            for (int i = 0; i < last; i++) {
                more |= groups.get(i)[1] == 1;
            }
            float[] dst = more ? new float[outer * inner] : out;
            reduce(ReduceOp.SUM, cur, outer, reduced, inner, dst);
            cur = dst;
            total = (long) outer * inner;
            groups.remove(last);
            if (last > 0 && last < groups.size() && groups.get(last - 1)[1] == groups.get(last)[1]) {
                groups.get(last - 1)[0] *= groups.get(last)[0];
                groups.remove(last);
            }
        }
    }
}
