package dev.graft.runtime.cpu;

import dev.graft.api.tensor.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Row-wise kernels over {@code [rows, cols]} matrices: softmax and log-softmax with their backward,
 * the fused cross-entropy, layer norm and RMS norm with their backward. Rows are independent and
 * spread over the workers; the parameter gradients of the norms are summed per fixed block of
 * {@link #ROW_BLOCK} rows and the blocks combined in order, so results do not depend on the thread count.
 */
final class RowOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int GRAIN = 1 << 14;
    /** Rows per partial sum of a norm's parameter gradient. */
    static final int ROW_BLOCK = 64;

    private final WorkerPool pool;

    RowOps(WorkerPool pool) {
        this.pool = pool;
    }

    private void rows(int rows, int cols, WorkerPool.RangeBody body) {
        pool.range(rows, Math.max(1, GRAIN / Math.max(1, cols)), body);
    }

    // ---------------------------------------------------------------- softmax

    /*
     * Loops that evaluate an exponential keep one call site of it: a second inlined copy can push the
     * compiled loop past the JIT's inlining budget, after which vectors are boxed on the heap.
     */

    /** Writes {@code e^{x − max}} to {@code out} and returns its sum. */
    private static float expShifted(float[] x, int off, int cols, float max, float[] out) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < cols; i += L) {
            VectorMask<Float> m = S.indexInRange(i, cols);
            FloatVector e = VMath.expCore(FloatVector.fromArray(S, x, off + i, m).sub(max));
            e = FloatVector.zero(S).blend(e, m);
            e.intoArray(out, off + i, m);
            acc = acc.add(e);
        }
        return Reductions.horizontalSum(acc);
    }

    /** The sum of {@code e^{x − max}} without storing it. */
    private static float sumExpShifted(float[] x, int off, int cols, float max) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < cols; i += L) {
            VectorMask<Float> m = S.indexInRange(i, cols);
            FloatVector e = VMath.expCore(FloatVector.fromArray(S, x, off + i, m).sub(max));
            acc = acc.add(FloatVector.zero(S).blend(e, m));
        }
        return Reductions.horizontalSum(acc);
    }

    /** The row's log-sum-exp in double ({@code max + log Σ e^{x − max}}); −inf for an all −inf row. */
    private static double logSumExp(float[] x, int off, int cols) {
        float max = Reductions.max(x, off, cols);
        if (max == Float.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return max + Math.log(sumExpShifted(x, off, cols, max));
    }

    void softmax(float[] x, float[] out, int rows, int cols) {
        rows(rows, cols, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int off = r * cols;
                float max = Reductions.max(x, off, cols);
                float sum = expShifted(x, off, cols, max, out);
                scale(out, off, cols, 1f / sum);
            }
        });
    }

    private static void scale(float[] a, int off, int n, float s) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, a, off + i).mul(s).intoArray(a, off + i);
        }
        for (; i < n; i++) {
            a[off + i] *= s;
        }
    }

    void softmaxBackward(float[] y, float[] gy, float[] gx, int rows, int cols) {
        rows(rows, cols, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int off = r * cols;
                float dot = dotRow(y, gy, off, cols);
                FloatVector dv = FloatVector.broadcast(S, dot);
                int i = 0;
                for (int end = S.loopBound(cols); i < end; i += L) {
                    FloatVector yv = FloatVector.fromArray(S, y, off + i);
                    yv.mul(FloatVector.fromArray(S, gy, off + i).sub(dv)).intoArray(gx, off + i);
                }
                for (; i < cols; i++) {
                    gx[off + i] = y[off + i] * (gy[off + i] - dot);
                }
            }
        });
    }

    private static float dotRow(float[] a, float[] b, int off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            acc = FloatVector.fromArray(S, a, off + i).fma(FloatVector.fromArray(S, b, off + i), acc);
        }
        float s = Reductions.horizontalSum(acc);
        for (; i < n; i++) {
            s += a[off + i] * b[off + i];
        }
        return s;
    }

    void logSoftmax(float[] x, float[] out, int rows, int cols) {
        rows(rows, cols, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int off = r * cols;
                float lse = (float) logSumExp(x, off, cols);
                FloatVector lv = FloatVector.broadcast(S, lse);
                int i = 0;
                for (int end = S.loopBound(cols); i < end; i += L) {
                    FloatVector.fromArray(S, x, off + i).sub(lv).intoArray(out, off + i);
                }
                for (; i < cols; i++) {
                    out[off + i] = x[off + i] - lse;
                }
            }
        });
    }

    void logSoftmaxBackward(float[] y, float[] gy, float[] gx, int rows, int cols) {
        rows(rows, cols, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int off = r * cols;
                float sum = Reductions.sum(gy, off, cols);
                FloatVector sv = FloatVector.broadcast(S, sum);
                int i = 0;
                for (; i < cols; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, cols);
                    FloatVector e = VMath.exp(FloatVector.fromArray(S, y, off + i, m));
                    FloatVector.fromArray(S, gy, off + i, m).sub(e.mul(sv)).intoArray(gx, off + i, m);
                }
            }
        });
    }

    // ---------------------------------------------------------------- cross-entropy

    void crossEntropy(float[] x, int[] targets, int rows, int cols, int ignoreIndex, float smoothing,
                      float[] loss, float[] lse) {
        rows(rows, cols, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int off = r * cols;
                double l = logSumExp(x, off, cols);
                lse[r] = (float) l;
                int t = targets[r];
                if (t == ignoreIndex) {
                    loss[r] = 0f;
                    continue;
                }
                checkIndex(t, cols, r, "target");
                double nll = l - x[off + t];
                if (smoothing != 0f) {
                    double mean = (double) Reductions.sum(x, off, cols) / cols;
                    nll = (1.0 - smoothing) * nll + smoothing * (l - mean);
                }
                loss[r] = (float) nll;
            }
        });
    }

    void crossEntropyBackward(float[] x, float[] lse, int[] targets, int rows, int cols, int ignoreIndex,
                              float smoothing, float scale, float[] grad) {
        float uniform = smoothing / cols;
        rows(rows, cols, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int off = r * cols;
                int t = targets[r];
                if (t == ignoreIndex) {
                    Arrays.fill(grad, off, off + cols, 0f);
                    continue;
                }
                checkIndex(t, cols, r, "target");
                FloatVector lv = FloatVector.broadcast(S, lse[r]);
                for (int i = 0; i < cols; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, cols);
                    FloatVector p = VMath.expCore(FloatVector.fromArray(S, x, off + i, m).sub(lv));
                    p.sub(uniform).mul(scale).intoArray(grad, off + i, m);
                }
                float pt = (float) Math.exp(x[off + t] - lse[r]);
                grad[off + t] = scale * (pt - (1f - smoothing + uniform));
            }
        });
    }

    static void checkIndex(int t, int cols, int row, String what) {
        if (t < 0 || t >= cols) {
            throw new IllegalArgumentException(what + " " + t + " at row " + row + " is outside [0, " + cols + ")");
        }
    }

    // ---------------------------------------------------------------- layer norm

    void layerNorm(float[] x, float[] gamma, float[] beta, int rows, int cols, float eps, float[] out,
                   float[] mean, float[] rstd) {
        rows(rows, cols, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int off = r * cols;
                float mu = Reductions.sum(x, off, cols) / cols;
                FloatVector mv = FloatVector.broadcast(S, mu);
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (; i < cols; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, cols);
                    FloatVector d = FloatVector.fromArray(S, x, off + i, m).sub(mv);
                    d = FloatVector.zero(S).blend(d, m);
                    acc = d.fma(d, acc);
                }
                float var = Reductions.horizontalSum(acc) / cols;
                float rs = (float) (1.0 / Math.sqrt((double) var + eps));
                mean[r] = mu;
                rstd[r] = rs;
                for (i = 0; i < cols; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, cols);
                    FloatVector xh = FloatVector.fromArray(S, x, off + i, m).sub(mv).mul(rs);
                    FloatVector g = FloatVector.fromArray(S, gamma, i, m);
                    FloatVector y = beta == null ? xh.mul(g) : xh.fma(g, FloatVector.fromArray(S, beta, i, m));
                    y.intoArray(out, off + i, m);
                }
            }
        });
    }

    void layerNormBackward(float[] x, float[] gamma, float[] mean, float[] rstd, float[] gy, int rows, int cols,
                           float[] gx, float[] gGamma, float[] gBeta) {
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        boolean params = gGamma != null || gBeta != null;
        float[] pg = params ? new float[blocks * cols] : null;
        float[] pb = params ? new float[blocks * cols] : null;
        WorkerPool.Body body = (blk, w) -> {
            int r0 = blk * ROW_BLOCK;
            int r1 = Math.min(rows, r0 + ROW_BLOCK);
            int po = blk * cols;
            for (int r = r0; r < r1; r++) {
                int off = r * cols;
                FloatVector mv = FloatVector.broadcast(S, mean[r]);
                float rs = rstd[r];
                FloatVector sg = FloatVector.zero(S);
                FloatVector sgx = FloatVector.zero(S);
                for (int i = 0; i < cols; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, cols);
                    FloatVector xh = FloatVector.fromArray(S, x, off + i, m).sub(mv).mul(rs);
                    FloatVector gyv = FloatVector.fromArray(S, gy, off + i, m);
                    FloatVector g = gyv.mul(FloatVector.fromArray(S, gamma, i, m));
                    sg = sg.add(g);
                    sgx = g.fma(xh, sgx);
                    if (params) {
                        gyv.fma(xh, FloatVector.fromArray(S, pg, po + i, m)).intoArray(pg, po + i, m);
                        gyv.add(FloatVector.fromArray(S, pb, po + i, m)).intoArray(pb, po + i, m);
                    }
                }
                float a = Reductions.horizontalSum(sg) / cols;
                float b = Reductions.horizontalSum(sgx) / cols;
                for (int i = 0; i < cols; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, cols);
                    FloatVector xh = FloatVector.fromArray(S, x, off + i, m).sub(mv).mul(rs);
                    FloatVector g = FloatVector.fromArray(S, gy, off + i, m).mul(FloatVector.fromArray(S, gamma, i, m));
                    g.sub(a).sub(xh.mul(b)).mul(rs).intoArray(gx, off + i, m);
                }
            }
        };
        runBlocks(blocks, rows, cols, body);
        if (gGamma != null) {
            addBlocks(pg, blocks, cols, gGamma);
        }
        if (gBeta != null) {
            addBlocks(pb, blocks, cols, gBeta);
        }
    }

    private void runBlocks(int blocks, int rows, int cols, WorkerPool.Body body) {
        if ((long) rows * cols < GRAIN) {
            for (int b = 0; b < blocks; b++) {
                body.run(b, 0);
            }
        } else {
            pool.run(blocks, body);
        }
    }

    /** {@code dst[c] += Σ_b partial[b, c]}, blocks summed in order. */
    private static void addBlocks(float[] partial, int blocks, int cols, float[] dst) {
        for (int i = 0; i < cols; i += L) {
            VectorMask<Float> m = S.indexInRange(i, cols);
            FloatVector acc = FloatVector.fromArray(S, partial, i, m);
            for (int b = 1; b < blocks; b++) {
                acc = acc.add(FloatVector.fromArray(S, partial, b * cols + i, m));
            }
            FloatVector.fromArray(S, dst, i, m).add(acc).intoArray(dst, i, m);
        }
    }

    // ---------------------------------------------------------------- RMS norm

    void rmsNorm(float[] x, float[] gamma, int rows, int cols, float eps, float[] out, float[] rstd) {
        rows(rows, cols, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int off = r * cols;
                FloatVector acc = FloatVector.zero(S);
                for (int i = 0; i < cols; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, cols);
                    FloatVector v = FloatVector.fromArray(S, x, off + i, m);
                    acc = v.fma(v, acc);
                }
                float ms = Reductions.horizontalSum(acc) / cols;
                float rs = (float) (1.0 / Math.sqrt((double) ms + eps));
                rstd[r] = rs;
                for (int i = 0; i < cols; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, cols);
                    FloatVector.fromArray(S, x, off + i, m).mul(rs).mul(FloatVector.fromArray(S, gamma, i, m))
                            .intoArray(out, off + i, m);
                }
            }
        });
    }

    void rmsNormBackward(float[] x, float[] gamma, float[] rstd, float[] gy, int rows, int cols, float[] gx,
                         float[] gGamma) {
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        float[] pg = gGamma != null ? new float[blocks * cols] : null;
        WorkerPool.Body body = (blk, w) -> {
            int r0 = blk * ROW_BLOCK;
            int r1 = Math.min(rows, r0 + ROW_BLOCK);
            int po = blk * cols;
            for (int r = r0; r < r1; r++) {
                int off = r * cols;
                float rs = rstd[r];
                FloatVector acc = FloatVector.zero(S);
                for (int i = 0; i < cols; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, cols);
                    FloatVector xv = FloatVector.fromArray(S, x, off + i, m);
                    FloatVector gyv = FloatVector.fromArray(S, gy, off + i, m);
                    acc = gyv.mul(FloatVector.fromArray(S, gamma, i, m)).fma(xv, acc);
                    if (pg != null) {
                        gyv.mul(xv).fma(FloatVector.broadcast(S, rs), FloatVector.fromArray(S, pg, po + i, m)).intoArray(pg, po + i, m);
                    }
                }
                float sum = Reductions.horizontalSum(acc);
                float c = rs * rs * rs * sum / cols;
                for (int i = 0; i < cols; i += L) {
                    VectorMask<Float> m = S.indexInRange(i, cols);
                    FloatVector xv = FloatVector.fromArray(S, x, off + i, m);
                    FloatVector g = FloatVector.fromArray(S, gy, off + i, m).mul(FloatVector.fromArray(S, gamma, i, m));
                    g.mul(rs).sub(xv.mul(c)).intoArray(gx, off + i, m);
                }
            }
        };
        runBlocks(blocks, rows, cols, body);
        if (gGamma != null) {
            addBlocks(pg, blocks, cols, gGamma);
        }
    }
}
