package dev.graft.runtime.cpu;

import dev.graft.api.tensor.AdamWStep;
import dev.graft.api.tensor.BinaryOp;
import dev.graft.api.tensor.Broadcast;
import dev.graft.api.tensor.CounterRng;
import dev.graft.api.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels: unary maths and derivatives, affine maps, broadcasting binary operations,
 * dropout and the fused AdamW step. Work is cut into fixed chunks of {@link #GRAIN} elements (a
 * multiple of the vector length), so every element is computed by the same instructions whatever
 * the thread count.
 */
final class Elementwise {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Elements per parallel chunk. */
    static final int GRAIN = 1 << 15;

    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector MINUS_ONE = FloatVector.broadcast(S, -1f);
    private static final FloatVector HALF = FloatVector.broadcast(S, 0.5f);
    private static final FloatVector MINUS_HALF = FloatVector.broadcast(S, -0.5f);

    private final WorkerPool pool;

    Elementwise(WorkerPool pool) {
        this.pool = pool;
    }

    void unary(UnaryOp op, float[] x, float[] out, int n) {
        pool.range(n, GRAIN, (lo, hi) -> unaryRange(op, x, out, lo, hi));
    }

    void unaryBackward(UnaryOp op, float[] x, float[] gradOut, float[] gradIn, int n) {
        pool.range(n, GRAIN, (lo, hi) -> unaryBackwardRange(op, x, gradOut, gradIn, lo, hi));
    }

    /** {@code out = alpha·x + beta}, rounded as {@code (alpha·x) + beta} like the reference. */
    void affine(float[] x, float alpha, float beta, float[] out, int n) {
        pool.range(n, GRAIN, (lo, hi) -> {
            int i = lo;
            for (int end = lo + S.loopBound(hi - lo); i < end; i += L) {
                FloatVector.fromArray(S, x, i).mul(alpha).add(beta).intoArray(out, i);
            }
            for (; i < hi; i++) {
                out[i] = alpha * x[i] + beta;
            }
        });
    }

    /** {@code y += alpha·x}, rounded as {@code y + (alpha·x)} like the reference. */
    void axpy(float alpha, float[] x, float[] y, int n) {
        pool.range(n, GRAIN, (lo, hi) -> {
            int i = lo;
            for (int end = lo + S.loopBound(hi - lo); i < end; i += L) {
                FloatVector.fromArray(S, y, i).add(FloatVector.fromArray(S, x, i).mul(alpha)).intoArray(y, i);
            }
            for (; i < hi; i++) {
                y[i] += alpha * x[i];
            }
        });
    }

    void fill(float[] dst, int offset, int length, float value) {
        pool.range(length, GRAIN * 4, (lo, hi) -> java.util.Arrays.fill(dst, offset + lo, offset + hi, value));
    }

    // ---------------------------------------------------------------- binary

    /** The scalar definition of every binary op (identical to the vector forms below). */
    static float scalar(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case EQ -> x == y ? 1f : 0f;
            case GT -> x > y ? 1f : 0f;
            case LT -> x < y ? 1f : 0f;
        };
    }

    static FloatVector vector(BinaryOp op, FloatVector x, FloatVector y) {
        return switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAX -> x.max(y);
            case MIN -> x.min(y);
            case EQ -> ZERO.blend(ONE, x.compare(VectorOperators.EQ, y));
            case GT -> ZERO.blend(ONE, x.compare(VectorOperators.GT, y));
            case LT -> ZERO.blend(ONE, x.compare(VectorOperators.LT, y));
        };
    }

    /**
     * Broadcasting binary op. Dimensions are collapsed where both operands are contiguous (or both
     * broadcast) across them; the innermost dimension then runs as a vector loop for operand strides
     * 1 (contiguous) or 0 (broadcast scalar), and as a scalar loop otherwise.
     */
    void binary(BinaryOp op, float[] a, float[] b, float[] out, Broadcast bc) {
        Layout lay = Layout.collapse(bc.shape(), bc.aStrides(), bc.bStrides());
        long total = bc.size();
        if (total == 0) {
            return;
        }
        int inner = lay.inner();
        int n = Math.toIntExact(total);
        pool.range(n, GRAIN, (lo, hi) -> {
            int i = lo;
            while (i < hi) {
                int row = i / inner;
                int col = i - row * inner;
                int len = Math.min(inner - col, hi - i);
                long ao = lay.offsetA(row) + (long) col * lay.innerA();
                long bo = lay.offsetB(row) + (long) col * lay.innerB();
                segment(op, a, (int) ao, lay.innerA(), b, (int) bo, lay.innerB(), out, i, len);
                i += len;
            }
        });
    }

    private static void segment(BinaryOp op, float[] a, int ao, long as, float[] b, int bo, long bs,
                                float[] o, int oo, int len) {
        int i = 0;
        int end = S.loopBound(len);
        if (as == 1 && bs == 1) {
            for (; i < end; i += L) {
                vector(op, FloatVector.fromArray(S, a, ao + i), FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            }
            for (; i < len; i++) {
                o[oo + i] = scalar(op, a[ao + i], b[bo + i]);
            }
        } else if (as == 1 && bs == 0) {
            float y = b[bo];
            FloatVector yv = FloatVector.broadcast(S, y);
            for (; i < end; i += L) {
                vector(op, FloatVector.fromArray(S, a, ao + i), yv).intoArray(o, oo + i);
            }
            for (; i < len; i++) {
                o[oo + i] = scalar(op, a[ao + i], y);
            }
        } else if (as == 0 && bs == 1) {
            float x = a[ao];
            FloatVector xv = FloatVector.broadcast(S, x);
            for (; i < end; i += L) {
                vector(op, xv, FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
            }
            for (; i < len; i++) {
                o[oo + i] = scalar(op, x, b[bo + i]);
            }
        } else {
            for (; i < len; i++) {
                o[oo + i] = scalar(op, a[(int) (ao + i * as)], b[(int) (bo + i * bs)]);
            }
        }
    }

    // ---------------------------------------------------------------- dropout and AdamW

    /**
     * Inverted dropout: element i is kept iff {@code CounterRng.uniform(seed, offset + i) >= p}, the
     * same draw as every other backend, and kept elements are multiplied by {@code 1/(1−p)} in float.
     */
    void dropout(float[] x, float[] out, int n, float p, long seed, long offset) {
        float keepScale = 1f / (1f - p);
        pool.range(n, GRAIN / 4, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                out[i] = CounterRng.uniform(seed, offset + i) >= p ? x[i] * keepScale : 0f;
            }
        });
    }

    /** The fused AdamW step, with the reference's float operations in the reference's order. */
    void adamw(float[] param, float[] grad, float[] m, float[] v, int n, AdamWStep s) {
        double bc1 = 1.0 - Math.pow(s.beta1(), s.step());
        double bc2 = 1.0 - Math.pow(s.beta2(), s.step());
        float stepSize = (float) (s.lr() / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float decay = 1f - s.lr() * s.weightDecay();
        float b1 = s.beta1();
        float b2 = s.beta2();
        float ob1 = 1f - b1;
        float ob2 = 1f - b2;
        float eps = s.eps();
        pool.range(n, GRAIN, (lo, hi) -> {
            int i = lo;
            for (int end = lo + S.loopBound(hi - lo); i < end; i += L) {
                FloatVector g = FloatVector.fromArray(S, grad, i);
                FloatVector pv = FloatVector.fromArray(S, param, i).mul(decay);
                FloatVector mv = FloatVector.fromArray(S, m, i).mul(b1).add(g.mul(ob1));
                FloatVector vv = FloatVector.fromArray(S, v, i).mul(b2).add(g.mul(ob2).mul(g));
                FloatVector denom = vv.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
                pv = pv.sub(mv.div(denom).mul(stepSize));
                mv.intoArray(m, i);
                vv.intoArray(v, i);
                pv.intoArray(param, i);
            }
            for (; i < hi; i++) {
                float g = grad[i];
                param[i] *= decay;
                m[i] = b1 * m[i] + ob1 * g;
                v[i] = b2 * v[i] + ob2 * g * g;
                float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
                param[i] -= stepSize * (m[i] / denom);
            }
        });
    }

    // ---------------------------------------------------------------- unary loops, one per op

    private static void unaryRange(UnaryOp op, float[] x, float[] o, int lo, int hi) {
        switch (op) {
            case EXP -> exp(x, o, lo, hi);
            case LOG -> log(x, o, lo, hi);
            case SQRT -> sqrt(x, o, lo, hi);
            case RSQRT -> rsqrt(x, o, lo, hi);
            case RECIPROCAL -> reciprocal(x, o, lo, hi);
            case SQUARE -> square(x, o, lo, hi);
            case ABS -> abs(x, o, lo, hi);
            case TANH -> tanh(x, o, lo, hi);
            case SIGMOID -> sigmoid(x, o, lo, hi);
            case RELU -> relu(x, o, lo, hi);
            case SILU -> silu(x, o, lo, hi);
            case GELU_ERF -> geluErf(x, o, lo, hi);
            case GELU_TANH -> geluTanh(x, o, lo, hi);
        }
    }

    private static void unaryBackwardRange(UnaryOp op, float[] x, float[] g, float[] o, int lo, int hi) {
        switch (op) {
            case EXP -> expGrad(x, g, o, lo, hi);
            case LOG -> logGrad(x, g, o, lo, hi);
            case SQRT -> sqrtGrad(x, g, o, lo, hi);
            case RSQRT -> rsqrtGrad(x, g, o, lo, hi);
            case RECIPROCAL -> reciprocalGrad(x, g, o, lo, hi);
            case SQUARE -> squareGrad(x, g, o, lo, hi);
            case ABS -> absGrad(x, g, o, lo, hi);
            case TANH -> tanhGrad(x, g, o, lo, hi);
            case SIGMOID -> sigmoidGrad(x, g, o, lo, hi);
            case RELU -> reluGrad(x, g, o, lo, hi);
            case SILU -> siluGrad(x, g, o, lo, hi);
            case GELU_ERF -> geluErfGrad(x, g, o, lo, hi);
            case GELU_TANH -> geluTanhGrad(x, g, o, lo, hi);
        }
    }

    private static void exp(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            VMath.exp(v).intoArray(o, i, m);
        }
    }

    private static void log(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            VMath.log(v).intoArray(o, i, m);
        }
    }

    private static void sqrt(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            v.lanewise(VectorOperators.SQRT).intoArray(o, i, m);
        }
    }

    private static void rsqrt(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            ONE.div(v.lanewise(VectorOperators.SQRT)).intoArray(o, i, m);
        }
    }

    private static void reciprocal(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            ONE.div(v).intoArray(o, i, m);
        }
    }

    private static void square(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            v.mul(v).intoArray(o, i, m);
        }
    }

    private static void abs(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            v.abs().intoArray(o, i, m);
        }
    }

    private static void tanh(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            VMath.tanh(v).intoArray(o, i, m);
        }
    }

    private static void sigmoid(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            VMath.sigmoid(v).intoArray(o, i, m);
        }
    }

    private static void relu(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            ZERO.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(o, i, m);
        }
    }

    private static void silu(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            v.mul(VMath.sigmoid(v)).intoArray(o, i, m);
        }
    }

    private static void geluTanh(float[] x, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            VMath.geluTanh(v).intoArray(o, i, m);
        }
    }

    private static void expGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(VMath.exp(v)).intoArray(o, i, m);
        }
    }

    private static void logGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(ONE.div(v)).intoArray(o, i, m);
        }
    }

    private static void sqrtGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(HALF.div(v.lanewise(VectorOperators.SQRT))).intoArray(o, i, m);
        }
    }

    private static void rsqrtGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(MINUS_HALF.div(v.mul(v.lanewise(VectorOperators.SQRT)))).intoArray(o, i, m);
        }
    }

    private static void reciprocalGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(MINUS_ONE.div(v.mul(v))).intoArray(o, i, m);
        }
    }

    private static void squareGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(v.add(v)).intoArray(o, i, m);
        }
    }

    private static void absGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(ZERO.blend(ONE, v.compare(VectorOperators.GT, 0f)).blend(MINUS_ONE, v.compare(VectorOperators.LT, 0f))).intoArray(o, i, m);
        }
    }

    private static void tanhGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(tanhGrad(v)).intoArray(o, i, m);
        }
    }

    private static void sigmoidGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(sigmoidGrad(v)).intoArray(o, i, m);
        }
    }

    private static void reluGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(ZERO.blend(ONE, v.compare(VectorOperators.GT, 0f))).intoArray(o, i, m);
        }
    }

    private static void siluGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(siluGrad(v)).intoArray(o, i, m);
        }
    }

    private static void geluTanhGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector.fromArray(S, g, i, m).mul(VMath.geluTanhGrad(v)).intoArray(o, i, m);
        }
    }

    /*
     * GELU with erf runs in two passes over blocks of ERF_BLOCK elements: erfc first, then the rest.
     * One pass would put more vector operations in one compiled loop than the JIT inlines, and the
     * vectors would then live on the heap.
     */
    private static final int ERF_BLOCK = 512;

    private static void erfcHalfPass(float[] x, float[] e, int lo, int hi) {
        for (int i = lo; i < hi; i += L) {
            VectorMask<Float> m = S.indexInRange(i, hi);
            VMath.erfcHalf(FloatVector.fromArray(S, x, i, m)).intoArray(e, i - lo);
        }
    }

    private static void geluErf(float[] x, float[] o, int lo, int hi) {
        float[] e = new float[ERF_BLOCK];
        for (int b = lo; b < hi; b += ERF_BLOCK) {
            int be = Math.min(hi, b + ERF_BLOCK);
            erfcHalfPass(x, e, b, be);
            for (int i = b; i < be; i += L) {
                VectorMask<Float> m = S.indexInRange(i, be);
                FloatVector v = FloatVector.fromArray(S, x, i, m);
                VMath.geluErf(v, FloatVector.fromArray(S, e, i - b)).intoArray(o, i, m);
            }
        }
    }

    private static void geluErfGrad(float[] x, float[] g, float[] o, int lo, int hi) {
        float[] e = new float[ERF_BLOCK];
        for (int b = lo; b < hi; b += ERF_BLOCK) {
            int be = Math.min(hi, b + ERF_BLOCK);
            erfcHalfPass(x, e, b, be);
            for (int i = b; i < be; i += L) {
                VectorMask<Float> m = S.indexInRange(i, be);
                FloatVector v = FloatVector.fromArray(S, x, i, m);
                FloatVector d = VMath.geluErfGrad(v, FloatVector.fromArray(S, e, i - b));
                FloatVector.fromArray(S, g, i, m).mul(d).intoArray(o, i, m);
            }
        }
    }

    private static FloatVector tanhGrad(FloatVector x) {
        FloatVector t = VMath.tanh(x);
        return ONE.sub(t.mul(t));
    }

    private static FloatVector sigmoidGrad(FloatVector x) {
        FloatVector s = VMath.sigmoid(x);
        return s.mul(ONE.sub(s));
    }

    private static FloatVector siluGrad(FloatVector x) {
        FloatVector s = VMath.sigmoid(x);
        return s.mul(x.mul(ONE.sub(s)).add(1f));
    }
}
