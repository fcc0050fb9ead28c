package dev.graft.api.surgery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.nn.Module;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * AKI (bert2BERT §4.2) element by element, written out here independently of the growth's maps: new heads and
 * feed-forward neurons of layer {@code l} come from layer {@code l+1} (their outgoing weights divided by the same
 * copy counts), hidden-size biases stay with layer {@code l}, and the top layer falls back to FPI.
 */
class AkiTest {
    private final ComputeBackend be = new ReferenceBackend();

    private static float at(Module m, String path, int i, int j) {
        int cols = m.parameter(path).shape()[1];
        return m.parameter(path).toFloatArray()[i * cols + j];
    }

    private static float at(Module m, String path, int j) {
        return m.parameter(path).toFloatArray()[j];
    }

    @Test
    void gptNewFeedForwardNeuronsComeFromTheNextLayer() {
        // FFN 32 → 64 with the left map: new neuron j copies neuron j − 32; every neuron has two copies.
        Gpt2LMHeadModel s = TinyModels.randomize(new Gpt2LMHeadModel(be, TinyModels.gpt(16, 2, 2, 32), 1), 2, 0.3f);
        GrowthResult<Gpt2LMHeadModel> r = ModelGrowth.grow(s, TinyModels.gpt(16, 2, 2, 64), GrowthSpec.aki(1));
        Gpt2LMHeadModel t = r.model();
        assertEquals(Set.of(Inexactness.AKI_NEXT_LAYER), r.exactness().causes());
        String l0 = "transformer.h.0.mlp.";
        String l1 = "transformer.h.1.mlp.";
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 64; j++) {
                String from = j < 32 ? l0 : l1;
                assertEquals(at(s, from + "c_fc.weight", i, j % 32), at(t, l0 + "c_fc.weight", i, j), 0f);
                assertEquals(at(s, from + "c_proj.weight", j % 32, i) / 2, at(t, l0 + "c_proj.weight", j, i), 0f);
                // The top layer has no next layer: plain FPI from itself.
                assertEquals(at(s, l1 + "c_fc.weight", i, j % 32), at(t, l1 + "c_fc.weight", i, j), 0f);
                assertEquals(at(s, l1 + "c_proj.weight", j % 32, i) / 2, at(t, l1 + "c_proj.weight", j, i), 0f);
            }
        }
        for (int j = 0; j < 64; j++) {
            assertEquals(at(s, (j < 32 ? l0 : l1) + "c_fc.bias", j % 32), at(t, l0 + "c_fc.bias", j), 0f);
        }
        for (int i = 0; i < 16; i++) {
            assertEquals(at(s, l0 + "c_proj.bias", i), at(t, l0 + "c_proj.bias", i), 0f);
        }
    }

    @Test
    void gptNewHeadsComeFromTheNextLayer() {
        // Hidden 16 → 32 and heads 2 → 4 (head size 8): hidden unit c copies c mod 16, new heads 2, 3 copy 0, 1.
        Gpt2LMHeadModel s = TinyModels.randomize(new Gpt2LMHeadModel(be, TinyModels.gpt(16, 2, 2, 32), 1), 3, 0.3f);
        Gpt2LMHeadModel t = ModelGrowth.grow(s, TinyModels.gpt(32, 2, 4, 32), GrowthSpec.aki(1)).model();
        String l0 = "transformer.h.0.attn.";
        String l1 = "transformer.h.1.attn.";
        for (int i = 0; i < 32; i++) {
            for (int seg = 0; seg < 3; seg++) {          // q, k, v
                for (int u = 0; u < 32; u++) {            // head·8 + r in the grown segment
                    String from = u < 16 ? l0 : l1;
                    float expected = at(s, from + "c_attn.weight", i % 16, seg * 16 + u % 16) / 2;
                    assertEquals(expected, at(t, l0 + "c_attn.weight", i, seg * 32 + u), 0f);
                }
            }
        }
        for (int u = 0; u < 32; u++) {
            String from = u < 16 ? l0 : l1;
            for (int c = 0; c < 32; c++) {
                assertEquals(at(s, from + "c_proj.weight", u % 16, c % 16) / 2, at(t, l0 + "c_proj.weight", u, c), 0f);
            }
            assertEquals(at(s, l0 + "c_proj.bias", u % 16), at(t, l0 + "c_proj.bias", u), 0f);
        }
    }

    @Test
    void bertNewHeadsAndNeuronsComeFromTheNextLayer() {
        // Hidden 16 → 32, heads 2 → 4, FFN 32 → 64, all with the left map (two copies of everything).
        BertForMaskedLM s = TinyModels.randomize(new BertForMaskedLM(be, TinyModels.bert(16, 2, 2, 32), 1), 4, 0.3f);
        BertForMaskedLM t = ModelGrowth.grow(s, TinyModels.bert(32, 2, 4, 64), GrowthSpec.aki(1)).model();
        String l0 = "bert.encoder.layer.0.";
        String l1 = "bert.encoder.layer.1.";
        for (int o = 0; o < 64; o++) {
            String from = o < 32 ? l0 : l1;
            for (int i = 0; i < 32; i++) {
                assertEquals(at(s, from + "intermediate.dense.weight", o % 32, i % 16) / 2,
                        at(t, l0 + "intermediate.dense.weight", o, i), 0f);
                assertEquals(at(s, from + "output.dense.weight", i % 16, o % 32) / 2,
                        at(t, l0 + "output.dense.weight", i, o), 0f);
            }
        }
        for (int o = 0; o < 32; o++) {
            String from = o < 16 ? l0 : l1;
            assertEquals(at(s, from + "attention.self.query.bias", o % 16), at(t, l0 + "attention.self.query.bias", o),
                    0f);
            for (int i = 0; i < 32; i++) {
                assertEquals(at(s, from + "attention.self.value.weight", o % 16, i % 16) / 2,
                        at(t, l0 + "attention.self.value.weight", o, i), 0f);
                assertEquals(at(s, from + "attention.output.dense.weight", i % 16, o % 16) / 2,
                        at(t, l0 + "attention.output.dense.weight", i, o), 0f);
            }
            // Hidden-size biases stay with their own layer (the draft's quirk of taking them from l+1 is not copied).
            assertEquals(at(s, l0 + "attention.output.dense.bias", o % 16), at(t, l0 + "attention.output.dense.bias", o),
                    0f);
            assertEquals(at(s, l0 + "output.dense.bias", o % 16), at(t, l0 + "output.dense.bias", o), 0f);
        }
    }
}
