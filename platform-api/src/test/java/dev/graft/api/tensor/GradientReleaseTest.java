package dev.graft.api.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.model.t5.T5Config;
import dev.graft.api.model.t5.T5ForConditionalGeneration;
import dev.graft.api.nn.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The backward pass gives consumed intermediate gradients back to the backend ({@link ComputeBackend#release}).
 * A storage released while anything still reads it would corrupt gradients silently, so these tests run whole
 * models on a backend that fills every released storage with NaN on the spot and count its releases: the
 * gradients must be bit-identical to those of a backend that ignores releases, and a release must have happened.
 */
class GradientReleaseTest {

    private static Map<String, float[]> gradients(ComputeBackend be, Function<ComputeBackend, Module> model,
                                                  Function<Module, Tensor> loss) {
        Module m = model.apply(be);
        m.train(true);
        Tensor l = loss.apply(m);
        l.backward();
        // A second backward through a fresh graph accumulates into the leaves' existing gradients.
        loss.apply(m).backward();
        Map<String, float[]> out = new java.util.TreeMap<>();
        m.namedParameters().forEach((name, p) -> {
            assertNotNull(p.grad(), name + " has no gradient");
            out.put(name, p.grad().toFloatArray());
        });
        return out;
    }

    private static void assertSameGradientsAndSomeReleased(Function<ComputeBackend, Module> model,
                                                           Function<Module, Tensor> loss) {
        Map<String, float[]> plain = gradients(new ReferenceBackend(), model, loss);
        PoisoningBackend poisoning = new PoisoningBackend();
        Map<String, float[]> poisoned = gradients(poisoning.backend, model, loss);
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

    private static Tensor ints(ComputeBackend be, Random r, int bound, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(bound);
        }
        return Tensor.ofInts(be, v, shape);
    }

    @Test
    void gpt2WithTiedEmbeddingsGetsTheSameGradients() {
        Gpt2Config c = Gpt2Config.of(40, 12, 16, 2, 2, 24);
        assertSameGradientsAndSomeReleased(be -> new Gpt2LMHeadModel(be, c, 7), m -> {
            Random r = new Random(3);
            ComputeBackend be = m.parameters().get(0).backend();
            return ((Gpt2LMHeadModel) m).loss(ints(be, r, 40, 2, 9), null, ints(be, r, 40, 2, 9));
        });
    }

    @Test
    void bertWithPaddingAndMaskedPositionsGetsTheSameGradients() {
        BertConfig c = BertConfig.of(30, 16, 2, 2, 24, 10);
        assertSameGradientsAndSomeReleased(be -> new BertForMaskedLM(be, c, 11), m -> {
            Random r = new Random(5);
            ComputeBackend be = m.parameters().get(0).backend();
            Tensor mask = Tensor.ofInts(be, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, 2, 8);
            Tensor logits = ((BertForMaskedLM) m).forwardAt(ints(be, r, 30, 2, 8), null, mask,
                    Tensor.ofInts(be, new int[] {1, 4, 0, 2}, 2, 2));
            return Functional.crossEntropy(logits, ints(be, r, 30, 4), -100, 0.1f);
        });
    }

    @Test
    void t5WithRelativePositionBiasGetsTheSameGradients() {
        T5Config c = T5Config.v11(24, 16, 2, 32, 2);
        assertSameGradientsAndSomeReleased(be -> new T5ForConditionalGeneration(be, c, 13), m -> {
            Random r = new Random(9);
            ComputeBackend be = m.parameters().get(0).backend();
            return ((T5ForConditionalGeneration) m).loss(ints(be, r, 24, 2, 7), null, ints(be, r, 24, 2, 5));
        });
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
