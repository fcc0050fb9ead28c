package dev.graft.tests.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.graft.api.model.HfBatch;
import dev.graft.api.model.HiddenStates;
import dev.graft.api.model.ModelFamilies;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.optim.AdamW;
import dev.graft.api.tensor.Backends;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fixture models loaded through their model family reproduce {@code transformers}: logits, every hidden
 * state, every gradient and the losses of the AdamW run, on every CPU backend present (or on the backend that
 * {@code -Dgraft.test.backend} names).
 */
class ModelParityTest {
    /**
     * The backends to check: the one {@code -Dgraft.test.backend=NAME} names (scripts/gpu-check.sh runs these
     * tests with {@code cuda}), else the CPU backends on the class path: always the reference backend, and the
     * fast one when present.
     */
    static List<String> backends() {
        String only = System.getProperty("graft.test.backend", "");
        if (!only.isBlank()) {
            return List.of(only.strip());
        }
        return cpuBackends();
    }

    /** The CPU backends on the class path: always the reference backend, and the fast one when present. */
    static List<String> cpuBackends() {
        return Backends.available().stream().filter(n -> n.equals("reference") || n.equals("cpu")).toList();
    }

    static Stream<Arguments> modelsAndBackends() {
        List<Arguments> out = new ArrayList<>();
        for (String backend : backends()) {
            for (String model : Fixtures.MODELS) {
                out.add(Arguments.of(model, backend));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("modelsAndBackends")
    void forwardBackwardAndAdamWMatchTransformers(String model, String backend) throws IOException {
        Path dir = Fixtures.dir(model);
        try (ComputeBackend be = Backends.create(backend); Reference ref = Reference.of(model);
             PretrainedModule m = (PretrainedModule) ModelFamilies.load(dir, be)) {
            HfBatch batch = HfBatch.readJson(dir.resolve("reference.json"));
            PretrainedModule.BatchOutput out;
            Map<String, Tensor> states;
            try (HiddenStates hs = HiddenStates.capture(m.hiddenStateTaps())) {
                out = m.forward(batch);
                states = hs.states();
            }
            ref.checkAtRealPositions("logits", out.logits().toFloatArray(), out.logits().shape());
            assertEquals(ref.hiddenStateNames(), new TreeSet<>(states.keySet()), "hidden state names");
            for (Map.Entry<String, Tensor> s : states.entrySet()) {
                ref.checkAtRealPositions(s.getKey(), s.getValue().toFloatArray(), s.getValue().shape());
            }

            Tensor loss = out.loss();
            assertNotNull(loss, "the fixture batch has labels");
            loss.backward();
            Map<String, float[]> grads = new java.util.LinkedHashMap<>();
            m.checkpointParameters().forEach((name, p) -> grads.put(name, p.grad().toFloatArray()));
            ref.checkGradients(grads);

            Map<String, Double> h = ref.adamw();
            AdamW opt = new AdamW(m.parameters(), h.get("lr").floatValue(), h.get("beta1").floatValue(),
                    h.get("beta2").floatValue(), h.get("eps").floatValue(), h.get("weight_decay").floatValue());
            double[] losses = new double[ref.losses().length];
            losses[0] = loss.item();
            opt.step();
            m.zeroGrad();
            for (int i = 1; i < losses.length; i++) {
                Tensor l = m.forward(batch).loss();
                l.backward();
                opt.step();
                m.zeroGrad();
                losses[i] = l.item();
            }
            ref.checkLosses(losses);
        }
    }
}
