package dev.graft.runtime.cpu;

import dev.graft.api.tensor.Shapes;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Strided n-dimensional copies and accumulations (permute, slice, concat, broadcast materialisation
 * and their backward). Dimensions are collapsed first; a contiguous inner dimension runs as
 * {@link System#arraycopy} or a vector add. Rows are spread over the workers unless the destination
 * visits an element twice (a broadcast destination), where the order of the writes defines the result.
 */
final class Strided {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int GRAIN = 1 << 15;

    private final WorkerPool pool;

    Strided(WorkerPool pool) {
        this.pool = pool;
    }

    void copy(float[] src, int so, long[] ss, float[] dst, int dof, long[] ds, int[] shape) {
        run(shape, ss, ds, (lay, row, col, len) -> {
            long s = so + lay.offsetA(row) + col * lay.innerA();
            long d = dof + lay.offsetB(row) + col * lay.innerB();
            copyFloats(src, s, lay.innerA(), dst, d, lay.innerB(), len);
        });
    }

    void copyInts(int[] src, int so, long[] ss, int[] dst, int dof, long[] ds, int[] shape) {
        run(shape, ss, ds, (lay, row, col, len) -> {
            long s = so + lay.offsetA(row) + col * lay.innerA();
            long d = dof + lay.offsetB(row) + col * lay.innerB();
            long sa = lay.innerA();
            long sb = lay.innerB();
            if (sa == 1 && sb == 1) {
                System.arraycopy(src, (int) s, dst, (int) d, len);
            } else {
                for (int i = 0; i < len; i++) {
                    dst[(int) (d + i * sb)] = src[(int) (s + i * sa)];
                }
            }
        });
    }

    void add(float[] src, int so, long[] ss, float[] dst, int dof, long[] ds, int[] shape) {
        run(shape, ss, ds, (lay, row, col, len) -> {
            long s = so + lay.offsetA(row) + col * lay.innerA();
            long d = dof + lay.offsetB(row) + col * lay.innerB();
            addFloats(src, s, lay.innerA(), dst, d, lay.innerB(), len);
        });
    }

    @FunctionalInterface
    private interface Segment {
        void run(Layout lay, long row, int col, int len);
    }

    private void run(int[] shape, long[] ss, long[] ds, Segment seg) {
        long total = Shapes.numel(shape);
        if (total == 0) {
            return;
        }
        Layout lay = Layout.collapse(shape, ss, ds);
        int inner = lay.inner();
        int n = Math.toIntExact(total);
        WorkerPool.RangeBody body = (lo, hi) -> {
            int i = lo;
            while (i < hi) {
                long row = i / inner;
                int col = (int) (i - row * inner);
                int len = Math.min(inner - col, hi - i);
                seg.run(lay, row, col, len);
                i += len;
            }
        };
        if (lay.injectiveB()) {
            pool.range(n, GRAIN, body);
        } else {
            body.run(0, n);
        }
    }

    static void copyFloats(float[] src, long s, long sa, float[] dst, long d, long sb, int len) {
        if (sa == 1 && sb == 1) {
            System.arraycopy(src, (int) s, dst, (int) d, len);
        } else if (sa == 0) {
            float v = src[(int) s];
            for (int i = 0; i < len; i++) {
                dst[(int) (d + i * sb)] = v;
            }
        } else {
            for (int i = 0; i < len; i++) {
                dst[(int) (d + i * sb)] = src[(int) (s + i * sa)];
            }
        }
    }

    static void addFloats(float[] src, long s, long sa, float[] dst, long d, long sb, int len) {
        if (sa == 1 && sb == 1) {
            int si = (int) s;
            int di = (int) d;
            int i = 0;
            for (int end = S.loopBound(len); i < end; i += L) {
                FloatVector.fromArray(S, dst, di + i).add(FloatVector.fromArray(S, src, si + i)).intoArray(dst, di + i);
            }
            for (; i < len; i++) {
                dst[di + i] += src[si + i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                dst[(int) (d + i * sb)] += src[(int) (s + i * sa)];
            }
        }
    }
}
