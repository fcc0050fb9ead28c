package dev.graft.api.surgery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Unit maps, depth maps, config checks, growth cost and the source's integrity. */
class GrowthRulesTest {
    private final ComputeBackend be = new ReferenceBackend();

    @Test
    void leftMapIsUniformExactlyForIntegerRatios() {
        UnitMap twice = UnitMap.left(4, 8);
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1, 2, 3}, twice.toArray());
        assertTrue(twice.uniform());
        assertEquals(2, twice.count(3));
        UnitMap half = UnitMap.left(4, 6);
        assertFalse(half.uniform());
        assertEquals(2, half.count(1));
        assertEquals(1, half.count(2));
        assertTrue(UnitMap.left(4, 12).uniform());
        assertTrue(UnitMap.identity(5).isIdentity());
    }

    @Test
    void randomMapKeepsSourceUnitsInPlace() {
        UnitMap m = UnitMap.random(5, 13, new Random(3));
        for (int j = 0; j < 5; j++) {
            assertEquals(j, m.source(j));
        }
        int total = 0;
        for (int k = 0; k < 5; k++) {
            total += m.count(k);
        }
        assertEquals(13, total);
        assertThrows(IllegalArgumentException.class, () -> new UnitMap(3, new int[] {0, 2, 1, 0}));
        assertThrows(IllegalArgumentException.class, () -> new UnitMap(3, new int[] {0, 1, 2, 3}));
    }

    @Test
    void depthOperatorsPickSourceLayers() {
        assertArrayEquals(new int[] {0, 1, 0, 1, 1}, DepthOperator.STACK.sources(2, 5));
        assertArrayEquals(new int[] {0, 1, 2, 2}, DepthOperator.STACK.sources(3, 4));
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 2}, DepthOperator.STACK.sources(3, 7));
        assertArrayEquals(new int[] {0, 0, 1, 1}, DepthOperator.INTERPOLATE.sources(2, 4));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, DepthOperator.INTERPOLATE.sources(2, 5));
        assertArrayEquals(new int[] {0, 0, 1, 2}, DepthOperator.INTERPOLATE.sources(3, 4));
        assertArrayEquals(new int[] {0, 1, 2}, DepthOperator.STACK.sources(3, 3));
        assertThrows(IllegalArgumentException.class, () -> DepthOperator.STACK.sources(3, 2));
    }

    @Test
    void mappingRecordsLayersAndAddedLayers() {
        Gpt2LMHeadModel s = new Gpt2LMHeadModel(be, TinyModels.gpt(16, 2, 2, 32), 1);
        GrowthMapping m = ModelGrowth.grow(s, TinyModels.gpt(16, 4, 2, 32),
                GrowthSpec.fpi(1).withDepth(DepthOperator.INTERPOLATE, NewLayerInit.IDENTITY)).mapping();
        assertArrayEquals(new int[] {0, 0, 1, 1}, m.layerSources());
        assertFalse(m.isAddedLayer(0));
        assertTrue(m.isAddedLayer(1));
        assertTrue(m.parameter("transformer.h.1.attn.c_proj.weight").isZero());
        assertTrue(m.parameter("transformer.h.1.mlp.c_proj.bias").isZero());
        assertFalse(m.parameter("transformer.h.1.mlp.c_fc.weight").isZero());
        assertEquals(2, m.heads().size());
    }

    @Test
    void headSizeMustStay() {
        Gpt2LMHeadModel s = new Gpt2LMHeadModel(be, TinyModels.gpt(16, 2, 2, 32), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelGrowth.grow(s, TinyModels.gpt(32, 2, 2, 64), GrowthSpec.fpi(1)));
        assertTrue(e.getMessage().contains("n_embd") && e.getMessage().contains("head size 8"), e.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> ModelGrowth.grow(s, Gpt2Config.of(40, TinyModels.T, 16, 2, 2, 32), GrowthSpec.fpi(1)));
        assertTrue(v.getMessage().contains("vocab_size"), v.getMessage());
        IllegalArgumentException smaller = assertThrows(IllegalArgumentException.class,
                () -> ModelGrowth.grow(s, TinyModels.gpt(16, 1, 2, 32), GrowthSpec.fpi(1)));
        assertTrue(smaller.getMessage().contains("n_layer"), smaller.getMessage());
        BertForMaskedLM b = new BertForMaskedLM(be, TinyModels.bert(16, 2, 2, 32), 1);
        IllegalArgumentException bh = assertThrows(IllegalArgumentException.class,
                () -> ModelGrowth.grow(b, TinyModels.bert(24, 2, 2, 32), GrowthSpec.fpi(1)));
        assertTrue(bh.getMessage().contains("num_attention_heads"), bh.getMessage());
    }

    @Test
    void growthCostsOneMultiplyPerProducedElementAndOneAddPerNoiseSample() {
        Gpt2LMHeadModel s = new Gpt2LMHeadModel(be, TinyModels.gpt(16, 2, 2, 32), 1);
        GrowthResult<Gpt2LMHeadModel> wide = ModelGrowth.grow(s, TinyModels.gpt(32, 2, 4, 64), GrowthSpec.fpi(1));
        assertEquals(wide.model().parameterCount(), wide.flops());
        GrowthResult<Gpt2LMHeadModel> noisy = ModelGrowth.grow(s, TinyModels.gpt(32, 2, 4, 64),
                GrowthSpec.fpi(1).withNoise(0.01f));
        assertEquals(2 * noisy.model().parameterCount(), noisy.flops());
        GrowthResult<Gpt2LMHeadModel> deep = ModelGrowth.grow(s, TinyModels.gpt(16, 4, 2, 32),
                GrowthSpec.fpi(1).withDepth(DepthOperator.STACK, NewLayerInit.IDENTITY));
        // Two added layers, each with zeroed attn.c_proj (16×16 + 16) and mlp.c_proj (32×16 + 16).
        long zeroed = 2L * ((16 * 16 + 16) + (32 * 16 + 16));
        assertEquals(deep.model().parameterCount() - zeroed, deep.flops());
    }

    @Test
    void sourceIsOnlyReadAndSharesNothing() {
        Gpt2LMHeadModel s = TinyModels.randomize(new Gpt2LMHeadModel(be, TinyModels.gpt(16, 2, 2, 32), 1), 2, 0.3f);
        Map<String, float[]> before = new java.util.HashMap<>();
        s.namedParameters().forEach((k, v) -> before.put(k, v.toFloatArray()));
        Gpt2LMHeadModel t = ModelGrowth.grow(s, TinyModels.gpt(16, 2, 2, 32), GrowthSpec.aki(1).withNoise(0.1f))
                .model();
        s.namedParameters().forEach((k, v) -> assertArrayEquals(before.get(k), v.toFloatArray(), k));
        Map<Tensor, Boolean> sourceTensors = new IdentityHashMap<>();
        s.parameters().forEach(p -> sourceTensors.put(p, true));
        for (Tensor p : t.parameters()) {
            assertFalse(sourceTensors.containsKey(p));
        }
        assertNotSame(s, t);
    }

    @Test
    void sameSizeFpiIsACopy() {
        BertForMaskedLM s = TinyModels.randomize(new BertForMaskedLM(be, TinyModels.bert(16, 2, 2, 32), 1), 2, 0.3f);
        GrowthResult<BertForMaskedLM> r = ModelGrowth.grow(s, TinyModels.bert(16, 2, 2, 32), GrowthSpec.fpi(1));
        assertTrue(r.exactness().exact());
        s.namedParameters().forEach((k, v) ->
                assertArrayEquals(v.toFloatArray(), r.model().parameter(k).toFloatArray(), k));
    }
}
