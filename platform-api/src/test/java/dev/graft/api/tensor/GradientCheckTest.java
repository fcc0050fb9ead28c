package dev.graft.api.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every differentiable op against central finite differences on the ReferenceBackend. */
class GradientCheckTest {
    private final ComputeBackend be = new ReferenceBackend();
    private final Random rng = new Random(42);
    private static final double H = 1e-2;
    private static final double TOL = 2e-2;

    private Tensor r(int... shape) {
        return GradCheck.rand(be, rng, shape);
    }

    @Test
    void broadcastingArithmetic() {
        GradCheck.check("add", in -> in[0].add(in[1]), H, TOL, r(3, 4), r(4));
        GradCheck.check("sub", in -> in[0].sub(in[1]), H, TOL, r(2, 1, 3), r(2, 3));
        GradCheck.check("mul", in -> in[0].mul(in[1]), H, TOL, r(3, 4), r(3, 1));
        Tensor pos = Tensor.of(be, new float[] {1.5f, 2f, -1.7f, 3f}, 4).requiresGrad(true);
        GradCheck.check("div", in -> in[0].div(in[1]), H, TOL, r(2, 4), pos);
        GradCheck.check("affine", in -> in[0].affine(-2.5f, 0.5f), H, TOL, r(5));
    }

    @Test
    void unaryOps() {
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.SQUARE, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.SILU,
                UnaryOp.GELU_ERF, UnaryOp.GELU_TANH}) {
            GradCheck.check(op.name(), in -> in[0].apply(op), 1e-3, TOL, r(7));
        }
        Tensor pos = Tensor.of(be, new float[] {0.5f, 1.2f, 2.2f, 3.1f}, 4).requiresGrad(true);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.LOG, UnaryOp.SQRT, UnaryOp.RSQRT, UnaryOp.RECIPROCAL}) {
            GradCheck.check(op.name(), in -> in[0].apply(op), 1e-3, TOL, pos);
        }
        Tensor away = Tensor.of(be, new float[] {-1.5f, -0.3f, 0.4f, 2f}, 4).requiresGrad(true);
        GradCheck.check("relu", in -> in[0].relu(), 1e-3, TOL, away);
        GradCheck.check("abs", in -> in[0].apply(UnaryOp.ABS), 1e-3, TOL, away);
    }

    @Test
    void matmulAllTransposesAndBatches() {
        GradCheck.check("mm", in -> in[0].matmul(in[1]), H, TOL, r(3, 5), r(5, 4));
        GradCheck.check("mm flattened batch", in -> in[0].matmul(in[1]), H, TOL, r(2, 3, 5), r(5, 4));
        GradCheck.check("bmm", in -> in[0].matmul(in[1]), H, TOL, r(2, 3, 5), r(2, 5, 4));
        GradCheck.check("bmm broadcast B", in -> Functional.matmul(in[0], in[1], true, false), H, TOL,
                r(2, 5, 3), r(5, 4));
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor a = ta ? r(2, 5, 3) : r(2, 3, 5);
                Tensor b = tb ? r(2, 4, 5) : r(2, 5, 4);
                GradCheck.check("bmm " + ta + tb, in -> Functional.matmul(in[0], in[1], ta, tb), H, TOL, a, b);
            }
        }
        GradCheck.check("linear", in -> Functional.linear(in[0], in[1], in[2]), H, TOL, r(2, 3, 5), r(4, 5), r(4));
        GradCheck.check("addmm", in -> Functional.addmm(in[0], in[1], in[2]), H, TOL, r(3, 5), r(5, 4), r(4));
    }

    @Test
    void reductionsAndSoftmax() {
        GradCheck.check("sum axis", in -> in[0].sum(1, false), H, TOL, r(2, 3, 4));
        GradCheck.check("mean keep", in -> in[0].mean(-1, true), H, TOL, r(3, 4));
        GradCheck.check("sum all", in -> in[0].sum(), H, TOL, r(3, 4));
        GradCheck.check("softmax", in -> in[0].softmax(), 1e-3, TOL, r(3, 6));
        GradCheck.check("logSoftmax", in -> in[0].logSoftmax(), 1e-3, TOL, r(3, 6));
    }

    @Test
    void shapeOps() {
        GradCheck.check("reshape", in -> in[0].reshape(4, -1).mul(in[0].reshape(4, 3)), H, TOL, r(2, 6));
        GradCheck.check("permute", in -> in[0].permute(2, 0, 1), H, TOL, r(2, 3, 4));
        GradCheck.check("transpose", in -> in[0].transpose(0, 1), H, TOL, r(3, 5));
        GradCheck.check("slice", in -> in[0].slice(1, 1, 3), H, TOL, r(2, 4, 3));
        GradCheck.check("concat", in -> Functional.concat(1, in[0], in[1]), H, TOL, r(2, 3), r(2, 2));
        GradCheck.check("unsqueeze", in -> in[0].unsqueeze(1).mul(in[1]), H, TOL, r(2, 3), r(2, 4, 3));
    }

    @Test
    void normsAndEmbedding() {
        GradCheck.check("layerNorm", in -> Functional.layerNorm(in[0], in[1], in[2], 1e-5f), 1e-2, TOL,
                r(3, 5), r(5), r(5));
        GradCheck.check("rmsNorm", in -> Functional.rmsNorm(in[0], in[1], 1e-6f), 1e-2, TOL, r(3, 5), r(5));
        Tensor ids = Tensor.ofInts(be, new int[] {2, 0, 2, 3, 1, 2}, 2, 3);
        GradCheck.check("embedding", in -> Functional.embedding(in[0], ids), H, TOL, r(4, 3));
    }

    @Test
    void crossEntropyWithIgnoreAndSmoothing() {
        Tensor targets = Tensor.ofInts(be, new int[] {1, -100, 4, 0}, 4);
        for (float eps : new float[] {0f, 0.1f}) {
            GradCheck.check("crossEntropy eps=" + eps,
                    in -> Functional.crossEntropy(in[0], targets, -100, eps), 1e-2, TOL, r(4, 5));
        }
    }

    @Test
    void crossEntropyMatchesDefinition() {
        float[] x = {1f, 2f, 0.5f, -1f, 0f, 3f};
        Tensor logits = Tensor.of(be, x, 2, 3);
        Tensor t = Tensor.ofInts(be, new int[] {2, 0}, 2);
        double l0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5)) - 0.5;
        double l1 = Math.log(Math.exp(-1) + Math.exp(0) + Math.exp(3)) + 1;
        assertEquals((l0 + l1) / 2, Functional.crossEntropy(logits, t, -100, 0f).item(), 1e-6);
    }

    @Test
    void attentionVariants() {
        Tensor mask = Functional.keyMask(Tensor.ofInts(be, new int[] {1, 1, 1, 0, 1, 1, 1, 1}, 2, 4));
        AttentionOptions[] opts = {
                AttentionOptions.BIDIRECTIONAL,
                AttentionOptions.CAUSAL,
                AttentionOptions.BIDIRECTIONAL.withKeyMask(mask),
                AttentionOptions.CAUSAL.withKeyMask(mask).withScale(1f),
        };
        for (AttentionOptions o : opts) {
            GradCheck.check("attention " + o.causal(), in -> Functional.attention(in[0], in[1], in[2], 2, o),
                    1e-2, TOL, r(2, 4, 6), r(2, 4, 6), r(2, 4, 6));
            GradCheck.check("packed attention " + o.causal(),
                    in -> Functional.packedSelfAttention(in[0], 2, o), 1e-2, TOL, r(2, 4, 18));
        }
        Tensor bias = r(1, 2, 3, 4);
        GradCheck.check("cross attention with bias",
                in -> Functional.attention(in[0], in[1], in[2], 2, AttentionOptions.BIDIRECTIONAL.withBias(in[3])),
                1e-2, TOL, r(2, 3, 4), r(2, 4, 4), r(2, 4, 4), bias);
    }

    @Test
    void dropoutBackwardUsesTheForwardMask() {
        DropoutRng rng1 = new DropoutRng(3);
        Tensor x = r(50);
        Tensor y = Functional.dropout(x, 0.3f, rng1);
        y.sum().backward();
        float[] yv = y.toFloatArray();
        float[] xv = x.toFloatArray();
        float[] g = x.grad().toFloatArray();
        int dropped = 0;
        for (int i = 0; i < yv.length; i++) {
            if (yv[i] == 0f) {
                dropped++;
                assertEquals(0f, g[i]);
            } else {
                assertEquals(xv[i] / 0.7f, yv[i], 1e-5);
                assertEquals(1f / 0.7f, g[i], 1e-5);
            }
        }
        assertTrue(dropped > 5 && dropped < 30, "about 30% dropped, got " + dropped);
        assertEquals(50, rng1.counter());
    }

    @Test
    void gradientsAccumulateAcrossUsesAndBackwards() {
        Tensor x = Tensor.of(be, new float[] {1f, 2f}, 2).requiresGrad(true);
        x.mul(x).add(x).sum().backward(); // d/dx (x² + x) = 2x + 1
        assertArrayEquals(new float[] {3f, 5f}, x.grad().toFloatArray());
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {6f, 8f}, x.grad().toFloatArray());
    }

    private static void assertArrayEquals(float[] want, float[] got) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, 1e-6f);
    }

    @Test
    void clearErrors() {
        Tensor a = r(2, 3);
        Tensor b = r(4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.add(r(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        Tensor other = Tensor.zeros(new ReferenceBackend(), 2, 3);
        e = assertThrows(IllegalArgumentException.class, () -> a.add(other));
        assertTrue(e.getMessage().contains("different backends"), e.getMessage());
        Tensor loss = a.mul(a).sum();
        loss.backward();
        IllegalStateException s = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(s.getMessage().contains("already freed"), s.getMessage());
    }

    @Test
    void noGradRecordsNothing() {
        Tensor a = r(3);
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor y = a.mul(a);
            assertTrue(!y.requiresGrad() && !y.hasGradFn());
        }
        assertTrue(a.mul(a).requiresGrad());
    }

    @Test
    void flopCounterCountsMatmulForwardAndBackward() {
        try (FlopCounter c = FlopCounter.start()) {
            Tensor y = r(3, 5).matmul(r(5, 4));
            assertEquals(2L * 3 * 5 * 4, c.count());
            y.sum().backward();
            assertEquals(3 * 2L * 3 * 5 * 4, c.count());
        }
    }
}
