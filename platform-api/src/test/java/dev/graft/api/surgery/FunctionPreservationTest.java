package dev.graft.api.surgery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.nn.Module;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Function preservation of growth, on random weights (every parameter perturbed, so biases and LayerNorm
 * shifts are non-trivial) and on a briefly trained source, in evaluation mode and fp32: the exact cases give the
 * source's logits within 1e-5; the cases that are not exact by construction say so, and their measured
 * deviation is printed (the figures in {@code docs/reproductions.md} come from this output).
 */
class FunctionPreservationTest {
    private static final double EXACT = 1e-5;
    private static final List<String> MEASURED = new ArrayList<>();
    private static final ThreadLocal<Double> SCALE = ThreadLocal.withInitial(() -> Double.NaN);
    private final ComputeBackend be = new ReferenceBackend();

    // Source: d=16, 2 heads of 8, FFN 32, 2 layers.
    private static final Gpt2Config GPT = TinyModels.gpt(16, 2, 2, 32);
    private static final BertConfig BERT = TinyModels.bert(16, 2, 2, 32);

    private Gpt2LMHeadModel gptSource(boolean trained) {
        Gpt2LMHeadModel m = TinyModels.randomize(new Gpt2LMHeadModel(be, GPT, 3), 11, 0.3f);
        if (trained) {
            TinyModels.trainGpt(m, 15, 500);
        }
        return m;
    }

    private BertForMaskedLM bertSource(boolean trained) {
        BertForMaskedLM m = TinyModels.randomize(new BertForMaskedLM(be, BERT, 4), 12, 0.3f);
        if (trained) {
            TinyModels.trainBert(m, 15, 600);
        }
        return m;
    }

    private LogitDeviation exactGpt(boolean trained, Gpt2Config to, GrowthSpec spec) {
        Gpt2LMHeadModel src = gptSource(trained);
        GrowthResult<Gpt2LMHeadModel> r = ModelGrowth.grow(src, to, spec);
        Tensor before = TinyModels.logits(src, be);
        LogitDeviation d = LogitDeviation.between(before, TinyModels.logits(r.model(), be));
        SCALE.set(maxAbs(before));
        assertTrue(r.exactness().exact(), "claimed exact: " + r.exactness());
        assertTrue(d.maxAbs() <= EXACT, "max |Δlogits| = " + d.maxAbs());
        assertEquals(1.0, d.top1Agreement());
        return d;
    }

    private LogitDeviation exactBert(boolean trained, BertConfig to, GrowthSpec spec) {
        BertForMaskedLM src = bertSource(trained);
        GrowthResult<BertForMaskedLM> r = ModelGrowth.grow(src, to, spec);
        Tensor before = TinyModels.logits(src, be);
        LogitDeviation d = LogitDeviation.between(before, TinyModels.logits(r.model(), be));
        SCALE.set(maxAbs(before));
        assertTrue(r.exactness().exact(), "claimed exact: " + r.exactness());
        assertTrue(d.maxAbs() <= EXACT, "max |Δlogits| = " + d.maxAbs());
        assertEquals(1.0, d.top1Agreement());
        return d;
    }

    // ------------------------------------------------------------------ exact by construction

    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void gptFpiDoubleWidthPreservesLogits(boolean trained) {
        record("GPT-2", "FPI ×2 hidden, heads 2→4, FFN ×2", trained,
                exactGpt(trained, TinyModels.gpt(32, 2, 4, 64), GrowthSpec.fpi(1)), "exact");
    }

    /** Copy counts of 3 make the splits inexact in binary (÷3), so rounding shows; it must stay below 1e-5. */
    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void tripleWidthPreservesLogitsUpToRounding(boolean trained) {
        record("GPT-2", "FPI ×3 hidden, heads 2→6, FFN ×3", trained,
                exactGpt(trained, TinyModels.gpt(48, 2, 6, 96), GrowthSpec.fpi(1)), "exact");
        record("BERT", "FPI ×3 hidden, heads 2→6, FFN ×3", trained,
                exactBert(trained, TinyModels.bert(48, 2, 6, 96), GrowthSpec.fpi(1)), "exact");
    }

    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void gptFpiOneAndAHalfFfnPreservesLogits(boolean trained) {
        exactGpt(trained, TinyModels.gpt(16, 2, 2, 48), GrowthSpec.fpi(1));
        // Uneven feed-forward copies do not pass through a LayerNorm, so random maps are exact too.
        exactGpt(trained, TinyModels.gpt(16, 2, 2, 48), GrowthSpec.fpi(1).withUnits(UnitChoice.RANDOM));
        record("GPT-2", "FPI ×2 hidden and heads, FFN ×1.5", trained,
                exactGpt(trained, TinyModels.gpt(32, 2, 4, 48), GrowthSpec.fpi(1)), "exact");
    }

    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void gptIdentityDepthInsertPreservesLogits(boolean trained) {
        exactGpt(trained, TinyModels.gpt(16, 4, 2, 32), GrowthSpec.fpi(1)
                .withDepth(DepthOperator.STACK, NewLayerInit.IDENTITY));
        exactGpt(trained, TinyModels.gpt(16, 5, 2, 32), GrowthSpec.fpi(1)
                .withDepth(DepthOperator.INTERPOLATE, NewLayerInit.IDENTITY));
        record("GPT-2", "FPI ×2 width and 2→4 layers, identity blocks", trained,
                exactGpt(trained, TinyModels.gpt(32, 4, 4, 64), GrowthSpec.fpi(1)
                        .withDepth(DepthOperator.INTERPOLATE, NewLayerInit.IDENTITY)), "exact");
    }

    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void bertFpiDoubleWidthPreservesLogits(boolean trained) {
        record("BERT", "FPI ×2 hidden, heads 2→4, FFN ×2", trained,
                exactBert(trained, TinyModels.bert(32, 2, 4, 64), GrowthSpec.fpi(1)), "exact");
    }

    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void bertFpiOneAndAHalfFfnPreservesLogits(boolean trained) {
        exactBert(trained, TinyModels.bert(16, 2, 2, 48), GrowthSpec.fpi(1));
        exactBert(trained, TinyModels.bert(16, 2, 2, 48), GrowthSpec.fpi(1).withUnits(UnitChoice.RANDOM));
        record("BERT", "FPI ×2 hidden and heads, FFN ×1.5", trained,
                exactBert(trained, TinyModels.bert(32, 2, 4, 48), GrowthSpec.fpi(1)), "exact");
    }

    /** The residual stream of the grown model is the source's, each hidden unit repeated as {@code g_h} says. */
    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void hiddenStatesAreConsistentDuplicates(boolean trained) {
        Gpt2LMHeadModel gs = gptSource(trained);
        GrowthResult<Gpt2LMHeadModel> g = ModelGrowth.grow(gs, TinyModels.gpt(32, 2, 4, 64), GrowthSpec.fpi(1));
        assertDuplicated(blockOutputs(gs.transformer().blocks().items(), () -> TinyModels.logits(gs, be)),
                blockOutputs(g.model().transformer().blocks().items(), () -> TinyModels.logits(g.model(), be)),
                g.mapping().hidden());
        BertForMaskedLM bs = bertSource(trained);
        GrowthResult<BertForMaskedLM> b = ModelGrowth.grow(bs, TinyModels.bert(32, 2, 4, 64), GrowthSpec.fpi(1));
        assertDuplicated(blockOutputs(bs.bert().encoder().layers().items(), () -> TinyModels.logits(bs, be)),
                blockOutputs(b.model().bert().encoder().layers().items(), () -> TinyModels.logits(b.model(), be)),
                b.mapping().hidden());
    }

    private static List<Tensor> blockOutputs(List<? extends Module> blocks, Runnable forward) {
        List<Tensor> out = new ArrayList<>();
        List<Module.Registration> regs = new ArrayList<>();
        for (Module m : blocks) {
            regs.add(m.addForwardHook((mod, t) -> out.add(t)));
        }
        forward.run();
        regs.forEach(Module.Registration::close);
        return out;
    }

    private static void assertDuplicated(List<Tensor> small, List<Tensor> big, UnitMap g) {
        assertEquals(small.size(), big.size());
        for (int l = 0; l < small.size(); l++) {
            float[] s = small.get(l).toFloatArray();
            float[] b = big.get(l).toFloatArray();
            int d = g.sourceSize();
            int dd = g.targetSize();
            double max = 0;
            for (int row = 0; row < s.length / d; row++) {
                for (int j = 0; j < dd; j++) {
                    max = Math.max(max, Math.abs(b[row * dd + j] - s[row * d + g.source(j)]));
                }
            }
            assertTrue(max <= EXACT, "layer " + l + " output is not the duplicated source stream: " + max);
        }
    }

    // ------------------------------------------------------------------ not exact by construction: measured

    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void unevenHiddenCopiesAreReportedAndMeasured(boolean trained) {
        GrowthResult<Gpt2LMHeadModel> g = measureGpt("FPI ×1.5 hidden, heads 2→3, FFN ×1.5 (left map)", trained,
                TinyModels.gpt(24, 2, 3, 48), GrowthSpec.fpi(1), Set.of(Inexactness.UNEVEN_HIDDEN_COPIES));
        assertFalse(g.mapping().hidden().uniform());
        GrowthResult<Gpt2LMHeadModel> r = measureGpt("FPI ×2 width, random maps", trained,
                TinyModels.gpt(32, 2, 4, 64), GrowthSpec.fpi(7).withUnits(UnitChoice.RANDOM),
                Set.of(Inexactness.UNEVEN_HIDDEN_COPIES));
        assertFalse(r.mapping().hidden().uniform());
        measureBert("FPI ×1.5 hidden, heads 2→3, FFN ×1.5 (left map)", trained, TinyModels.bert(24, 2, 3, 48),
                GrowthSpec.fpi(1), Set.of(Inexactness.UNEVEN_HIDDEN_COPIES));
        measureBert("FPI ×2 width, random maps", trained, TinyModels.bert(32, 2, 4, 64),
                GrowthSpec.fpi(7).withUnits(UnitChoice.RANDOM), Set.of(Inexactness.UNEVEN_HIDDEN_COPIES));
    }

    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void akiIsReportedAndMeasured(boolean trained) {
        measureGpt("AKI ×2 width", trained, TinyModels.gpt(32, 2, 4, 64), GrowthSpec.aki(1),
                Set.of(Inexactness.AKI_NEXT_LAYER));
        measureBert("AKI ×2 width", trained, TinyModels.bert(32, 2, 4, 64), GrowthSpec.aki(1),
                Set.of(Inexactness.AKI_NEXT_LAYER));
    }

    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void copiedLayersAreReportedAndMeasured(boolean trained) {
        measureGpt("2→4 layers, stacked copies", trained, TinyModels.gpt(16, 4, 2, 32),
                GrowthSpec.fpi(1), Set.of(Inexactness.COPIED_PRE_LN_LAYERS));
        measureBert("2→4 layers, stacked copies", trained, TinyModels.bert(16, 4, 2, 32),
                GrowthSpec.fpi(1), Set.of(Inexactness.POST_LN_DEPTH));
        measureBert("2→4 layers, identity blocks (zero output projections)", trained,
                TinyModels.bert(16, 4, 2, 32), GrowthSpec.fpi(1).withDepth(DepthOperator.INTERPOLATE,
                        NewLayerInit.IDENTITY), Set.of(Inexactness.POST_LN_DEPTH));
    }

    @ParameterizedTest(name = "trained source: {0}")
    @ValueSource(booleans = {false, true})
    void noiseIsReportedAndMeasured(boolean trained) {
        measureGpt("FPI ×2 width + noise σ=0.01", trained, TinyModels.gpt(32, 2, 4, 64),
                GrowthSpec.fpi(1).withNoise(0.01f), Set.of(Inexactness.NOISE));
        measureBert("FPI ×2 width + noise σ=0.01", trained, TinyModels.bert(32, 2, 4, 64),
                GrowthSpec.fpi(1).withNoise(0.01f), Set.of(Inexactness.NOISE));
    }

    private GrowthResult<Gpt2LMHeadModel> measureGpt(String what, boolean trained, Gpt2Config to, GrowthSpec spec,
                                                     Set<Inexactness> expected) {
        Gpt2LMHeadModel src = gptSource(trained);
        GrowthResult<Gpt2LMHeadModel> r = ModelGrowth.grow(src, to, spec);
        Tensor before = TinyModels.logits(src, be);
        LogitDeviation d = LogitDeviation.between(before, TinyModels.logits(r.model(), be));
        SCALE.set(maxAbs(before));
        checkReported(r.exactness(), expected, d);
        record("GPT-2", what, trained, d, r.exactness().toString());
        return r;
    }

    private void measureBert(String what, boolean trained, BertConfig to, GrowthSpec spec,
                             Set<Inexactness> expected) {
        BertForMaskedLM src = bertSource(trained);
        GrowthResult<BertForMaskedLM> r = ModelGrowth.grow(src, to, spec);
        Tensor before = TinyModels.logits(src, be);
        LogitDeviation d = LogitDeviation.between(before, TinyModels.logits(r.model(), be));
        SCALE.set(maxAbs(before));
        checkReported(r.exactness(), expected, d);
        record("BERT", what, trained, d, r.exactness().toString());
    }

    /** A growth that is not exact must say why, and the deviation it claims must really be there. */
    private static void checkReported(Exactness e, Set<Inexactness> expected, LogitDeviation d) {
        assertFalse(e.exact());
        assertEquals(expected, e.causes());
        assertTrue(Double.isFinite(d.maxAbs()));
        assertTrue(d.maxAbs() > EXACT, "reported as not exact, but the measured deviation is only " + d.maxAbs());
    }

    /** Records a measurement with the largest source logit of the same case, for scale. */
    private static synchronized void record(String family, String what, boolean trained, LogitDeviation d,
                                            String exactness) {
        MEASURED.add(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2e | %.2e | %.3f | %s |", family, what,
                trained ? "trained" : "random", SCALE.get(), d.maxAbs(), d.meanAbs(), d.top1Agreement(), exactness));
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float x : t.toFloatArray()) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @AfterAll
    static void printMeasurements() {
        System.out.println("| family | growth | source | max abs logit | max abs Δlogit | mean abs Δlogit"
                + " | top-1 agreement | claim |");
        MEASURED.forEach(System.out::println);
    }
}
