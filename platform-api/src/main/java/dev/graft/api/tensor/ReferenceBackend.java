package dev.graft.api.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * The oracle backend: every kernel written as the plainest loop over heap arrays, accumulating in
 * {@code double} where rounding matters (GEMM, reductions, normalisation, softmax). Slow on purpose;
 * every other backend is tested against it on random shapes.
 *
 * <p>Storages are {@link HeapStorage}s. Single-threaded and deterministic.
 */
public final class ReferenceBackend implements ComputeBackend {
    /** The service name. */
    public static final String NAME = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Storage allocate(DType dtype, long size) {
        return HeapStorage.allocate(dtype, size);
    }

    @Override
    public Storage upload(float[] data) {
        return HeapStorage.ofFloats(data.clone());
    }

    @Override
    public Storage uploadInts(int[] data) {
        return HeapStorage.ofInts(data.clone());
    }

    @Override
    public void download(Storage src, long srcOffset, float[] dst, int dstOffset, int length) {
        System.arraycopy(f(src), Math.toIntExact(srcOffset), dst, dstOffset, length);
    }

    @Override
    public void downloadInts(Storage src, long srcOffset, int[] dst, int dstOffset, int length) {
        System.arraycopy(i(src), Math.toIntExact(srcOffset), dst, dstOffset, length);
    }

    @Override
    public void fill(Storage dst, long offset, long length, float value) {
        Arrays.fill(f(dst), Math.toIntExact(offset), Math.toIntExact(offset + length), value);
    }

    @Override
    public void copyStrided(Storage src, long srcOffset, long[] srcStrides,
                            Storage dst, long dstOffset, long[] dstStrides, int[] shape) {
        strided(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape, false);
    }

    @Override
    public void addStrided(Storage src, long srcOffset, long[] srcStrides,
                           Storage dst, long dstOffset, long[] dstStrides, int[] shape) {
        strided(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape, true);
    }

    private static void strided(Storage src, long so, long[] ss, Storage dst, long dof, long[] ds, int[] shape,
                                boolean add) {
        long n = Shapes.numel(shape);
        int[] idx = new int[shape.length];
        HeapStorage s = (HeapStorage) src;
        HeapStorage d = (HeapStorage) dst;
        for (long e = 0; e < n; e++) {
            long sp = so;
            long dp = dof;
            for (int k = 0; k < shape.length; k++) {
                sp += idx[k] * ss[k];
                dp += idx[k] * ds[k];
            }
            if (s.floats != null) {
                if (add) {
                    d.floats[(int) dp] += s.floats[(int) sp];
                } else {
                    d.floats[(int) dp] = s.floats[(int) sp];
                }
            } else {
                if (add) {
                    throw new IllegalArgumentException("addStrided needs F32 storages");
                }
                d.ints[(int) dp] = s.ints[(int) sp];
            }
            increment(idx, shape);
        }
    }

    private static void increment(int[] idx, int[] shape) {
        for (int k = shape.length - 1; k >= 0; k--) {
            if (++idx[k] < shape[k]) {
                return;
            }
            idx[k] = 0;
        }
    }

    // ---------------------------------------------------------------- GEMM

    @Override
    public void gemm(GemmSpec g, Storage a, long aOffset, Storage b, long bOffset,
                     Storage c, long cOffset, Storage bias, float beta) {
        float[] A = f(a);
        float[] B = f(b);
        float[] C = f(c);
        float[] bi = bias == null ? null : f(bias);
        int m = g.m();
        int n = g.n();
        int k = g.k();
        for (int bt = 0; bt < g.batch(); bt++) {
            long ao = aOffset + bt * g.strideA();
            long bo = bOffset + bt * g.strideB();
            long co = cOffset + bt * g.strideC();
            for (int r = 0; r < m; r++) {
                for (int col = 0; col < n; col++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        float av = g.transA() ? A[(int) (ao + (long) p * m + r)] : A[(int) (ao + (long) r * k + p)];
                        float bv = g.transB() ? B[(int) (bo + (long) col * k + p)] : B[(int) (bo + (long) p * n + col)];
                        acc += (double) av * bv;
                    }
                    if (bi != null) {
                        acc += bi[col];
                    }
                    int ci = (int) (co + (long) r * n + col);
                    C[ci] = beta == 0f ? (float) acc : (float) (acc + (double) beta * C[ci]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, Storage x, Storage out, long n) {
        float[] X = f(x);
        float[] O = f(out);
        for (int i = 0; i < n; i++) {
            O[i] = (float) apply(op, X[i]);
        }
    }

    /** The scalar definition of every unary op, in double precision. */
    static double apply(UnaryOp op, double x) {
        return switch (op) {
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case RECIPROCAL -> 1.0 / x;
            case SQUARE -> x * x;
            case ABS -> Math.abs(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case RELU -> x > 0 ? x : 0.0;
            case SILU -> x / (1.0 + Math.exp(-x));
            case GELU_ERF -> 0.5 * x * (1.0 + Erf.erf(x / Math.sqrt(2.0)));
            case GELU_TANH -> 0.5 * x * (1.0 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x)));
        };
    }

    private static final double GELU_C = Math.sqrt(2.0 / Math.PI);

    /** The derivative of every unary op, in double precision. */
    static double derivative(UnaryOp op, double x) {
        return switch (op) {
            case EXP -> Math.exp(x);
            case LOG -> 1.0 / x;
            case SQRT -> 0.5 / Math.sqrt(x);
            case RSQRT -> -0.5 / (x * Math.sqrt(x));
            case RECIPROCAL -> -1.0 / (x * x);
            case SQUARE -> 2.0 * x;
            case ABS -> x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0);
            case TANH -> {
                double t = Math.tanh(x);
                yield 1.0 - t * t;
            }
            case SIGMOID -> {
                double s = 1.0 / (1.0 + Math.exp(-x));
                yield s * (1.0 - s);
            }
            case RELU -> x > 0 ? 1.0 : 0.0;
            case SILU -> {
                double s = 1.0 / (1.0 + Math.exp(-x));
                yield s * (1.0 + x * (1.0 - s));
            }
            case GELU_ERF -> 0.5 * (1.0 + Erf.erf(x / Math.sqrt(2.0)))
                    + x * Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
            case GELU_TANH -> {
                double u = GELU_C * (x + 0.044715 * x * x * x);
                double t = Math.tanh(u);
                yield 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GELU_C * (1.0 + 3 * 0.044715 * x * x);
            }
        };
    }

    @Override
    public void unaryBackward(UnaryOp op, Storage x, Storage gradOut, Storage gradIn, long n) {
        float[] X = f(x);
        float[] G = f(gradOut);
        float[] O = f(gradIn);
        for (int i = 0; i < n; i++) {
            O[i] = (float) (G[i] * derivative(op, X[i]));
        }
    }

    @Override
    public void affine(Storage x, float alpha, float beta, Storage out, long n) {
        float[] X = f(x);
        float[] O = f(out);
        for (int i = 0; i < n; i++) {
            O[i] = alpha * X[i] + beta;
        }
    }

    @Override
    public void axpy(float alpha, Storage x, Storage y, long n) {
        float[] X = f(x);
        float[] Y = f(y);
        for (int i = 0; i < n; i++) {
            Y[i] += alpha * X[i];
        }
    }

    @Override
    public void binary(BinaryOp op, Storage a, Storage b, Storage out, Broadcast bc) {
        float[] A = f(a);
        float[] B = f(b);
        float[] O = f(out);
        int[] shape = bc.shape();
        int[] idx = new int[shape.length];
        long n = bc.size();
        for (int e = 0; e < n; e++) {
            long ap = 0;
            long bp = 0;
            for (int k = 0; k < shape.length; k++) {
                ap += idx[k] * bc.aStrides()[k];
                bp += idx[k] * bc.bStrides()[k];
            }
            O[e] = apply(op, A[(int) ap], B[(int) bp]);
            increment(idx, shape);
        }
    }

    /** The scalar definition of every binary op. */
    static float apply(BinaryOp op, float x, float y) {
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

    @Override
    public void sumToShape(Storage x, int[] xShape, Storage out, int[] outShape) {
        float[] X = f(x);
        double[] acc = new double[Math.toIntExact(Shapes.numel(outShape))];
        long[] os = Shapes.strides(outShape);
        int[] idx = new int[xShape.length];
        long n = Shapes.numel(xShape);
        for (int e = 0; e < n; e++) {
            long op = 0;
            for (int k = 0; k < xShape.length; k++) {
                if (outShape[k] != 1) {
                    op += idx[k] * os[k];
                }
            }
            acc[(int) op] += X[e];
            increment(idx, xShape);
        }
        float[] O = f(out);
        for (int i = 0; i < acc.length; i++) {
            O[i] = (float) acc[i];
        }
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, Storage x, int outer, int reduced, int inner, Storage out) {
        float[] X = f(x);
        float[] O = f(out);
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                double acc = switch (op) {
                    case SUM, MEAN -> 0.0;
                    case MAX -> Double.NEGATIVE_INFINITY;
                    case MIN -> Double.POSITIVE_INFINITY;
                };
                for (int r = 0; r < reduced; r++) {
                    float v = X[(o * reduced + r) * inner + in];
                    acc = switch (op) {
                        case SUM, MEAN -> acc + v;
                        case MAX -> Math.max(acc, v);
                        case MIN -> Math.min(acc, v);
                    };
                }
                if (op == ReduceOp.MEAN) {
                    acc /= reduced;
                }
                O[o * inner + in] = (float) acc;
            }
        }
    }

    @Override
    public void argmax(Storage x, int rows, int cols, Storage out) {
        float[] X = f(x);
        int[] O = i(out);
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < cols; c++) {
                if (X[r * cols + c] > X[r * cols + best]) {
                    best = c;
                }
            }
            O[r] = best;
        }
    }

    @Override
    public double dot(Storage x, Storage y, long n) {
        float[] X = f(x);
        float[] Y = f(y);
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += (double) X[i] * Y[i];
        }
        return acc;
    }

    // ---------------------------------------------------------------- softmax and losses

    @Override
    public void softmax(Storage x, Storage out, int rows, int cols) {
        float[] X = f(x);
        float[] O = f(out);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double lse = logSumExp(X, o, cols);
            for (int c = 0; c < cols; c++) {
                O[o + c] = (float) Math.exp(X[o + c] - lse);
            }
        }
    }

    @Override
    public void softmaxBackward(Storage y, Storage gy, Storage gx, int rows, int cols) {
        float[] Y = f(y);
        float[] G = f(gy);
        float[] O = f(gx);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += (double) Y[o + c] * G[o + c];
            }
            for (int c = 0; c < cols; c++) {
                O[o + c] = (float) (Y[o + c] * (G[o + c] - dot));
            }
        }
    }

    @Override
    public void logSoftmax(Storage x, Storage out, int rows, int cols) {
        float[] X = f(x);
        float[] O = f(out);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double lse = logSumExp(X, o, cols);
            for (int c = 0; c < cols; c++) {
                O[o + c] = (float) (X[o + c] - lse);
            }
        }
    }

    @Override
    public void logSoftmaxBackward(Storage y, Storage gy, Storage gx, int rows, int cols) {
        float[] Y = f(y);
        float[] G = f(gy);
        float[] O = f(gx);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += G[o + c];
            }
            for (int c = 0; c < cols; c++) {
                O[o + c] = (float) (G[o + c] - Math.exp(Y[o + c]) * sum);
            }
        }
    }

    private static double logSumExp(float[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            max = Math.max(max, x[off + c]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (int c = 0; c < n; c++) {
            s += Math.exp(x[off + c] - max);
        }
        return max + Math.log(s);
    }

    @Override
    public void crossEntropy(Storage logits, Storage targets, int rows, int cols, int ignoreIndex,
                             float smoothing, Storage loss, Storage lse) {
        float[] X = f(logits);
        int[] T = i(targets);
        float[] L = f(loss);
        float[] S = f(lse);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double l = logSumExp(X, o, cols);
            S[r] = (float) l;
            int t = T[r];
            if (t == ignoreIndex) {
                L[r] = 0f;
                continue;
            }
            checkTarget(t, cols, r);
            double nll = l - X[o + t];
            if (smoothing != 0f) {
                double mean = 0;
                for (int c = 0; c < cols; c++) {
                    mean += X[o + c];
                }
                mean /= cols;
                nll = (1.0 - smoothing) * nll + smoothing * (l - mean);
            }
            L[r] = (float) nll;
        }
    }

    static void checkTarget(int t, int cols, int row) {
        if (t < 0 || t >= cols) {
            throw new IllegalArgumentException("target " + t + " at row " + row + " is outside [0, " + cols + ")");
        }
    }

    @Override
    public void crossEntropyBackward(Storage logits, Storage lse, Storage targets, int rows, int cols,
                                     int ignoreIndex, float smoothing, float scale, Storage grad) {
        float[] X = f(logits);
        float[] S = f(lse);
        int[] T = i(targets);
        float[] G = f(grad);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            int t = T[r];
            if (t == ignoreIndex) {
                Arrays.fill(G, o, o + cols, 0f);
                continue;
            }
            for (int c = 0; c < cols; c++) {
                double p = Math.exp(X[o + c] - S[r]);
                double target = (c == t ? 1.0 - smoothing : 0.0) + smoothing / cols;
                G[o + c] = (float) (scale * (p - target));
            }
        }
    }

    // ---------------------------------------------------------------- normalisation

    @Override
    public void layerNorm(Storage x, Storage gamma, Storage beta, int rows, int cols, float eps,
                          Storage out, Storage mean, Storage rstd) {
        float[] X = f(x);
        float[] W = f(gamma);
        float[] B = beta == null ? null : f(beta);
        float[] O = f(out);
        float[] M = f(mean);
        float[] R = f(rstd);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double mu = 0;
            for (int c = 0; c < cols; c++) {
                mu += X[o + c];
            }
            mu /= cols;
            double var = 0;
            for (int c = 0; c < cols; c++) {
                double d = X[o + c] - mu;
                var += d * d;
            }
            var /= cols;
            double rs = 1.0 / Math.sqrt(var + eps);
            M[r] = (float) mu;
            R[r] = (float) rs;
            for (int c = 0; c < cols; c++) {
                O[o + c] = (float) ((X[o + c] - mu) * rs * W[c] + (B == null ? 0.0 : B[c]));
            }
        }
    }

    @Override
    public void layerNormBackward(Storage x, Storage gamma, Storage mean, Storage rstd, Storage gy,
                                  int rows, int cols, Storage gx, Storage gGamma, Storage gBeta) {
        float[] X = f(x);
        float[] W = f(gamma);
        float[] M = f(mean);
        float[] R = f(rstd);
        float[] G = f(gy);
        float[] O = f(gx);
        double[] gw = new double[cols];
        double[] gb = new double[cols];
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double sumG = 0;
            double sumGX = 0;
            for (int c = 0; c < cols; c++) {
                double xhat = (X[o + c] - M[r]) * R[r];
                double g = (double) G[o + c] * W[c];
                sumG += g;
                sumGX += g * xhat;
                gw[c] += G[o + c] * xhat;
                gb[c] += G[o + c];
            }
            for (int c = 0; c < cols; c++) {
                double xhat = (X[o + c] - M[r]) * R[r];
                double g = (double) G[o + c] * W[c];
                O[o + c] = (float) (R[r] * (g - sumG / cols - xhat * sumGX / cols));
            }
        }
        accumulate(gGamma, gw);
        accumulate(gBeta, gb);
    }

    @Override
    public void rmsNorm(Storage x, Storage gamma, int rows, int cols, float eps, Storage out, Storage rstd) {
        float[] X = f(x);
        float[] W = f(gamma);
        float[] O = f(out);
        float[] R = f(rstd);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double ms = 0;
            for (int c = 0; c < cols; c++) {
                ms += (double) X[o + c] * X[o + c];
            }
            double rs = 1.0 / Math.sqrt(ms / cols + eps);
            R[r] = (float) rs;
            for (int c = 0; c < cols; c++) {
                O[o + c] = (float) (X[o + c] * rs * W[c]);
            }
        }
    }

    @Override
    public void rmsNormBackward(Storage x, Storage gamma, Storage rstd, Storage gy, int rows, int cols,
                                Storage gx, Storage gGamma) {
        float[] X = f(x);
        float[] W = f(gamma);
        float[] R = f(rstd);
        float[] G = f(gy);
        float[] O = f(gx);
        double[] gw = new double[cols];
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += (double) G[o + c] * W[c] * X[o + c];
                gw[c] += (double) G[o + c] * X[o + c] * R[r];
            }
            double rs = R[r];
            for (int c = 0; c < cols; c++) {
                O[o + c] = (float) (rs * G[o + c] * W[c] - rs * rs * rs * X[o + c] * sum / cols);
            }
        }
        accumulate(gGamma, gw);
    }

    private static void accumulate(Storage dst, double[] values) {
        if (dst == null) {
            return;
        }
        float[] D = f(dst);
        for (int c = 0; c < values.length; c++) {
            D[c] = (float) (D[c] + values[c]);
        }
    }

    // ---------------------------------------------------------------- gather / scatter

    @Override
    public void indexSelect(Storage src, int outer, int srcRows, int inner, Storage idx, int n, Storage out) {
        float[] S = f(src);
        int[] I = i(idx);
        float[] O = f(out);
        for (int o = 0; o < outer; o++) {
            for (int r = 0; r < n; r++) {
                int row = I[r];
                checkTarget(row, srcRows, r);
                System.arraycopy(S, (o * srcRows + row) * inner, O, (o * n + r) * inner, inner);
            }
        }
    }

    @Override
    public void indexAdd(Storage grad, int outer, int dstRows, int inner, Storage idx, int n, Storage dst) {
        float[] G = f(grad);
        int[] I = i(idx);
        float[] D = f(dst);
        for (int o = 0; o < outer; o++) {
            for (int r = 0; r < n; r++) {
                int row = I[r];
                checkTarget(row, dstRows, r);
                int d = (o * dstRows + row) * inner;
                int g = (o * n + r) * inner;
                for (int c = 0; c < inner; c++) {
                    D[d + c] += G[g + c];
                }
            }
        }
    }

    // ---------------------------------------------------------------- attention

    @Override
    public void attention(AttentionSpec s, Storage q, Storage k, Storage v, Storage mask, Storage bias,
                          Storage out, Storage lse) {
        float[] Q = f(q);
        float[] K = f(k);
        float[] V = f(v);
        float[] MK = mask == null ? null : f(mask);
        float[] BI = bias == null ? null : f(bias);
        float[] O = f(out);
        float[] L = f(lse);
        int D = s.headDim();
        double[] scores = new double[s.tk()];
        for (int b = 0; b < s.batch(); b++) {
            for (int h = 0; h < s.heads(); h++) {
                for (int i = 0; i < s.tq(); i++) {
                    double l = rowScores(s, Q, K, MK, BI, b, h, i, scores);
                    L[(b * s.heads() + h) * s.tq() + i] = (float) l;
                    long oo = at(s.out(), b, h, i);
                    for (int d = 0; d < D; d++) {
                        double acc = 0;
                        for (int j = 0; l != Double.NEGATIVE_INFINITY && j < s.tk(); j++) {
                            acc += Math.exp(scores[j] - l) * V[(int) (at(s.v(), b, h, j) + d)];
                        }
                        O[(int) (oo + d)] = (float) acc;
                    }
                }
            }
        }
    }

    /**
     * Fills {@code scores} with query {@code i}'s scores against every key (-inf where hidden) and returns their
     * log-sum-exp, -inf when no key is visible.
     */
    private static double rowScores(AttentionSpec s, float[] Q, float[] K, float[] MK, float[] BI, int b, int h, int i,
                                    double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s.tk(); j++) {
            scores[j] = score(s, Q, K, MK, BI, b, h, i, j);
            max = Math.max(max, scores[j]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int j = 0; j < s.tk(); j++) {
            sum += Math.exp(scores[j] - max);
        }
        return max + Math.log(sum);
    }

    private static long at(AttentionSpec.HeadLayout l, int b, int h, int t) {
        return l.offset() + b * l.batchStride() + h * l.headStride() + t * l.rowStride();
    }

    /** The masked, biased, scaled score of query i against key j, or -inf where hidden. */
    private static double score(AttentionSpec s, float[] Q, float[] K, float[] MK, float[] BI,
                                int b, int h, int i, int j) {
        if (!s.visible(i, j)) {
            return Double.NEGATIVE_INFINITY;
        }
        long qo = at(s.q(), b, h, i);
        long ko = at(s.k(), b, h, j);
        double dot = 0;
        for (int d = 0; d < s.headDim(); d++) {
            dot += (double) Q[(int) (qo + d)] * K[(int) (ko + d)];
        }
        double sc = dot * s.scale();
        if (BI != null) {
            int bb = s.biasBatch() == 1 ? 0 : b;
            sc += BI[((bb * s.heads() + h) * s.tq() + i) * s.tk() + j];
        }
        if (MK != null) {
            sc += MK[b * s.tk() + j];
        }
        return sc;
    }

    @Override
    public void attentionBackward(AttentionSpec s, Storage q, Storage k, Storage v, Storage mask, Storage bias,
                                  Storage out, Storage lse, Storage gOut,
                                  Storage gq, Storage gk, Storage gv, Storage gBias) {
        float[] Q = f(q);
        float[] K = f(k);
        float[] V = f(v);
        float[] MK = mask == null ? null : f(mask);
        float[] BI = bias == null ? null : f(bias);
        float[] O = f(out);
        float[] GO = f(gOut);
        float[] GQ = f(gq);
        float[] GK = f(gk);
        float[] GV = f(gv);
        float[] GB = gBias == null ? null : f(gBias);
        int D = s.headDim();
        double[] sc = new double[s.tk()];
        double[] p = new double[s.tk()];
        double[] dp = new double[s.tk()];
        for (int b = 0; b < s.batch(); b++) {
            for (int h = 0; h < s.heads(); h++) {
                for (int i = 0; i < s.tq(); i++) {
                    // The row's log-sum-exp is recomputed in double rather than read from the float lse: where
                    // every visible key is masked (-1e9) the float lse is off by up to 32 (its spacing there),
                    // and exp(score - lse) in double would turn that into e^32 instead of 1.
                    double l = rowScores(s, Q, K, MK, BI, b, h, i, sc);
                    long oo = at(s.out(), b, h, i);
                    double delta = 0;
                    for (int d = 0; d < D; d++) {
                        delta += (double) GO[(int) (oo + d)] * O[(int) (oo + d)];
                    }
                    for (int j = 0; j < s.tk(); j++) {
                        p[j] = sc[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(sc[j] - l);
                        long vo = at(s.v(), b, h, j);
                        double g = 0;
                        for (int d = 0; d < D; d++) {
                            g += (double) GO[(int) (oo + d)] * V[(int) (vo + d)];
                            GV[(int) (vo + d)] += (float) (p[j] * GO[(int) (oo + d)]);
                        }
                        dp[j] = p[j] * (g - delta);
                    }
                    long qo = at(s.q(), b, h, i);
                    for (int j = 0; j < s.tk(); j++) {
                        if (dp[j] == 0) {
                            continue;
                        }
                        long ko = at(s.k(), b, h, j);
                        for (int d = 0; d < D; d++) {
                            GQ[(int) (qo + d)] += (float) (dp[j] * s.scale() * K[(int) (ko + d)]);
                            GK[(int) (ko + d)] += (float) (dp[j] * s.scale() * Q[(int) (qo + d)]);
                        }
                        if (GB != null) {
                            int bb = s.biasBatch() == 1 ? 0 : b;
                            GB[((bb * s.heads() + h) * s.tq() + i) * s.tk() + j] += (float) dp[j];
                        }
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- dropout and optimizer

    @Override
    public void dropout(Storage x, Storage out, long n, float p, long seed, long offset) {
        float[] X = f(x);
        float[] O = f(out);
        float keepScale = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            O[i] = CounterRng.uniform(seed, offset + i) >= p ? X[i] * keepScale : 0f;
        }
    }

    @Override
    public void adamw(Storage param, Storage grad, Storage m, Storage v, long n, AdamWStep s) {
        float[] P = f(param);
        float[] G = f(grad);
        float[] M = f(m);
        float[] V = f(v);
        double bc1 = 1.0 - Math.pow(s.beta1(), s.step());
        double bc2 = 1.0 - Math.pow(s.beta2(), s.step());
        float stepSize = (float) (s.lr() / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float decay = 1f - s.lr() * s.weightDecay();
        for (int i = 0; i < n; i++) {
            float g = G[i];
            P[i] *= decay;
            M[i] = s.beta1() * M[i] + (1f - s.beta1()) * g;
            V[i] = s.beta2() * V[i] + (1f - s.beta2()) * g * g;
            float denom = (float) Math.sqrt(V[i]) / bc2Sqrt + s.eps();
            P[i] -= stepSize * (M[i] / denom);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static float[] f(Storage s) {
        float[] a = ((HeapStorage) Objects.requireNonNull(s, "storage")).floats;
        if (a == null) {
            throw new IllegalArgumentException("expected an F32 storage, got " + s.dtype());
        }
        return a;
    }

    private static int[] i(Storage s) {
        int[] a = ((HeapStorage) Objects.requireNonNull(s, "storage")).ints;
        if (a == null) {
            throw new IllegalArgumentException("expected an I32 storage, got " + s.dtype());
        }
        return a;
    }
}
