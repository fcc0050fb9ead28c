package dev.graft.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row gathers and their scatter-add backward (embedding lookup and its gradient). Indices are checked
 * before anything is written. The scatter-add is spread over column ranges, so each destination
 * element still receives its additions in index order, whatever the thread count.
 */
final class Gather {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int GRAIN = 1 << 15;
    /** Columns per scatter-add task. */
    private static final int COLUMNS = 128;

    private final WorkerPool pool;

    Gather(WorkerPool pool) {
        this.pool = pool;
    }

    private static void check(int[] idx, int n, int rows) {
        for (int r = 0; r < n; r++) {
            RowOps.checkIndex(idx[r], rows, r, "index");
        }
    }

    void indexSelect(float[] src, int outer, int srcRows, int inner, int[] idx, int n, float[] out) {
        check(idx, n, srcRows);
        int total = outer * n;
        pool.range(total, Math.max(1, GRAIN / Math.max(1, inner)), (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int o = t / n;
                int r = t % n;
                System.arraycopy(src, (o * srcRows + idx[r]) * inner, out, t * inner, inner);
            }
        });
    }

    void indexAdd(float[] grad, int outer, int dstRows, int inner, int[] idx, int n, float[] dst) {
        check(idx, n, dstRows);
        int colTasks = (inner + COLUMNS - 1) / COLUMNS;
        WorkerPool.Body body = (t, w) -> {
            int o = t / colTasks;
            int c0 = (t % colTasks) * COLUMNS;
            int c1 = Math.min(inner, c0 + COLUMNS);
            for (int r = 0; r < n; r++) {
                int d = (o * dstRows + idx[r]) * inner;
                int g = (o * n + r) * inner;
                int c = c0;
                for (int end = c0 + S.loopBound(c1 - c0); c < end; c += L) {
                    FloatVector.fromArray(S, dst, d + c).add(FloatVector.fromArray(S, grad, g + c)).intoArray(dst, d + c);
                }
                for (; c < c1; c++) {
                    dst[d + c] += grad[g + c];
                }
            }
        };
        int tasks = outer * colTasks;
        if ((long) outer * n * inner < GRAIN) {
            for (int t = 0; t < tasks; t++) {
                body.run(t, 0);
            }
        } else {
            pool.run(tasks, body);
        }
    }
}
