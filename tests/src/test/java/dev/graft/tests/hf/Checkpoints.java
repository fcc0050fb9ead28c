package dev.graft.tests.hf;

import dev.graft.api.model.bert.BertConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checkpoint layouts written out here from transformers' module trees, independently of Graft's model classes. */
final class Checkpoints {
    private Checkpoints() {
    }

    /** The tensors {@code BertForMaskedLM.save_pretrained} stores for a config (tied decoder not stored). */
    static Map<String, int[]> bertMlmShapes(BertConfig c) {
        Map<String, int[]> m = new LinkedHashMap<>();
        int h = c.hiddenSize();
        m.put("bert.embeddings.word_embeddings.weight", new int[] {c.vocabSize(), h});
        m.put("bert.embeddings.position_embeddings.weight", new int[] {c.maxPositionEmbeddings(), h});
        m.put("bert.embeddings.token_type_embeddings.weight", new int[] {c.typeVocabSize(), h});
        m.put("bert.embeddings.LayerNorm.weight", new int[] {h});
        m.put("bert.embeddings.LayerNorm.bias", new int[] {h});
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String p = "bert.encoder.layer." + l + ".";
            for (String s : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense")) {
                m.put(p + s + ".weight", new int[] {h, h});
                m.put(p + s + ".bias", new int[] {h});
            }
            m.put(p + "attention.output.LayerNorm.weight", new int[] {h});
            m.put(p + "attention.output.LayerNorm.bias", new int[] {h});
            m.put(p + "intermediate.dense.weight", new int[] {c.intermediateSize(), h});
            m.put(p + "intermediate.dense.bias", new int[] {c.intermediateSize()});
            m.put(p + "output.dense.weight", new int[] {h, c.intermediateSize()});
            m.put(p + "output.dense.bias", new int[] {h});
            m.put(p + "output.LayerNorm.weight", new int[] {h});
            m.put(p + "output.LayerNorm.bias", new int[] {h});
        }
        m.put("cls.predictions.bias", new int[] {c.vocabSize()});
        m.put("cls.predictions.transform.dense.weight", new int[] {h, h});
        m.put("cls.predictions.transform.dense.bias", new int[] {h});
        m.put("cls.predictions.transform.LayerNorm.weight", new int[] {h});
        m.put("cls.predictions.transform.LayerNorm.bias", new int[] {h});
        return m;
    }
}
