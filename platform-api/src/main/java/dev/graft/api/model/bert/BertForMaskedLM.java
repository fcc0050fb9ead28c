package dev.graft.api.model.bert;

import dev.graft.api.model.HfBatch;
import dev.graft.api.model.HiddenStates;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.nn.Activation;
import dev.graft.api.nn.LayerNorm;
import dev.graft.api.nn.Linear;
import dev.graft.api.nn.Module;
import dev.graft.api.tensor.AttentionOptions;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.DropoutRng;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * BERT or RoBERTa with its masked-language-modelling head.
 *
 * <p>BERT ({@code bert.*}, {@code cls.predictions.*}): a dense transform, {@code hidden_act} and a layer norm,
 * then a decoder tied to the word embeddings plus its own bias ({@code cls.predictions.bias}). RoBERTa
 * ({@code roberta.*}, {@code lm_head.*}): {@code dense}, exact GELU, {@code layer_norm}, the tied decoder and
 * {@code lm_head.bias}. With {@code tie_word_embeddings: false} the decoder has its own weight
 * ({@code cls.predictions.decoder.weight} or {@code lm_head.decoder.weight}).
 */
public final class BertForMaskedLM extends PretrainedModule {
    private final BertModel bert;
    private final MlmHead head;

    /** @param seed seeds the initial weights and the dropout masks */
    public BertForMaskedLM(ComputeBackend backend, BertConfig config, long seed) {
        this(backend, config, new Random(seed), seed);
    }

    /**
     * Builds a model whose initial weights come from {@code init} (a loader passes a source it then overwrites).
     *
     * @param dropoutSeed seeds the dropout masks
     */
    public BertForMaskedLM(ComputeBackend backend, BertConfig config, Random init, long dropoutSeed) {
        bert = registerModule(config.isRoberta() ? "roberta" : "bert",
                new BertModel(backend, config, init, new DropoutRng(dropoutSeed)));
        head = config.isRoberta() ? registerModule("lm_head", new RobertaLMHead(backend, config, init))
                : registerModule("cls", new Cls(backend, config, init));
    }

    /** @return the encoder */
    public BertModel bert() {
        return bert;
    }

    @Override
    public BertConfig modelConfig() {
        return bert.config();
    }

    @Override
    public String architecture() {
        return bert.config().isRoberta() ? "RobertaForMaskedLM" : "BertForMaskedLM";
    }

    @Override
    public BertConfig configForSave() {
        return bert.config().withArchitectures(architecturesForSave());
    }

    /** @return the encoder's hidden states ({@code hidden_states.0} .. {@code hidden_states.L}) */
    @Override
    public List<HiddenStates.Tap> hiddenStateTaps() {
        return bert.hiddenStateTaps();
    }

    /** @return logits {@code [B, T, vocab]} at every position */
    public Tensor forward(Tensor ids, Tensor tokenTypeIds, Tensor attentionMask) {
        checkOpen();
        Tensor h = bert.forward(ids, tokenTypeIds, attentionMask);
        return hook(head.forward(h, bert.embeddings().wordEmbeddings().weight()));
    }

    /**
     * Logits at chosen positions only, which is how MLM training avoids the vocabulary projection of the
     * 85 % of positions that carry no label.
     *
     * @param positions I32 {@code [B, M]}: for each sequence, the positions to predict
     * @return logits {@code [B·M, vocab]}
     */
    public Tensor forwardAt(Tensor ids, Tensor tokenTypeIds, Tensor attentionMask, Tensor positions) {
        checkOpen();
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
        return hook(head.forward(rows, bert.embeddings().wordEmbeddings().weight()));
    }

    /** Logits of the batch; with {@code labels} the MLM loss over every position whose label is not -100. */
    @Override
    public BatchOutput forward(HfBatch batch) {
        ComputeBackend be = backend();
        Tensor ids = batch.inputIds().intTensor(be);
        Tensor types = batch.tokenTypeIds() == null ? null : batch.tokenTypeIds().intTensor(be);
        Tensor logits = forward(ids, types, batch.attentionMask().intTensor(be));
        Tensor loss = batch.labels() == null ? null : Functional.crossEntropy(logits.reshape(-1, logits.size(-1)),
                tokenLabels(batch, ids.shape(), be).reshape(-1), -100, 0f);
        return new BatchOutput(logits, loss);
    }

    /** The MLM loss over every position whose label is not -100 (Hugging Face's {@code labels}). */
    public Tensor loss(Tensor ids, Tensor tokenTypeIds, Tensor attentionMask, Tensor labels) {
        Tensor logits = forward(ids, tokenTypeIds, attentionMask);
        return Functional.crossEntropy(logits.reshape(-1, logits.size(-1)), labels.reshape(-1), -100, 0f);
    }

    /** A masked-language-modelling head: hidden states to vocabulary logits. */
    abstract static class MlmHead extends Module {
        abstract Tensor forward(Tensor h, Tensor wordEmbeddings);
    }

    /** {@code cls}: holds {@code predictions}. */
    public static final class Cls extends MlmHead {
        private final Predictions predictions;

        Cls(ComputeBackend be, BertConfig c, Random rng) {
            predictions = registerModule("predictions", new Predictions(be, c, rng));
        }

        @Override
        Tensor forward(Tensor h, Tensor wordEmbeddings) {
            return predictions.forward(h, wordEmbeddings);
        }
    }

    /** {@code cls.predictions}: the transform and the (tied) decoder with its bias. */
    public static final class Predictions extends Module {
        private final Transform transform;
        private final Linear decoder;

        Predictions(ComputeBackend be, BertConfig c, Random rng) {
            transform = registerModule("transform", new Transform(be, c, rng));
            decoder = c.tieWordEmbeddings() ? null : registerModule("decoder",
                    new Linear(be, c.hiddenSize(), c.vocabSize(), false, rng, c.initializerRange()));
            registerParameter("bias", Tensor.zeros(be, c.vocabSize()));
        }

        Tensor forward(Tensor h, Tensor wordEmbeddings) {
            Tensor w = decoder == null ? wordEmbeddings : decoder.parameter("weight");
            return Functional.linear(transform.forward(h), w, param("bias"));
        }
    }

    /** {@code cls.predictions.transform}: dense, activation, layer norm. */
    public static final class Transform extends Module {
        private final Linear dense;
        private final LayerNorm norm;
        private final Activation act;

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

    /**
     * RoBERTa's {@code lm_head}: {@code dense}, exact GELU (whatever {@code hidden_act} says, as in Hugging Face's
     * {@code RobertaLMHead}), {@code layer_norm}, then the (tied) decoder plus {@code bias}.
     */
    public static final class RobertaLMHead extends MlmHead {
        private final Linear dense;
        private final LayerNorm layerNorm;
        private final Linear decoder;

        RobertaLMHead(ComputeBackend be, BertConfig c, Random rng) {
            dense = registerModule("dense", new Linear(be, c.hiddenSize(), c.hiddenSize(), true, rng,
                    c.initializerRange()));
            layerNorm = registerModule("layer_norm", new LayerNorm(be, c.hiddenSize(), c.layerNormEps()));
            decoder = c.tieWordEmbeddings() ? null : registerModule("decoder",
                    new Linear(be, c.hiddenSize(), c.vocabSize(), false, rng, c.initializerRange()));
            registerParameter("bias", Tensor.zeros(be, c.vocabSize()));
        }

        @Override
        Tensor forward(Tensor h, Tensor wordEmbeddings) {
            Tensor w = decoder == null ? wordEmbeddings : decoder.parameter("weight");
            return Functional.linear(layerNorm.forward(Activation.GELU.apply(dense.forward(h))), w, param("bias"));
        }
    }
}
