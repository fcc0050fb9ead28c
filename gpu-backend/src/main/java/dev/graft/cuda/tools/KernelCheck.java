package dev.graft.cuda.tools;

import dev.graft.api.tensor.AdamWStep;
import dev.graft.api.tensor.AttentionSpec;
import dev.graft.api.tensor.BinaryOp;
import dev.graft.api.tensor.Broadcast;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.GemmSpec;
import dev.graft.api.tensor.ReduceOp;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Shapes;
import dev.graft.api.tensor.Storage;
import dev.graft.api.tensor.UnaryOp;
import dev.graft.cuda.AttentionKernel;
import dev.graft.cuda.CudaBackend;
import dev.graft.cuda.CudaOptions;
import dev.graft.cuda.Epilogue;
import dev.graft.cuda.Precision;
import dev.graft.cuda.ReleaseScope;
import dev.graft.cuda.StepGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The device check of the CUDA backend: runs every kernel of the SPI on the GPU and on the
 * {@link ReferenceBackend} with the same random inputs (several shapes each, including awkward sizes) and
 * compares. Kernels whose arithmetic is the reference's (copies, binary ops, AdamW, dropout, index add) must
 * match bit for bit; the others within a tolerance scaled to the output's magnitude. Also checks GEMM in TF32
 * and bf16, the fused epilogues, graph capture and replay, release scopes and the kernel cache.
 *
 * <p>Prints one line per case ({@code PASS}/{@code FAIL}, the error, the shape) and ends with
 * {@code N passed, M failed}; exit status 1 when anything failed. Needs a GPU.
 */
public final class KernelCheck {

    /** Runs one operation on a backend and returns its result on the host. */
    interface Op {
        float[] run(ComputeBackend b);
    }

    private final ComputeBackend ref = new ReferenceBackend();
    private final CudaBackend cuda;
    private final Random rnd = new Random(20261127);
    private final List<String> failures = new ArrayList<>();
    private int passed;

    private KernelCheck(CudaBackend cuda) {
        this.cuda = cuda;
    }

    // ------------------------------------------------------------------ helpers

    static Storage up(ComputeBackend b, float[] d) {
        return b.upload(d);
    }

    static Storage upI(ComputeBackend b, int[] d) {
        return b.uploadInts(d);
    }

    static float[] down(ComputeBackend b, Storage s, int n) {
        float[] out = new float[n];
        b.download(s, 0, out, 0, n);
        return out;
    }

    static float[] downI(ComputeBackend b, Storage s, int n) {
        int[] out = new int[n];
        b.downloadInts(s, 0, out, 0, n);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = out[i];
        }
        return f;
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private float[] randn(int n, double scale) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (rnd.nextGaussian() * scale);
        }
        return f;
    }

    private float[] randn(int n) {
        return randn(n, 1.0);
    }

    private void check(String name, double tol, Op op) {
        compareWith(cuda, name, tol, op);
    }

    private void exact(String name, Op op) {
        compareWith(cuda, name, -1, op);
    }

    private void compareWith(ComputeBackend gpu, String name, double tol, Op op) {
        float[] expected = op.run(ref);
        float[] actual;
        try {
            actual = op.run(gpu);
            if (gpu instanceof CudaBackend c) {
                c.synchronize();
            }
        } catch (RuntimeException e) {
            fail(name, "threw " + e);
            return;
        }
        if (expected.length != actual.length) {
            fail(name, "length " + actual.length + " != " + expected.length);
            return;
        }
        double scale = 1e-30;
        for (float e : expected) {
            if (Float.isFinite(e)) {
                scale = Math.max(scale, Math.abs(e));
            }
        }
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            double err;
            if (tol < 0) {
                err = Float.floatToRawIntBits(e) == Float.floatToRawIntBits(a) || (Float.isNaN(e) && Float.isNaN(a)) ? 0 : 1;
            } else if (Float.isNaN(e) || Float.isInfinite(e)) {
                err = (Float.isNaN(e) && Float.isNaN(a)) || e == a ? 0 : Double.POSITIVE_INFINITY;
            } else {
                err = Math.abs((double) e - a) / Math.max(1.0, scale);
                if (Double.isNaN(err)) {
                    err = Double.POSITIVE_INFINITY;
                }
            }
            if (err > worst) {
                worst = err;
                worstAt = i;
            }
        }
        boolean ok = tol < 0 ? worst == 0 : worst <= tol;
        String detail = worstAt < 0 ? "" : String.format(Locale.ROOT, " (worst at %d: expected %s, got %s)", worstAt,
                expected[worstAt], actual[worstAt]);
        if (ok) {
            passed++;
            System.out.printf(Locale.ROOT, "PASS %-60s %s%n", name, tol < 0 ? "bit-identical"
                    : String.format(Locale.ROOT, "err %.2e <= %.0e", worst, tol));
        } else {
            fail(name, (tol < 0 ? "differs from the reference" : String.format(Locale.ROOT, "err %.3e > %.0e", worst, tol))
                    + detail);
        }
    }

    private void fail(String name, String why) {
        failures.add(name);
        System.out.printf(Locale.ROOT, "FAIL %-60s %s%n", name, why);
    }

    private void pass(String name, String what) {
        passed++;
        System.out.printf(Locale.ROOT, "PASS %-60s %s%n", name, what);
    }

    // ------------------------------------------------------------------ the checks

    private void memory() {
        float[] x = randn(1000);
        exact("upload/download 1000", b -> down(b, up(b, x), x.length));
        int[] ints = new int[777];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = rnd.nextInt() ;
        }
        exact("uploadInts/downloadInts 777", b -> downI(b, upI(b, ints), ints.length));
        exact("allocate is zero-filled", b -> down(b, b.allocate(DType.F32, 4099), 4099));
        exact("fill [10, 900)", b -> {
            Storage s = up(b, x);
            b.fill(s, 10, 890, -2.5f);
            return down(b, s, x.length);
        });
        int[] shape = {3, 4, 5};
        float[] src = randn(60);
        long[] srcStrides = {1, 3, 12};
        exact("copyStrided permute [3,4,5]", b -> {
            Storage s = up(b, src);
            Storage d = b.allocate(DType.F32, 60);
            b.copyStrided(s, 0, srcStrides, d, 0, Shapes.strides(shape), shape);
            return down(b, d, 60);
        });
        float[] base = randn(80);
        exact("addStrided slice into [4,20]", b -> {
            Storage s = up(b, src);
            Storage d = up(b, base);
            b.addStrided(s, 0, new long[] {15, 1}, d, 3, new long[] {20, 1}, new int[] {4, 15});
            return down(b, d, 80);
        });
        exact("copyStrided I32 transpose", b -> {
            int[] v = new int[12];
            for (int i = 0; i < 12; i++) {
                v[i] = i * 7 - 3;
            }
            Storage s = upI(b, v);
            Storage d = b.allocate(DType.I32, 12);
            b.copyStrided(s, 0, new long[] {1, 3}, d, 0, new long[] {4, 1}, new int[] {3, 4});
            return downI(b, d, 12);
        });
    }

    private void gemm(String tag, ComputeBackend gpu, double tol) {
        int[][] shapes = {{1, 1, 1, 1}, {1, 37, 53, 61}, {3, 64, 96, 128}, {2, 5, 300, 7}, {4, 128, 128, 64}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                int batch = s[0];
                int m = s[1];
                int n = s[2];
                int k = s[3];
                boolean broadcastB = batch > 1 && t == 3;
                GemmSpec spec = new GemmSpec(batch, m, n, k, ta, tb, (long) m * k, broadcastB ? 0 : (long) k * n,
                        (long) m * n);
                float[] a = randn(batch * m * k);
                float[] bb = randn((broadcastB ? 1 : batch) * k * n);
                float[] bias = randn(n);
                float[] c0 = new float[batch * m * n];
                Arrays.fill(c0, Float.NaN);
                float[] c1 = randn(batch * m * n);
                String name = String.format(Locale.ROOT, "gemm %s b%d %dx%dx%d %s%s", tag, batch, m, n, k, ta ? "T" : "N",
                        tb ? "T" : "N");
                compareWith(gpu, name + " beta0 (C=NaN ignored)", tol, b -> {
                    Storage c = up(b, c0);
                    b.gemm(spec, up(b, a), 0, up(b, bb), 0, c, 0, null, 0f);
                    return down(b, c, c0.length);
                });
                compareWith(gpu, name + " beta1 +bias", tol, b -> {
                    Storage c = up(b, c1);
                    b.gemm(spec, up(b, a), 0, up(b, bb), 0, c, 0, up(b, bias), 1f);
                    return down(b, c, c1.length);
                });
            }
        }
        GemmSpec empty = GemmSpec.of(3, 4, 0, false, false);
        float[] c = randn(12);
        float[] bias = randn(4);
        compareWith(gpu, "gemm " + tag + " k=0 beta1 +bias", tol, b -> {
            Storage cs = up(b, c);
            b.gemm(empty, b.allocate(DType.F32, 1), 0, b.allocate(DType.F32, 1), 0, cs, 0, up(b, bias), 1f);
            return down(b, cs, 12);
        });
        int m = 48;
        int n = 64;
        int k = 80;
        float[] a = randn(5 + m * k);
        float[] bm = randn(3 + k * n);
        compareWith(gpu, "gemm " + tag + " with operand offsets", tol, b -> {
            Storage cs = b.allocate(DType.F32, 7 + m * n);
            b.gemm(GemmSpec.of(m, n, k, false, true), up(b, a), 5, up(b, bm), 3, cs, 7, null, 0f);
            return down(b, cs, 7 + m * n);
        });
    }

    private void epilogues() {
        int m = 64;
        int n = 256;
        int k = 96;
        GemmSpec spec = GemmSpec.of(m, n, k, false, false);
        float[] a = randn(m * k, 0.3);
        float[] bm = randn(k * n, 0.3);
        float[] bias = randn(n, 0.3);
        float[] pre = new float[m * n];
        ref.gemm(spec, ref.upload(a), 0, ref.upload(bm), 0, ref.upload(pre), 0, null, 0f);
        Storage refPre = ref.upload(new float[m * n]);
        ref.gemm(spec, ref.upload(a), 0, ref.upload(bm), 0, refPre, 0, ref.upload(bias), 0f);
        float[] preWithBias = down(ref, refPre, m * n);
        float[] geluTanh = new float[m * n];
        Storage g = ref.allocate(DType.F32, m * n);
        ref.unary(UnaryOp.GELU_TANH, refPre, g, m * n);
        ref.download(g, 0, geluTanh, 0, m * n);
        float[] got = new float[m * n];
        float[] aux = new float[m * n];
        try {
            Storage c = cuda.allocate(DType.F32, m * n);
            Storage ax = cuda.allocate(DType.F32, m * n);
            cuda.gemmEpilogue(spec, cuda.upload(a), 0, cuda.upload(bm), 0, c, 0, cuda.upload(bias), Epilogue.GELU_AUX, ax, 0);
            cuda.download(c, 0, got, 0, m * n);
            cuda.download(ax, 0, aux, 0, m * n);
        } catch (RuntimeException e) {
            fail("gemm epilogue GELU_AUX", "threw " + e);
            return;
        }
        compareArrays("gemm epilogue GELU_AUX: C = gelu_tanh(AB + bias)", geluTanh, got, 2e-5);
        compareArrays("gemm epilogue GELU_AUX: aux = AB + bias", preWithBias, aux, 2e-5);
        System.out.println("INFO cuBLASLt fused epilogues: " + (cuda.usesCublasLt() ? "on" : "off"));
    }

    private void compareArrays(String name, float[] e, float[] a, double tol) {
        compareWith(cuda, name, tol, b -> b == ref ? e : a);
    }

    private void elementwise() {
        int n = 1000;
        float[] x = randn(n, 2.0);
        float[] pos = new float[n];
        for (int i = 0; i < n; i++) {
            pos[i] = Math.abs(x[i]) + 0.1f;
        }
        float[] gy = randn(n);
        for (UnaryOp op : UnaryOp.values()) {
            boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT || op == UnaryOp.RECIPROCAL;
            float[] in = positive ? pos : x;
            check("unary " + op, 2e-6, b -> {
                Storage o = b.allocate(DType.F32, n);
                b.unary(op, up(b, in), o, n);
                return down(b, o, n);
            });
            check("unaryBackward " + op, 2e-6, b -> {
                Storage o = b.allocate(DType.F32, n);
                b.unaryBackward(op, up(b, in), up(b, gy), o, n);
                return down(b, o, n);
            });
        }
        exact("affine in place", b -> {
            Storage s = up(b, x);
            b.affine(s, 1.7f, -0.3f, s, n);
            return down(b, s, n);
        });
        exact("axpy", b -> {
            Storage y = up(b, gy);
            b.axpy(-0.75f, up(b, x), y, n);
            return down(b, y, n);
        });
        int[][][] pairs = {{{4, 1, 5}, {3, 1}}, {{2, 3, 4}, {2, 3, 4}}, {{7}, {1}}, {{2, 1, 3, 1, 2}, {1, 4, 3, 5, 1}}};
        for (int[][] pr : pairs) {
            Broadcast bc = Broadcast.of(pr[0], pr[1]);
            float[] av = randn((int) Shapes.numel(pr[0]));
            float[] bv = randn((int) Shapes.numel(pr[1]));
            for (BinaryOp op : BinaryOp.values()) {
                exact("binary " + op + " " + Arrays.toString(pr[0]) + " x " + Arrays.toString(pr[1]), b -> {
                    Storage o = b.allocate(DType.F32, bc.size());
                    b.binary(op, up(b, av), up(b, bv), o, bc);
                    return down(b, o, (int) bc.size());
                });
            }
        }
    }

    private void sums() {
        int[][][] cases = {{{64, 128, 256}, {1, 1, 256}}, {{3, 5, 7}, {3, 1, 7}}, {{3, 5, 7}, {1, 5, 1}},
                {{2, 3, 4, 5}, {2, 1, 4, 1}}, {{9, 1000}, {9, 1}}, {{4, 4}, {4, 4}}, {{8, 0, 3}, {8, 1, 3}}};
        for (int[][] c : cases) {
            float[] x = randn((int) Shapes.numel(c[0]));
            check("sumToShape " + Arrays.toString(c[0]) + " -> " + Arrays.toString(c[1]), 1e-5, b -> {
                Storage o = b.allocate(DType.F32, Shapes.numel(c[1]));
                b.sumToShape(up(b, x), c[0], o, c[1]);
                return down(b, o, (int) Shapes.numel(c[1]));
            });
        }
        int[][] reds = {{1, 100000, 1}, {37, 513, 1}, {5, 7, 300}, {70000, 3, 2}, {2, 0, 3}, {1, 4096, 768}};
        for (int[] r : reds) {
            float[] x = randn(Math.max(1, r[0] * r[1] * r[2]));
            for (ReduceOp op : ReduceOp.values()) {
                Op o = b -> {
                    Storage out = b.allocate(DType.F32, (long) r[0] * r[2]);
                    b.reduce(op, up(b, x), r[0], r[1], r[2], out);
                    return down(b, out, r[0] * r[2]);
                };
                String name = "reduce " + op + " " + Arrays.toString(r);
                if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
                    exact(name, o);
                } else {
                    check(name, 1e-5, o);
                }
            }
        }
        float[] x = randn(13 * 50304);
        exact("argmax 13x50304", b -> {
            Storage o = b.allocate(DType.I32, 13);
            b.argmax(up(b, x), 13, 50304, o);
            return downI(b, o, 13);
        });
        float[] ties = {1, 3, 3, 2, 0, 0, 0, 0};
        exact("argmax ties pick the first", b -> {
            Storage o = b.allocate(DType.I32, 2);
            b.argmax(up(b, ties), 2, 4, o);
            return downI(b, o, 2);
        });
        float[] y = randn(1_000_003);
        float[] z = randn(1_000_003);
        check("dot 1000003 (double partials, result rounded to float here)", 1e-6, b -> new float[] {(float) b.dot(up(b, y), up(b, z), y.length)});
    }

    private void softmaxAndLosses() {
        int[][] shapes = {{7, 13}, {3, 50304}, {5, 1}, {256, 128}};
        for (int[] s : shapes) {
            int r = s[0];
            int c = s[1];
            float[] x = randn(r * c, 3.0);
            float[] gy = randn(r * c);
            String sh = r + "x" + c;
            for (boolean log : new boolean[] {false, true}) {
                String nm = log ? "logSoftmax " : "softmax ";
                check(nm + sh, 2e-6, b -> {
                    Storage o = b.allocate(DType.F32, (long) r * c);
                    if (log) {
                        b.logSoftmax(up(b, x), o, r, c);
                    } else {
                        b.softmax(up(b, x), o, r, c);
                    }
                    return down(b, o, r * c);
                });
                check(nm + "backward " + sh, 2e-6, b -> {
                    Storage y = b.allocate(DType.F32, (long) r * c);
                    Storage gx = b.allocate(DType.F32, (long) r * c);
                    if (log) {
                        b.logSoftmax(up(b, x), y, r, c);
                        b.logSoftmaxBackward(y, up(b, gy), gx, r, c);
                    } else {
                        b.softmax(up(b, x), y, r, c);
                        b.softmaxBackward(y, up(b, gy), gx, r, c);
                    }
                    return down(b, gx, r * c);
                });
            }
            int[] t = new int[r];
            for (int i = 0; i < r; i++) {
                t[i] = i % 3 == 2 ? -100 : rnd.nextInt(c);
            }
            for (float eps : new float[] {0f, 0.1f}) {
                check("crossEntropy " + sh + " smoothing " + eps, 2e-6, b -> {
                    Storage loss = b.allocate(DType.F32, r);
                    Storage lse = b.allocate(DType.F32, r);
                    b.crossEntropy(up(b, x), upI(b, t), r, c, -100, eps, loss, lse);
                    return concat(down(b, loss, r), down(b, lse, r));
                });
                check("crossEntropyBackward " + sh + " smoothing " + eps, 2e-6, b -> {
                    Storage loss = b.allocate(DType.F32, r);
                    Storage lse = b.allocate(DType.F32, r);
                    Storage g = up(b, gy);
                    Storage logits = up(b, x);
                    Storage tt = upI(b, t);
                    b.crossEntropy(logits, tt, r, c, -100, eps, loss, lse);
                    b.crossEntropyBackward(logits, lse, tt, r, c, -100, eps, 1f / r, g);
                    return down(b, g, r * c);
                });
            }
        }
    }

    private void norms() {
        int[][] shapes = {{1, 1}, {37, 768}, {2048, 256}, {5, 3000}};
        for (int[] s : shapes) {
            int r = s[0];
            int c = s[1];
            float[] x = randn(r * c, 2.0);
            float[] gamma = randn(c);
            float[] beta = randn(c);
            float[] gy = randn(r * c);
            float[] g0 = randn(c);
            float[] b0 = randn(c);
            String sh = r + "x" + c;
            for (boolean withBeta : new boolean[] {true, false}) {
                check("layerNorm " + sh + (withBeta ? " +beta" : ""), 1e-5, b -> {
                    Storage o = b.allocate(DType.F32, (long) r * c);
                    Storage mean = b.allocate(DType.F32, r);
                    Storage rstd = b.allocate(DType.F32, r);
                    b.layerNorm(up(b, x), up(b, gamma), withBeta ? up(b, beta) : null, r, c, 1e-5f, o, mean, rstd);
                    return concat(down(b, o, r * c), down(b, mean, r), down(b, rstd, r));
                });
            }
            check("layerNormBackward " + sh + " (accumulating gGamma, gBeta)", 2e-5, b -> {
                Storage xs = up(b, x);
                Storage gm = up(b, gamma);
                Storage o = b.allocate(DType.F32, (long) r * c);
                Storage mean = b.allocate(DType.F32, r);
                Storage rstd = b.allocate(DType.F32, r);
                b.layerNorm(xs, gm, up(b, beta), r, c, 1e-5f, o, mean, rstd);
                Storage gx = b.allocate(DType.F32, (long) r * c);
                Storage gg = up(b, g0);
                Storage gb = up(b, b0);
                b.layerNormBackward(xs, gm, mean, rstd, up(b, gy), r, c, gx, gg, gb);
                return concat(down(b, gx, r * c), down(b, gg, c), down(b, gb, c));
            });
            check("rmsNorm " + sh, 1e-5, b -> {
                Storage o = b.allocate(DType.F32, (long) r * c);
                Storage rstd = b.allocate(DType.F32, r);
                b.rmsNorm(up(b, x), up(b, gamma), r, c, 1e-6f, o, rstd);
                return concat(down(b, o, r * c), down(b, rstd, r));
            });
            check("rmsNormBackward " + sh, 2e-5, b -> {
                Storage xs = up(b, x);
                Storage gm = up(b, gamma);
                Storage o = b.allocate(DType.F32, (long) r * c);
                Storage rstd = b.allocate(DType.F32, r);
                b.rmsNorm(xs, gm, r, c, 1e-6f, o, rstd);
                Storage gx = b.allocate(DType.F32, (long) r * c);
                Storage gg = up(b, g0);
                b.rmsNormBackward(xs, gm, rstd, up(b, gy), r, c, gx, gg);
                return concat(down(b, gx, r * c), down(b, gg, c));
            });
        }
    }

    private void gatherScatter() {
        int[][] cases = {{1, 50, 8, 200}, {3, 7, 5, 11}, {1, 8192, 256, 2048}};
        for (int[] c : cases) {
            int outer = c[0];
            int rows = c[1];
            int inner = c[2];
            int n = c[3];
            float[] src = randn(outer * rows * inner);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = rnd.nextInt(4) == 0 ? 3 % rows : rnd.nextInt(rows);
            }
            float[] grad = randn(outer * n * inner);
            float[] dst0 = randn(outer * rows * inner);
            String sh = Arrays.toString(c);
            exact("indexSelect " + sh, b -> {
                Storage o = b.allocate(DType.F32, (long) outer * n * inner);
                b.indexSelect(up(b, src), outer, rows, inner, upI(b, idx), n, o);
                return down(b, o, outer * n * inner);
            });
            exact("indexAdd " + sh + " (repeated rows, reference order)", b -> {
                Storage d = up(b, dst0);
                b.indexAdd(up(b, grad), outer, rows, inner, upI(b, idx), n, d);
                return down(b, d, dst0.length);
            });
        }
    }

    /**
     * Attention on both of the backend's ways ({@link AttentionKernel}), each against the reference backend; the
     * GEMM way also with TF32 and bf16 products, within their rounding.
     */
    private void attentionBothWays(CudaOptions options) {
        for (AttentionKernel way : new AttentionKernel[] {AttentionKernel.FUSED, AttentionKernel.GEMM}) {
            attentionWith(options.withPrecision(Precision.FP32).withAttention(way), " [" + way.id() + "]", 1);
        }
        attentionWith(options.withPrecision(Precision.TF32).withAttention(AttentionKernel.GEMM), " [gemm, tf32]",
                100);
        attentionWith(options.withPrecision(Precision.BF16).withAttention(AttentionKernel.GEMM), " [gemm, bf16]",
                600);
    }

    private void attentionWith(CudaOptions options, String label, double tolScale) {
        on(options, c -> c.attention(label, tolScale));
    }

    /** Runs {@code checks} on another backend made with {@code options}, counting its results with this check's. */
    private void on(CudaOptions options, Consumer<KernelCheck> checks) {
        try (CudaBackend other = new CudaBackend(options)) {
            KernelCheck c = new KernelCheck(other);
            checks.accept(c);
            passed += c.passed;
            failures.addAll(c.failures);
        }
    }

    /** @param tolScale multiplies the fp32 tolerances (2e-5 forward, 5e-5 backward) */
    private void attention(String way, double tolScale) {
        // {batch, heads, tq, tk, headDim, causal, mask, bias (0 none, 1 shared, 2 per batch), fused qkv}
        int[][] cases = {
            {2, 3, 17, 17, 8, 1, 0, 0, 0},
            {2, 4, 128, 128, 64, 1, 0, 0, 1},
            {1, 2, 5, 33, 16, 1, 1, 0, 0},
            {3, 2, 40, 40, 32, 0, 1, 1, 0},
            {2, 2, 31, 29, 7, 0, 0, 2, 0},
            {1, 1, 70, 70, 128, 1, 0, 1, 0},
            {2, 12, 256, 256, 64, 1, 1, 0, 1},
            {2, 2, 40, 20, 16, 1, 1, 0, 0},
            {2, 3, 300, 300, 64, 1, 1, 0, 1},
        };
        for (int[] c : cases) {
            int bsz = c[0];
            int h = c[1];
            int tq = c[2];
            int tk = c[3];
            int d = c[4];
            boolean causal = c[5] == 1;
            boolean fused = c[8] == 1 && tq == tk;
            AttentionSpec.HeadLayout lq;
            AttentionSpec.HeadLayout lk;
            AttentionSpec.HeadLayout lv;
            int qkvSize;
            int kvSize;
            if (fused) {
                int w = 3 * h * d;
                lq = AttentionSpec.HeadLayout.bthd(0, tq, w, d);
                lk = AttentionSpec.HeadLayout.bthd((long) h * d, tq, w, d);
                lv = AttentionSpec.HeadLayout.bthd(2L * h * d, tq, w, d);
                qkvSize = bsz * tq * w;
                kvSize = 0;
            } else {
                lq = AttentionSpec.HeadLayout.bhtd(h, tq, d);
                lk = AttentionSpec.HeadLayout.bhtd(h, tk, d);
                lv = lk;
                qkvSize = bsz * h * tq * d;
                kvSize = bsz * h * tk * d;
            }
            AttentionSpec.HeadLayout lo = AttentionSpec.HeadLayout.bthd(0, tq, h * d, d);
            int biasBatch = c[7] == 2 ? bsz : 1;
            AttentionSpec spec = new AttentionSpec(bsz, h, tq, tk, d, (float) (1 / Math.sqrt(d)), causal, lq, lk, lv, lo,
                    biasBatch);
            float[] q = randn(qkvSize);
            float[] k = fused ? null : randn(kvSize);
            float[] v = fused ? null : randn(kvSize);
            float[] mask = null;
            if (c[6] == 1) {
                mask = new float[bsz * tk];
                // Key 1 stays visible, so no row has two or more visible keys that are all masked: float rounds
                // their -1e9 scores to one value (uniform weights) where the double reference keeps them apart.
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = i % tk != 1 && rnd.nextInt(5) == 0 ? -1e9f : 0f;
                }
            }
            float[] bias = c[7] == 0 ? null : randn(biasBatch * h * tq * tk);
            float[] gOut = randn(bsz * tq * h * d);
            float[] gq0 = randn(qkvSize);
            float[] gk0 = fused ? null : randn(kvSize);
            float[] gv0 = fused ? null : randn(kvSize);
            float[] gb0 = bias == null ? null : randn(bias.length);
            float[] maskF = mask;
            String sh = String.format(Locale.ROOT, "B%d H%d Tq%d Tk%d D%d%s%s%s%s", bsz, h, tq, tk, d,
                    causal ? " causal" : "", mask != null ? " mask" : "",
                    bias == null ? "" : (biasBatch == 1 ? " bias(shared)" : " bias(per batch)"), fused ? " fused-qkv" : "");
            int outN = bsz * tq * h * d;
            int lseN = bsz * h * tq;
            check("attention " + sh + way, 2e-5 * tolScale, b -> {
                Storage qs = up(b, q);
                Storage ks = fused ? qs : up(b, k);
                Storage vs = fused ? qs : up(b, v);
                Storage o = b.allocate(DType.F32, outN);
                Storage lse = b.allocate(DType.F32, lseN);
                b.attention(spec, qs, ks, vs, maskF == null ? null : up(b, maskF), bias == null ? null : up(b, bias), o, lse);
                return concat(down(b, o, outN), down(b, lse, lseN));
            });
            check("attentionBackward " + sh + way, 5e-5 * tolScale, b -> {
                Storage qs = up(b, q);
                Storage ks = fused ? qs : up(b, k);
                Storage vs = fused ? qs : up(b, v);
                Storage ms = maskF == null ? null : up(b, maskF);
                Storage bs = bias == null ? null : up(b, bias);
                Storage o = b.allocate(DType.F32, outN);
                Storage lse = b.allocate(DType.F32, lseN);
                b.attention(spec, qs, ks, vs, ms, bs, o, lse);
                Storage gq = up(b, gq0);
                Storage gk = fused ? gq : up(b, gk0);
                Storage gv = fused ? gq : up(b, gv0);
                Storage gb = gb0 == null ? null : up(b, gb0);
                b.attentionBackward(spec, qs, ks, vs, ms, bs, o, lse, up(b, gOut), gq, gk, gv, gb);
                float[] r = down(b, gq, qkvSize);
                if (!fused) {
                    r = concat(r, down(b, gk, kvSize), down(b, gv, kvSize));
                }
                if (gb != null) {
                    r = concat(r, down(b, gb, gb0.length));
                }
                return r;
            });
        }
    }

    private void dropoutAndAdamW() {
        int n = 100_003;
        float[] x = randn(n);
        for (float p : new float[] {0f, 0.1f, 0.5f}) {
            exact("dropout p=" + p + " (CounterRng mask)", b -> {
                Storage o = b.allocate(DType.F32, n);
                b.dropout(up(b, x), o, n, p, 1234567L, 987654321L);
                return down(b, o, n);
            });
        }
        float[] p0 = randn(n);
        float[] g = randn(n, 1e-2);
        float[] m0 = randn(n, 1e-3);
        float[] v0 = new float[n];
        for (int i = 0; i < n; i++) {
            v0[i] = Math.abs((float) rnd.nextGaussian()) * 1e-5f;
        }
        for (int step : new int[] {1, 10, 1000}) {
            AdamWStep s = new AdamWStep(3e-4f, 0.9f, 0.95f, 1e-8f, 0.1f, step);
            exact("adamw step " + step, b -> {
                Storage p = up(b, p0);
                Storage m = up(b, m0);
                Storage v = up(b, v0);
                b.adamw(p, up(b, g), m, v, n, s);
                return concat(down(b, p, n), down(b, m, n), down(b, v, n));
            });
        }
    }

    private void graphAndScopes() {
        int m = 64;
        int n = 128;
        int k = 96;
        float[] w = randn(k * n, 0.2);
        float[] gamma = randn(n);
        float[] x1 = randn(m * k);
        float[] x2 = randn(m * k);
        Op eager2 = b -> {
            Storage h = b.allocate(DType.F32, (long) m * n);
            b.gemm(GemmSpec.of(m, n, k, false, false), up(b, x2), 0, up(b, w), 0, h, 0, null, 0f);
            b.unary(UnaryOp.GELU_TANH, h, h, (long) m * n);
            Storage o = b.allocate(DType.F32, (long) m * n);
            b.layerNorm(h, up(b, gamma), null, m, n, 1e-5f, o, b.allocate(DType.F32, m), b.allocate(DType.F32, m));
            return down(b, o, m * n);
        };
        try {
            Storage in = cuda.upload(x1);
            Storage wd = cuda.upload(w);
            Storage gd = cuda.upload(gamma);
            Storage[] out = new Storage[1];
            // warm-up (compiles kernels, fills the allocator cache), then capture
            Runnable step = () -> {
                Storage h = cuda.allocate(DType.F32, (long) m * n);
                cuda.gemm(GemmSpec.of(m, n, k, false, false), in, 0, wd, 0, h, 0, null, 0f);
                cuda.unary(UnaryOp.GELU_TANH, h, h, (long) m * n);
                Storage o = cuda.allocate(DType.F32, (long) m * n);
                cuda.layerNorm(h, gd, null, m, n, 1e-5f, o, cuda.allocate(DType.F32, m), cuda.allocate(DType.F32, m));
                out[0] = o;
            };
            cuda.onDevice(() -> {
                step.run();
                return null;
            });
            try (StepGraph graph = cuda.capture(step)) {
                cuda.write(x2, in, 0);
                graph.replay();
                graph.replay();
                float[] got = down(cuda, out[0], m * n);
                compareArrays("graph capture: replay with new input equals eager", eager2.run(ref), got, 2e-5);
            }
        } catch (RuntimeException e) {
            fail("graph capture", "threw " + e);
        }
        try {
            Storage released;
            Storage kept;
            int owned;
            try (ReleaseScope scope = cuda.openScope()) {
                released = cuda.allocate(DType.F32, 1 << 20);
                for (int i = 0; i < 9; i++) {
                    cuda.allocate(DType.F32, 1 << 20);
                }
                kept = cuda.upload(new float[] {42f});
                scope.keep(kept);
                owned = scope.size();
            }
            float[] back = down(cuda, kept, 1);
            boolean refused;
            try {
                down(cuda, released, 1);
                refused = false;
            } catch (IllegalStateException e) {
                refused = true;
            }
            if (owned == 10 && back[0] == 42f && refused) {
                pass("release scope: released storages refuse use, kept ones work", "10 released, 1 kept");
            } else {
                fail("release scope", "owned " + owned + ", kept value " + back[0] + ", released refused " + refused);
            }
        } catch (RuntimeException e) {
            fail("release scope", "threw " + e);
        }
    }

    private void kernelCache(CudaOptions options) {
        try (CudaBackend second = new CudaBackend(options)) {
            float[] x = randn(100);
            Storage s = second.upload(x);
            second.unary(UnaryOp.TANH, s, s, 100);
            second.synchronize();
            int[] counts = second.kernelCacheCounts();
            if (counts[0] == 0 && counts[1] > 0) {
                pass("kernel cache: a second backend compiles nothing", counts[1] + " module(s) from "
                        + options.cacheRoot());
            } else {
                fail("kernel cache: a second backend compiles nothing", "compiled " + counts[0] + ", cached " + counts[1]);
            }
        }
    }

    /**
     * Runs the check.
     *
     * @param args optional {@code --quick} (fewer precisions)
     */
    public static void main(String[] args) {
        CudaOptions options = CudaOptions.fromSystemProperties().withPrecision(Precision.FP32);
        long t0 = System.nanoTime();
        try (CudaBackend cuda = new CudaBackend(options)) {
            System.out.println("GPU " + cuda.gpu().describe() + ", precision fp32, cuBLASLt "
                    + (cuda.usesCublasLt() ? "on" : "off"));
            KernelCheck k = new KernelCheck(cuda);
            k.memory();
            k.gemm("fp32", cuda, 2e-5);
            k.epilogues();
            k.elementwise();
            k.sums();
            k.softmaxAndLosses();
            k.norms();
            k.gatherScatter();
            k.attentionBothWays(options);
            k.dropoutAndAdamW();
            k.graphAndScopes();
            int[] counts = cuda.kernelCacheCounts();
            System.out.println("INFO kernel modules compiled " + counts[0] + ", from cache " + counts[1]);
            k.kernelCache(options);
            for (Precision p : new Precision[] {Precision.TF32, Precision.BF16}) {
                try (CudaBackend other = new CudaBackend(options.withPrecision(p))) {
                    k.gemm(p.id(), other, p == Precision.TF32 ? 5e-3 : 3e-2);
                }
            }
            k.on(options.withPrecision(Precision.FP32).withCublasLt(false),
                    plain -> plain.gemm("fp32 without cuBLASLt", plain.cuda, 2e-5));
            System.out.printf(Locale.ROOT, "INFO memory %s%n", cuda.memoryStats());
            System.out.printf(Locale.ROOT, "INFO kernel check took %.1f s%n", (System.nanoTime() - t0) / 1e9);
            System.out.println(k.passed + " passed, " + k.failures.size() + " failed");
            System.exit(k.failures.isEmpty() ? 0 : 1);
        }
    }
}
