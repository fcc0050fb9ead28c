package dev.graft.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.tensor.AttentionSpec;
import dev.graft.api.tensor.AttentionSpec.HeadLayout;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Storage;
import dev.graft.cuda.kernels.AttentionGemms.Buffer;
import dev.graft.cuda.kernels.AttentionGemms.Product;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The products of attention computed as GEMMs, run through a plain-Java column-major strided-batched GEMM (what
 * {@code cublasGemmStridedBatchedEx} computes) with the row steps between them written out in Java, reproduce
 * the ReferenceBackend's attention and its backward: every operand, op, leading dimension and stride of the
 * plan is right, for separate q/k/v tensors and for one fused QKV projection, with and without the causal rule
 * and a key mask. (The CUDA row kernels themselves are checked on a GPU by {@code KernelCheck}.)
 */
class AttentionGemmsTest {

    /** What cuBLAS computes for one product: column-major, head by head, double accumulation. */
    static void gemm(Product p, Map<Buffer, float[]> mem) {
        float[] a = mem.get(p.a().buffer());
        float[] b = mem.get(p.b().buffer());
        float[] c = mem.get(p.c().buffer());
        for (int h = 0; h < p.batch(); h++) {
            for (int i = 0; i < p.m(); i++) {
                for (int j = 0; j < p.n(); j++) {
                    double sum = 0;
                    for (int l = 0; l < p.k(); l++) {
                        double x = p.transA() ? at(a, p.a(), h, l, i) : at(a, p.a(), h, i, l);
                        double y = p.transB() ? at(b, p.b(), h, j, l) : at(b, p.b(), h, l, j);
                        sum += x * y;
                    }
                    int ci = index(p.c(), h, i, j);
                    c[ci] = (float) (p.alpha() * sum + (p.beta() == 0f ? 0 : p.beta() * c[ci]));
                }
            }
        }
    }

    private static int index(AttentionGemms.Operand o, int h, int row, int col) {
        return Math.toIntExact(o.offset() + h * o.stride() + row + (long) col * o.ld());
    }

    private static float at(float[] m, AttentionGemms.Operand o, int h, int row, int col) {
        return m[index(o, h, row, col)];
    }

    private static int keyEnd(AttentionSpec s, int i) {
        return s.causal() ? Math.min(s.tk(), Math.max(0, i + s.tk() - s.tq() + 1)) : s.tk();
    }

    private record Case(AttentionSpec spec, float[] qkv, float[] k, float[] v, float[] mask, int outSize) {
        boolean fused() {
            return k == null;
        }
    }

    private static float[] randn(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static Case make(int batch, int heads, int tq, int tk, int d, boolean causal, boolean masked,
                             boolean fused, Random r) {
        HeadLayout q;
        HeadLayout k;
        HeadLayout v;
        float[] qkv;
        float[] kb = null;
        float[] vb = null;
        if (fused) {
            int w = 3 * heads * d;
            q = HeadLayout.bthd(0, tq, w, d);
            k = HeadLayout.bthd((long) heads * d, tk, w, d);
            v = HeadLayout.bthd(2L * heads * d, tk, w, d);
            qkv = randn(r, batch * tq * w);
        } else {
            q = HeadLayout.bhtd(heads, tq, d);
            k = HeadLayout.bhtd(heads, tk, d);
            v = k;
            qkv = randn(r, batch * heads * tq * d);
            kb = randn(r, batch * heads * tk * d);
            vb = randn(r, batch * heads * tk * d);
        }
        HeadLayout out = HeadLayout.bthd(0, tq, heads * d, d);
        float[] mask = null;
        if (masked) {
            mask = new float[batch * tk];
            for (int i = 0; i < mask.length; i++) {
                // key 1 stays visible: no row has several visible keys that are all masked (see KernelCheck)
                mask[i] = i % tk != 1 && r.nextInt(4) == 0 ? -1e9f : 0f;
            }
        }
        AttentionSpec spec = new AttentionSpec(batch, heads, tq, tk, d, (float) (1 / Math.sqrt(d)), causal, q, k, v,
                out, 1);
        return new Case(spec, qkv, kb, vb, mask, batch * tq * heads * d);
    }

    /** The forward as the backend runs it: scores, the row softmax (the CUDA kernel's rule), output. */
    private static void forward(Case c, Map<Buffer, float[]> mem, float[] lse) {
        AttentionSpec s = c.spec();
        float[] p = mem.get(Buffer.SCORES);
        for (int b = 0; b < s.batch(); b++) {
            gemm(AttentionGemms.scores(s, b), mem);
            for (int row = 0; row < s.heads() * s.tq(); row++) {
                int end = keyEnd(s, row % s.tq());
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < end; j++) {
                    p[row * s.tk() + j] += c.mask() == null ? 0f : c.mask()[b * s.tk() + j];
                    m = Math.max(m, p[row * s.tk() + j]);
                }
                double l = 0;
                for (int j = 0; j < end; j++) {
                    l += Math.exp(p[row * s.tk() + j] - m);
                }
                for (int j = 0; j < s.tk(); j++) {
                    p[row * s.tk() + j] = j < end && l > 0 ? (float) (Math.exp(p[row * s.tk() + j] - m) / l) : 0f;
                }
                lse[b * s.heads() * s.tq() + row] = l > 0 ? (float) (m + Math.log(l)) : Float.NEGATIVE_INFINITY;
            }
            gemm(AttentionGemms.output(s, b), mem);
        }
    }

    private static Map<Buffer, float[]> memory(Case c) {
        AttentionSpec s = c.spec();
        Map<Buffer, float[]> mem = new EnumMap<>(Buffer.class);
        mem.put(Buffer.Q, c.qkv());
        mem.put(Buffer.K, c.fused() ? c.qkv() : c.k());
        mem.put(Buffer.V, c.fused() ? c.qkv() : c.v());
        mem.put(Buffer.OUT, new float[c.outSize()]);
        mem.put(Buffer.SCORES, new float[s.heads() * s.tq() * s.tk()]);
        mem.put(Buffer.GRAD_SCORES, new float[s.heads() * s.tq() * s.tk()]);
        return mem;
    }

    private static void assertClose(String what, float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1;
        for (float e : expected) {
            if (Float.isFinite(e)) {
                scale = Math.max(scale, Math.abs(e));
            }
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.isInfinite(expected[i])) {
                assertEquals(expected[i], actual[i], what + " at " + i);
            } else {
                assertTrue(Math.abs(expected[i] - actual[i]) <= tol * scale,
                        what + " at " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }

    private static float[] floats(ReferenceBackend ref, Storage s) {
        float[] out = new float[Math.toIntExact(s.size())];
        ref.download(s, 0, out, 0, out.length);
        return out;
    }

    @ParameterizedTest(name = "B{0} H{1} Tq{2} Tk{3} D{4} causal={5} mask={6} fused={7}")
    @CsvSource({
        "2, 3, 7, 7, 8, true, false, false",
        "2, 2, 9, 9, 16, true, true, true",
        "1, 2, 5, 11, 8, true, true, false",
        "2, 2, 12, 6, 4, true, false, false",
        "3, 1, 6, 10, 5, false, true, false",
        "1, 4, 16, 16, 8, false, false, true",
    })
    void forwardAndBackwardReproduceTheReference(int batch, int heads, int tq, int tk, int d, boolean causal,
                                                 boolean masked, boolean fused) {
        Random r = new Random(31L * batch + 7L * tq + tk + (fused ? 1 : 0));
        Case c = make(batch, heads, tq, tk, d, causal, masked, fused, r);
        AttentionSpec s = c.spec();
        ReferenceBackend ref = new ReferenceBackend();
        Storage q = ref.upload(c.qkv());
        Storage k = c.fused() ? q : ref.upload(c.k());
        Storage v = c.fused() ? q : ref.upload(c.v());
        Storage mask = c.mask() == null ? null : ref.upload(c.mask());
        Storage out = ref.allocate(DType.F32, c.outSize());
        Storage lse = ref.allocate(DType.F32, batch * heads * tq);
        ref.attention(s, q, k, v, mask, null, out, lse);

        Map<Buffer, float[]> mem = memory(c);
        float[] lse2 = new float[batch * heads * tq];
        forward(c, mem, lse2);
        assertClose("out", floats(ref, out), mem.get(Buffer.OUT), 1e-5);
        assertClose("lse", floats(ref, lse), lse2, 1e-5);

        float[] gOut = randn(r, c.outSize());
        float[] gq0 = randn(r, c.qkv().length);
        float[] gk0 = c.fused() ? null : randn(r, c.k().length);
        float[] gv0 = c.fused() ? null : randn(r, c.v().length);
        Storage gq = ref.upload(gq0);
        Storage gk = c.fused() ? gq : ref.upload(gk0);
        Storage gv = c.fused() ? gq : ref.upload(gv0);
        ref.attentionBackward(s, q, k, v, mask, null, out, lse, ref.upload(gOut), gq, gk, gv, null);

        // The backward as the backend runs it, from the forward's out and lse above.
        float[] o = mem.get(Buffer.OUT);
        mem.put(Buffer.GRAD_OUT, gOut);
        mem.put(Buffer.GRAD_Q, gq0.clone());
        mem.put(Buffer.GRAD_K, c.fused() ? mem.get(Buffer.GRAD_Q) : gk0.clone());
        mem.put(Buffer.GRAD_V, c.fused() ? mem.get(Buffer.GRAD_Q) : gv0.clone());
        float[] p = mem.get(Buffer.SCORES);
        float[] dp = mem.get(Buffer.GRAD_SCORES);
        for (int b = 0; b < batch; b++) {
            gemm(AttentionGemms.scores(s, b), mem);
            for (int e = 0; e < p.length; e++) {
                int row = e / tk;
                int j = e % tk;
                float l = lse2[b * heads * tq + row];
                boolean visible = j < keyEnd(s, row % tq) && l != Float.NEGATIVE_INFINITY;
                p[e] = visible ? (float) Math.exp(p[e] + (c.mask() == null ? 0f : c.mask()[b * tk + j]) - l) : 0f;
            }
            gemm(AttentionGemms.gradValues(s, b), mem);
            gemm(AttentionGemms.gradProbs(s, b), mem);
            for (int e = 0; e < dp.length; e++) {
                int row = e / tk;
                int h = row / tq;
                int i = row % tq;
                long oi = s.out().offset() + b * s.out().batchStride() + h * s.out().headStride() + i * s.out().rowStride();
                double delta = 0;
                for (int dd = 0; dd < d; dd++) {
                    delta += (double) gOut[(int) oi + dd] * o[(int) oi + dd];
                }
                dp[e] = (float) (p[e] * (dp[e] - delta));
            }
            gemm(AttentionGemms.gradQueries(s, b), mem);
            gemm(AttentionGemms.gradKeys(s, b), mem);
        }
        assertClose("gq", floats(ref, gq), mem.get(Buffer.GRAD_Q), 5e-5);
        if (!c.fused()) {
            assertClose("gk", floats(ref, gk), mem.get(Buffer.GRAD_K), 5e-5);
            assertClose("gv", floats(ref, gv), mem.get(Buffer.GRAD_V), 5e-5);
        }
    }
}
