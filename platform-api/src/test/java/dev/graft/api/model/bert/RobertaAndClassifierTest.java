package dev.graft.api.model.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.api.model.ConfigFields;
import dev.graft.api.model.ModelType;
import dev.graft.api.nn.Activation;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RoBERTa's position ids and heads, and the sequence-classification head, against independent formulations. */
class RobertaAndClassifierTest {
    private static final int VOCAB = 30;
    private static final int PAD = 1;
    private final ComputeBackend be = new ReferenceBackend();

    private static BertConfig config(ModelType type, Map<Integer, String> labels, String problem) {
        return new BertConfig(VOCAB, 16, 2, 2, 32, Activation.GELU, 0f, 0f, 20, 2, 1e-5f, 0.3f, type, null, PAD,
                null, null, true, List.of(), labels, problem, ConfigFields.empty());
    }

    @Test
    void robertaNumbersRealTokensAfterThePadIndex() {
        BertModel m = new BertModel(be, config(ModelType.ROBERTA, Map.of(), null), new java.util.Random(1),
                new dev.graft.api.tensor.DropoutRng(1));
        int[] ids = {0, 5, 6, PAD, PAD, 0, 7, PAD, 9, 2};
        Tensor pos = m.embeddings().positionIds(Tensor.ofInts(be, ids, 2, 5));
        // create_position_ids_from_input_ids: cumsum of non-pad tokens, plus the pad index; pads get the pad index
        assertArrayEquals(new int[] {2, 3, 4, 1, 1, 2, 3, 1, 4, 5}, pos.toIntArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.embeddings().positionIds(Tensor.ofInts(be, new int[19], 1, 19)));
        assertEquals("a sequence of 19 tokens needs position id 20 but max_position_embeddings is 20", e.getMessage());
    }

    @Test
    void robertaEqualsBertWhosePositionTableIsShiftedPastThePadIndex() {
        BertForMaskedLM roberta = new BertForMaskedLM(be, config(ModelType.ROBERTA, Map.of(), null), 3);
        BertConfig bc = config(ModelType.BERT, Map.of(), null);
        BertForMaskedLM bert = new BertForMaskedLM(be, bc, 4);
        Map<String, Tensor> r = roberta.namedParameters();
        for (Map.Entry<String, Tensor> p : bert.namedParameters().entrySet()) {
            String name = p.getKey().replaceFirst("^bert\\.", "roberta.")
                    .replace("cls.predictions.transform.dense", "lm_head.dense")
                    .replace("cls.predictions.transform.LayerNorm", "lm_head.layer_norm")
                    .replace("cls.predictions.bias", "lm_head.bias");
            float[] v = r.get(name).toFloatArray();
            if (name.equals("roberta.embeddings.position_embeddings.weight")) {
                // BERT's row i is RoBERTa's row pad + 1 + i
                float[] shifted = new float[v.length];
                System.arraycopy(v, (PAD + 1) * 16, shifted, 0, v.length - (PAD + 1) * 16);
                v = shifted;
            }
            p.getValue().copyFrom(v);
        }
        roberta.eval();
        bert.eval();
        int[] ids = {0, 5, 6, 7, 2, 0, 8, 2, PAD, PAD};
        int[] mask = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
        float[] a = roberta.forward(Tensor.ofInts(be, ids, 2, 5), null, Tensor.ofInts(be, mask, 2, 5)).toFloatArray();
        float[] b = bert.forward(Tensor.ofInts(be, ids, 2, 5), null, Tensor.ofInts(be, mask, 2, 5)).toFloatArray();
        for (int i = 0; i < 8 * VOCAB; i++) {       // the eight real positions; the heads differ only in
            assertEquals(b[i], a[i], 1e-5f, "logit " + i); // the activation, which is GELU for both here
        }
    }

    @Test
    void parameterNamesAreTransformersKeys() {
        Map<String, Tensor> bert = new BertForSequenceClassification(be, config(ModelType.BERT, Map.of(), null), 1)
                .namedParameters();
        assertEquals(List.of(16, 16), List.of(bert.get("bert.pooler.dense.weight").shape()[0],
                bert.get("bert.pooler.dense.weight").shape()[1]));
        assertArrayEquals(new int[] {2, 16}, bert.get("classifier.weight").shape());
        assertArrayEquals(new int[] {2}, bert.get("classifier.bias").shape());
        Map<String, Tensor> roberta = new BertForSequenceClassification(be,
                config(ModelType.ROBERTA, Map.of(0, "a", 1, "b", 2, "c"), null), 1).namedParameters();
        assertArrayEquals(new int[] {16, 16}, roberta.get("classifier.dense.weight").shape());
        assertArrayEquals(new int[] {3, 16}, roberta.get("classifier.out_proj.weight").shape());
        assertEquals(false, roberta.keySet().stream().anyMatch(n -> n.contains("pooler")), "RoBERTa has no pooler");
        Map<String, Tensor> mlm = new BertForMaskedLM(be, config(ModelType.ROBERTA, Map.of(), null), 1)
                .namedParameters();
        assertEquals(new java.util.TreeSet<>(List.of("lm_head.dense.weight", "lm_head.dense.bias",
                "lm_head.layer_norm.weight", "lm_head.layer_norm.bias", "lm_head.bias")),
                new java.util.TreeSet<>(mlm.keySet().stream().filter(n -> n.startsWith("lm_head")).toList()));
    }

    @Test
    void classificationLossesMatchTheirClosedForms() {
        ComputeBackend b = be;
        int[] ids = {2, 5, 6, 3, 2, 7, 3, 0};
        Tensor input = Tensor.ofInts(b, ids, 2, 4);
        Tensor mask = Tensor.ofInts(b, new int[] {1, 1, 1, 1, 1, 1, 1, 0}, 2, 4);

        BertForSequenceClassification single = new BertForSequenceClassification(b,
                config(ModelType.BERT, Map.of(0, "x", 1, "y", 2, "z"), null), 5);
        single.eval();
        float[] z = single.forward(input, null, mask).toFloatArray();             // [2, 3]
        int[] labels = {2, 0};
        double ce = 0;
        for (int r = 0; r < 2; r++) {
            double lse = Math.log(Math.exp(z[r * 3]) + Math.exp(z[r * 3 + 1]) + Math.exp(z[r * 3 + 2]));
            ce += (lse - z[r * 3 + labels[r]]) / 2;
        }
        assertEquals(ce, single.loss(input, null, mask, Tensor.ofInts(b, labels, 2)).item(), 1e-5);

        BertForSequenceClassification multi = new BertForSequenceClassification(b,
                config(ModelType.ROBERTA, Map.of(0, "x", 1, "y"), "multi_label_classification"), 6);
        multi.eval();
        float[] m = multi.forward(input, null, mask).toFloatArray();              // [2, 2]
        float[] y = {1, 0, 1, 1};
        double bce = 0;
        for (int i = 0; i < 4; i++) {
            double p = 1 / (1 + Math.exp(-m[i]));
            bce -= (y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p)) / 4;
        }
        assertEquals(bce, multi.loss(input, null, mask, Tensor.of(b, y, 2, 2)).item(), 1e-5);

        BertForSequenceClassification regression = new BertForSequenceClassification(b,
                config(ModelType.BERT, Map.of(0, "score"), null), 7);
        regression.eval();
        float[] s = regression.forward(input, null, mask).toFloatArray();         // [2, 1]
        float[] target = {0.5f, -1f};
        double mse = ((s[0] - 0.5) * (s[0] - 0.5) + (s[1] + 1) * (s[1] + 1)) / 2;
        assertEquals(mse, regression.loss(input, null, mask, Tensor.of(b, target, 2)).item(), 1e-5);

        // a batch as transformers takes it: integer labels [B] mean single-label classification
        dev.graft.api.model.HfBatch batch = new dev.graft.api.model.HfBatch(
                dev.graft.api.model.HfBatch.Values.of(new int[][] {{2, 5, 6, 3}, {2, 7, 3, 0}}),
                dev.graft.api.model.HfBatch.Values.of(new int[][] {{1, 1, 1, 1}, {1, 1, 1, 0}}), null, null,
                new dev.graft.api.model.HfBatch.Values(new double[] {2, 0}, new int[] {2}));
        assertEquals(ce, single.forward(batch).loss().item(), 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> single.loss(input, null, mask, Tensor.of(b, new float[] {1, 2}, 2)));
        // as in transformers, float labels with several classes mean multi-label classification
        assertEquals("labels for multi_label_classification must be F32 [2, 3], got F32 [2]", e.getMessage());
        assertEquals(DType.F32, single.forward(input, null, mask).dtype());
    }
}
