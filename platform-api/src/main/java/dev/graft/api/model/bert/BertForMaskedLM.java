package dev.graft.api.model.bert;

import dev.graft.api.nn.LayerNorm;
import dev.graft.api.nn.Linear;
import dev.graft.api.nn.Module;
import dev.graft.api.tensor.AttentionOptions;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.DropoutRng;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;
import java.util.Random;

/**
 * BERT with its masked-language-modelling head ({@code bert.*}, {@code cls.predictions.*}): a dense transform,
 * activation and layer norm, then a decoder tied to the word embeddings plus its own bias
 * ({@code cls.predictions.bias}).
 */
public final class BertForMaskedLM extends Module {
    private final BertModel bert;
    private final Cls cls;

    /** @param seed seeds the initial weights and the dropout masks */
    public BertForMaskedLM(ComputeBackend backend, BertConfig config, long seed) {
        Random rng = new Random(seed);
        bert = registerModule("bert", new BertModel(backend, config, rng, new DropoutRng(seed)));
        cls = registerModule("cls", new Cls(backend, config, rng));
    }

    /** @return the encoder */
    public BertModel bert() {
        return bert;
    }

    /** @return logits {@code [B, T, vocab]} at every position */
    public Tensor forward(Tensor ids, Tensor tokenTypeIds, Tensor attentionMask) {
        Tensor h = bert.forward(ids, tokenTypeIds, attentionMask);
        return hook(cls.forward(h, bert.embeddings().wordEmbeddings().weight()));
    }

    /**
     * Logits at chosen positions only, which is how MLM training avoids the vocabulary projection of the
     * 85 % of positions that carry no label.
     *
     * @param positions I32 {@code [B, M]}: for each sequence, the positions to predict
     * @return logits {@code [B·M, vocab]}
     */
    public Tensor forwardAt(Tensor ids, Tensor tokenTypeIds, Tensor attentionMask, Tensor positions) {
        if (positions.dtype() != DType.I32 || positions.rank() != 2 || positions.size(0) != ids.size(0)) {
            throw new IllegalArgumentException("positions must be I32 [B, M] with B = " + ids.size(0));
        }
        return predictAt(bert.forward(ids, tokenTypeIds, attentionMask), positions);
    }

    /**
     * Logits at chosen positions from the bottom {@code layers} layers only, with the same embeddings and MLM
     * head: the sub-structures that bert2BERT's first training stage trains (Chen et al., ACL 2022, §4.3). With
     * {@code layers} equal to the model's depth it equals {@link #forwardAt}. The encoder's forward hook is not
     * called on this path (its output is not the encoder's).
     *
     * @param layers how many of the bottom layers to run, {@code 0..num_hidden_layers}
     * @return logits {@code [B·M, vocab]}
     * @throws IllegalArgumentException if {@code layers} is out of range or the positions are malformed
     */
    public Tensor forwardAt(Tensor ids, Tensor tokenTypeIds, Tensor attentionMask, Tensor positions, int layers) {
        int depth = bert.encoder().layers().size();
        if (layers < 0 || layers > depth) {
            throw new IllegalArgumentException("a sub-structure runs 0.." + depth + " layers, asked for " + layers);
        }
        if (positions.dtype() != DType.I32 || positions.rank() != 2 || positions.size(0) != ids.size(0)) {
            throw new IllegalArgumentException("positions must be I32 [B, M] with B = " + ids.size(0));
        }
        AttentionOptions opts = attentionMask == null ? AttentionOptions.BIDIRECTIONAL
                : AttentionOptions.BIDIRECTIONAL.withKeyMask(Functional.keyMask(attentionMask));
        Tensor h = bert.embeddings().forward(ids, tokenTypeIds);
        for (int i = 0; i < layers; i++) {
            h = bert.encoder().layers().get(i).forward(h, opts);
        }
        return predictAt(h, positions);
    }

    private Tensor predictAt(Tensor h, Tensor positions) {
        int b = h.size(0);
        int t = h.size(1);
        int[] pos = positions.toIntArray();
        int m = positions.size(1);
        int[] flat = new int[pos.length];
        for (int i = 0; i < pos.length; i++) {
            flat[i] = (i / m) * t + pos[i];
        }
        Tensor rows = h.reshape(b * t, h.size(2)).indexSelect(Tensor.ofInts(h.backend(), flat, flat.length));
        return hook(cls.forward(rows, bert.embeddings().wordEmbeddings().weight()));
    }

    /** The MLM loss over every position whose label is not -100 (Hugging Face's {@code labels}). */
    public Tensor loss(Tensor ids, Tensor tokenTypeIds, Tensor attentionMask, Tensor labels) {
        Tensor logits = forward(ids, tokenTypeIds, attentionMask);
        return Functional.crossEntropy(logits.reshape(-1, logits.size(-1)), labels.reshape(-1), -100, 0f);
    }

    /** {@code cls}: holds {@code predictions}. */
    public static final class Cls extends Module {
        private final Predictions predictions;

        Cls(ComputeBackend be, BertConfig c, Random rng) {
            predictions = registerModule("predictions", new Predictions(be, c, rng));
        }

        Tensor forward(Tensor h, Tensor wordEmbeddings) {
            return predictions.forward(h, wordEmbeddings);
        }
    }

    /** {@code cls.predictions}: the transform and the tied decoder with its bias. */
    public static final class Predictions extends Module {
        private final Transform transform;

        Predictions(ComputeBackend be, BertConfig c, Random rng) {
            transform = registerModule("transform", new Transform(be, c, rng));
            registerParameter("bias", Tensor.zeros(be, c.vocabSize()));
        }

        Tensor forward(Tensor h, Tensor wordEmbeddings) {
            return Functional.linear(transform.forward(h), wordEmbeddings, param("bias"));
        }
    }

    /** {@code cls.predictions.transform}: dense, activation, layer norm. */
    public static final class Transform extends Module {
        private final Linear dense;
        private final LayerNorm norm;
        private final dev.graft.api.nn.Activation act;

        Transform(ComputeBackend be, BertConfig c, Random rng) {
            act = c.hiddenAct();
            dense = registerModule("dense", new Linear(be, c.hiddenSize(), c.hiddenSize(), true, rng,
                    c.initializerRange()));
            norm = registerModule("LayerNorm", new LayerNorm(be, c.hiddenSize(), c.layerNormEps()));
        }

        Tensor forward(Tensor h) {
            return norm.forward(act.apply(dense.forward(h)));
        }
    }
}
