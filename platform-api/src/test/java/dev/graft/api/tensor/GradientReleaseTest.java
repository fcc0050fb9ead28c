package dev.graft.api.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The backward pass gives consumed intermediate gradients back to the backend ({@link ComputeBackend#release}).
 * A storage released while anything still reads it would corrupt gradients silently, so these tests run whole
 * models on a backend that fills every released storage with NaN on the spot and count its releases: the
 * gradients must be bit-identical to those of a backend that ignores releases, and a release must have happened.
 */
class GradientReleaseTest {

    private static Map<String, float[]> gradients(ComputeBackend be, TinyModelCase model, long dataSeed) {
        Module m = model.build(be);
        m.train(true);
        model.loss(m, new Random(dataSeed)).backward();
        // A second backward through a fresh graph accumulates into the leaves' existing gradients.
        model.loss(m, new Random(dataSeed)).backward();
        Map<String, float[]> out = new java.util.TreeMap<>();
        m.namedParameters().forEach((name, p) -> {
            assertNotNull(p.grad(), name + " has no gradient");
            out.put(name, p.grad().toFloatArray());
        });
        return out;
    }

    private static void assertSameGradientsAndSomeReleased(TinyModelCase model, long dataSeed) {
        Map<String, float[]> plain = gradients(new ReferenceBackend(), model, dataSeed);
        PoisoningBackend poisoning = new PoisoningBackend();
        Map<String, float[]> poisoned = gradients(poisoning.backend, model, dataSeed);
        assertEquals(plain.keySet(), poisoned.keySet());
        for (String name : plain.keySet()) {
            float[] g = poisoned.get(name);
            for (float v : g) {
                assertTrue(Float.isFinite(v), name + " read a released storage");
            }
            assertArrayEquals(plain.get(name), g, 0f, name);
        }
        assertTrue(poisoning.released.size() > 10, "only " + poisoning.released.size() + " storages released");
    }

    @Test
    void gpt2WithTiedEmbeddingsGetsTheSameGradients() {
        assertSameGradientsAndSomeReleased(TinyModelCase.GPT2, 3);
    }

    @Test
    void bertWithPaddingAndMaskedPositionsGetsTheSameGradients() {
        assertSameGradientsAndSomeReleased(TinyModelCase.BERT, 5);
    }

    @Test
    void t5WithRelativePositionBiasGetsTheSameGradients() {
        assertSameGradientsAndSomeReleased(TinyModelCase.T5, 9);
    }

    @Test
    void gradientsAHookHasSeenAreNotReleased() {
        PoisoningBackend poisoning = new PoisoningBackend();
        ComputeBackend be = poisoning.backend;
        Tensor x = Tensor.randn(be, new Random(1), 1f, 4, 6).requiresGrad(true);
        Tensor w = Tensor.randn(be, new Random(2), 1f, 6, 5).requiresGrad(true);
        Tensor h = x.matmul(w);
        List<Tensor> seen = new ArrayList<>();
        h.onGrad(seen::add);
        h.tanh().sum().backward();
        assertEquals(1, seen.size());
        assertFalse(poisoning.released.containsKey(seen.get(0).storage()));
        for (float v : seen.get(0).toFloatArray()) {
            assertTrue(Float.isFinite(v));
        }
    }
}
