package dev.graft.api.surgery;

import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.tensor.ComputeBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Grows a model into a wider and deeper one of the same family (bert2BERT, Chen et al., ACL 2022; ELLE, Qin et
 * al., 2022; Net2Net, Chen et al., 2016).
 *
 * <p><b>Width.</b> The hidden size grows by one global map {@code g_h} used by the embeddings, every layer, every
 * LayerNorm and the head; heads grow as whole heads (the head size is kept, so the hidden size is always
 * {@code heads × head size}); the feed-forward size grows by per-layer maps. A copied unit's outgoing weights
 * are divided by its copy count, so each consumer sees the source's sum. The tied output embedding gets copied
 * columns, and the LayerNorm just before it is divided by the copy count instead.
 *
 * <p><b>Depth.</b> Layers are added after the width growth by {@link DepthOperator stacking or interpolation};
 * repeats are plain copies or {@link NewLayerInit#IDENTITY identity blocks}.
 *
 * <p><b>Exactness.</b> FPI with a uniform hidden map (integer hidden ratio and {@link UnitChoice#LEFT}), any
 * head and feed-forward maps, and, for the pre-LN GPT-2, identity blocks for added layers, gives the source's
 * logits up to rounding (evaluation mode, fp32). Everything else is reported in {@link GrowthResult#exactness()}
 * and has to be measured ({@link LogitDeviation}).
 *
 * <p>The source is only read. The result is a new model on the source's backend; its parameters are new
 * tensors (none is shared with the source). It carries the source's side files (tokenizer, generation settings),
 * since growth keeps the vocabulary.
 */
public final class ModelGrowth {
    private ModelGrowth() {
    }

    /**
     * Grows a GPT-2 model.
     *
     * @param source the model to grow (read only)
     * @param target the grown configuration: same vocabulary, positions, activation and epsilon; at least the
     *               source's hidden size, heads, feed-forward size and layers; the same head size
     * @param spec   the operators, maps, noise and seed
     * @return the grown model with its mapping and exactness
     * @throws IllegalArgumentException naming the config field that cannot be grown into
     */
    public static GrowthResult<Gpt2LMHeadModel> grow(Gpt2LMHeadModel source, Gpt2Config target, GrowthSpec spec) {
        Gpt2Config s = source.modelConfig();
        List<String> bad = new ArrayList<>();
        same(bad, "vocab_size", s.vocabSize(), target.vocabSize());
        same(bad, "n_positions", s.nPositions(), target.nPositions());
        same(bad, "activation_function", s.activation(), target.activation());
        same(bad, "layer_norm_epsilon", s.layerNormEpsilon(), target.layerNormEpsilon());
        Grower.Sizes from = new Grower.Sizes(s.nEmbd(), s.nHead(), s.nInner(), s.nLayer());
        Grower.Sizes to = new Grower.Sizes(target.nEmbd(), target.nHead(), target.nInner(), target.nLayer());
        checkSizes(bad, from, to, "n_embd", "n_head", "n_inner", "n_layer");
        fail("GPT-2", bad);
        GrowthResult<Gpt2LMHeadModel> r = new Grower(Layout.gpt2(), from, to, spec)
                .grow(source, new Gpt2LMHeadModel(backendOf(source), target, spec.seed()));
        r.model().setSideFiles(source.sideFiles());
        return r;
    }

    /**
     * Grows a BERT model with its MLM head.
     *
     * @param source the model to grow (read only)
     * @param target the grown configuration: same vocabulary, positions, token types, activation and epsilon; at
     *               least the source's hidden size, heads, intermediate size and layers; the same head size
     * @param spec   the operators, maps, noise and seed
     * @return the grown model with its mapping and exactness
     * @throws IllegalArgumentException naming the config field that cannot be grown into
     */
    public static GrowthResult<BertForMaskedLM> grow(BertForMaskedLM source, BertConfig target, GrowthSpec spec) {
        BertConfig s = source.bert().config();
        List<String> bad = new ArrayList<>();
        same(bad, "vocab_size", s.vocabSize(), target.vocabSize());
        same(bad, "max_position_embeddings", s.maxPositionEmbeddings(), target.maxPositionEmbeddings());
        same(bad, "type_vocab_size", s.typeVocabSize(), target.typeVocabSize());
        same(bad, "hidden_act", s.hiddenAct(), target.hiddenAct());
        same(bad, "layer_norm_eps", s.layerNormEps(), target.layerNormEps());
        Grower.Sizes from = new Grower.Sizes(s.hiddenSize(), s.numAttentionHeads(), s.intermediateSize(),
                s.numHiddenLayers());
        Grower.Sizes to = new Grower.Sizes(target.hiddenSize(), target.numAttentionHeads(), target.intermediateSize(),
                target.numHiddenLayers());
        checkSizes(bad, from, to, "hidden_size", "num_attention_heads", "intermediate_size", "num_hidden_layers");
        fail("BERT", bad);
        GrowthResult<BertForMaskedLM> r = new Grower(Layout.bertForMaskedLm(), from, to, spec)
                .grow(source, new BertForMaskedLM(backendOf(source), target, spec.seed()));
        r.model().setSideFiles(source.sideFiles());
        return r;
    }

    private static ComputeBackend backendOf(dev.graft.api.nn.Module m) {
        return m.parameters().getFirst().backend();
    }

    private static void same(List<String> bad, String field, Object source, Object target) {
        if (!Objects.equals(source, target)) {
            bad.add(field + " must stay " + source + ", target has " + target);
        }
    }

    private static void checkSizes(List<String> bad, Grower.Sizes s, Grower.Sizes t, String hidden, String heads,
                                   String ffn, String layers) {
        atLeast(bad, hidden, s.hidden(), t.hidden());
        atLeast(bad, heads, s.heads(), t.heads());
        atLeast(bad, ffn, s.ffn(), t.ffn());
        atLeast(bad, layers, s.layers(), t.layers());
        if (t.heads() > 0 && s.heads() > 0 && s.headSize() * t.heads() != t.hidden()) {
            bad.add(hidden + " / " + heads + " gives head size " + t.hidden() / t.heads() + " (" + t.hidden() + "/"
                    + t.heads() + "), but growth adds whole heads and keeps the source's head size "
                    + s.headSize() + ": " + hidden + " must be " + s.headSize() * t.heads());
        }
        if (s.layers() == 0 && t.layers() > 0) {
            bad.add(layers + ": a source without layers has none to copy into " + t.layers());
        }
    }

    private static void atLeast(List<String> bad, String field, int source, int target) {
        if (target < source) {
            bad.add(field + " can only grow: source has " + source + ", target has " + target);
        }
    }

    private static void fail(String family, List<String> bad) {
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("cannot grow this " + family + " model into the target config: "
                    + String.join("; ", bad));
        }
    }
}
