package dev.graft.plugins.bert2bert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.model.t5.T5Config;
import dev.graft.api.model.t5.T5ForConditionalGeneration;
import dev.graft.api.spi.GrowthOperator;
import dev.graft.api.spi.LocalRunContext;
import dev.graft.api.spi.ParameterValues;
import dev.graft.api.spi.PretrainedModel;
import dev.graft.api.surgery.LogitDeviation;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GrowthOperator extensions against the source's logits: FPI at ×2 width is exact, AKI is not. */
class GrowthOperatorTest {
    private final ReferenceBackend be = new ReferenceBackend();

    @TempDir
    Path dir;

    private Tensor ids() {
        Random r = new Random(3);
        int[] x = new int[2 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(31);
        }
        return Tensor.ofInts(be, x, 2, 8);
    }

    /** Every parameter perturbed, so biases and LayerNorm parameters are not trivial. */
    private static void perturb(dev.graft.api.nn.Module m) {
        Random r = new Random(9);
        for (Tensor t : m.parameters()) {
            float[] v = t.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (r.nextGaussian() * 0.2);
            }
            t.copyFrom(v);
        }
    }

    private LogitDeviation bert(GrowthOperator op) {
        BertForMaskedLM src = new BertForMaskedLM(be, BertConfig.of(31, 16, 2, 2, 32, 8), 1);
        perturb(src);
        PretrainedModel grown = op.grow(src, new GrowthOperator.Target(32, 2, 4, 64),
                ParameterValues.defaults(op.parameters()), new LocalRunContext(be, 5, dir));
        BertForMaskedLM g = (BertForMaskedLM) grown;
        assertEquals(32, g.modelConfig().hiddenSize());
        src.eval();
        g.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return LogitDeviation.between(src.forward(ids(), null, null), g.forward(ids(), null, null));
        }
    }

    @Test
    void fpiPreservesABertsLogitsAndAkiDoesNot() {
        LogitDeviation fpi = bert(new FpiGrowth());
        assertTrue(fpi.maxAbs() <= 1e-5, "FPI max |dlogit| " + fpi.maxAbs());
        LogitDeviation aki = bert(new AkiGrowth());
        assertTrue(aki.maxAbs() > 1e-3, "AKI max |dlogit| " + aki.maxAbs());
        assertTrue(new FpiGrowth().functionPreserving());
        assertFalse(new AkiGrowth().functionPreserving());
    }

    @Test
    void fpiPreservesAGpt2WithIdentityLayers() {
        Gpt2LMHeadModel src = new Gpt2LMHeadModel(be, Gpt2Config.of(31, 8, 16, 2, 2, 32), 1);
        perturb(src);
        FpiGrowth op = new FpiGrowth();
        PretrainedModel grown = op.grow(src, new GrowthOperator.Target(32, 4, 4, 64),
                ParameterValues.resolve(op.parameters(), Map.of("new-layers", "identity")),
                new LocalRunContext(be, 5, dir));
        Gpt2LMHeadModel g = (Gpt2LMHeadModel) grown;
        assertEquals(4, g.modelConfig().nLayer());
        src.eval();
        g.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            LogitDeviation d = LogitDeviation.between(src.forward(ids(), null), g.forward(ids(), null));
            assertTrue(d.maxAbs() <= 1e-5, "max |dlogit| " + d.maxAbs());
        }
    }

    @Test
    void refusesOtherFamiliesAndIsRegistered() {
        T5ForConditionalGeneration t5 = new T5ForConditionalGeneration(be, T5Config.v11(31, 16, 2, 32, 1), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FpiGrowth().grow(t5,
                new GrowthOperator.Target(32, 2, 4, 64), ParameterValues.defaults(new FpiGrowth().parameters()),
                new LocalRunContext(be, 5, dir)));
        assertTrue(e.getMessage().contains("t5"), e.getMessage());
        List<String> names = ServiceLoader.load(GrowthOperator.class).stream().map(p -> p.get().name()).toList();
        assertEquals(List.of("fpi", "aki"), names);
    }
}
