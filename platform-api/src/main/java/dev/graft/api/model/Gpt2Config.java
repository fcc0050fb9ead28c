package dev.graft.api.model;

import dev.graft.api.nn.Activation;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration of a GPT-2 decoder ({@code model_type: gpt2}), with Hugging Face's field names in camel
 * case.
 *
 * <p>Parsing refuses {@code add_cross_attention: true} and activations {@link Activation} does not name. The legacy
 * {@code n_ctx} and the {@code summary_*} fields of the double-heads model are kept in {@link #fields()} but not
 * interpreted.
 *
 * @param vocabSize                 {@code vocab_size}
 * @param nPositions                {@code n_positions}: the longest sequence
 * @param nEmbd                     {@code n_embd}: the model width, a multiple of {@code nHead}
 * @param nLayer                    {@code n_layer}
 * @param nHead                     {@code n_head}
 * @param nInner                    {@code n_inner}: the feed-forward width, null for {@code 4 * n_embd}
 * @param activationFunction        {@code activation_function}
 * @param layerNormEpsilon          {@code layer_norm_epsilon}
 * @param residPdrop                {@code resid_pdrop}
 * @param embdPdrop                 {@code embd_pdrop}
 * @param attnPdrop                 {@code attn_pdrop}
 * @param scaleAttnWeights          {@code scale_attn_weights}: divide attention logits by {@code sqrt(head size)}
 * @param scaleAttnByInverseLayerIdx {@code scale_attn_by_inverse_layer_idx}: also divide by {@code layer + 1}
 * @param reorderAndUpcastAttn      {@code reorder_and_upcast_attn}: a mixed-precision detail, no effect in fp32
 * @param bosTokenId                {@code bos_token_id} (may be null)
 * @param eosTokenId                {@code eos_token_id} (may be null)
 * @param padTokenId                {@code pad_token_id} (may be null)
 * @param tieWordEmbeddings         {@code tie_word_embeddings}: the LM head shares {@code wte}
 * @param architectures             {@code architectures}, e.g. {@code GPT2LMHeadModel}
 * @param id2label                  {@code id2label} of a classification head (may be empty)
 * @param fields                    the original fields
 */
public record Gpt2Config(int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, Integer nInner,
                         Activation activationFunction, double layerNormEpsilon, double residPdrop,
                         double embdPdrop, double attnPdrop, boolean scaleAttnWeights,
                         boolean scaleAttnByInverseLayerIdx, boolean reorderAndUpcastAttn, Integer bosTokenId,
                         Integer eosTokenId, Integer padTokenId, boolean tieWordEmbeddings,
                         List<String> architectures, Map<Integer, String> id2label, ConfigFields fields)
        implements ModelConfig {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException naming the Hugging Face field that is out of range
     */
    public Gpt2Config {
        Objects.requireNonNull(activationFunction, "activation_function");
        positive("vocab_size", vocabSize);
        positive("n_positions", nPositions);
        positive("n_embd", nEmbd);
        positive("n_layer", nLayer);
        positive("n_head", nHead);
        if (nInner != null) {
            positive("n_inner", nInner);
        }
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException("n_embd " + nEmbd + " is not a multiple of n_head " + nHead);
        }
        if (!(layerNormEpsilon > 0)) {
            throw new IllegalArgumentException("layer_norm_epsilon must be positive, got " + layerNormEpsilon);
        }
        architectures = List.copyOf(architectures);
        id2label = id2label.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(id2label));
        Objects.requireNonNull(fields, "fields");
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    @Override
    public ModelType modelType() {
        return ModelType.GPT2;
    }

    @Override
    public int hiddenSize() {
        return nEmbd;
    }

    /** @return the feed-forward width: {@code n_inner}, or {@code 4 * n_embd} when it is null */
    public int innerSize() {
        return nInner == null ? 4 * nEmbd : nInner;
    }

    /** @return the width of one attention head */
    public int headSize() {
        return nEmbd / nHead;
    }

    static Gpt2Config parse(ConfigReader r, ConfigFields fields) throws ModelFormatException {
        r.refuseIf("add_cross_attention", true, "gpt2 is read as a decoder-only model");
        return new Gpt2Config(
                r.positive("vocab_size", 50257),
                r.positive("n_positions", 1024),
                r.positive("n_embd", 768),
                r.positive("n_layer", 12),
                r.positive("n_head", 12),
                r.optionalInteger("n_inner"),
                r.activation("activation_function", "gelu_new"),
                r.nonNegative("layer_norm_epsilon", 1e-5),
                r.nonNegative("resid_pdrop", 0.1),
                r.nonNegative("embd_pdrop", 0.1),
                r.nonNegative("attn_pdrop", 0.1),
                r.bool("scale_attn_weights", true),
                r.bool("scale_attn_by_inverse_layer_idx", false),
                r.bool("reorder_and_upcast_attn", false),
                fields.has("bos_token_id") ? r.optionalInteger("bos_token_id") : 50256,
                fields.has("eos_token_id") ? r.optionalInteger("eos_token_id") : 50256,
                r.optionalInteger("pad_token_id"),
                r.bool("tie_word_embeddings", true),
                r.strings("architectures"),
                r.id2label(),
                fields);
    }

    @Override
    public String toJson() {
        return new ConfigWriter(fields)
                .put("model_type", ModelType.GPT2.hfName(), null)
                .put("vocab_size", vocabSize, 50257)
                .put("n_positions", nPositions, 1024)
                .put("n_embd", nEmbd, 768)
                .put("n_layer", nLayer, 12)
                .put("n_head", nHead, 12)
                .putNullable("n_inner", nInner, null)
                .putActivation("activation_function", activationFunction, "gelu_new")
                .put("layer_norm_epsilon", layerNormEpsilon, 1e-5)
                .put("resid_pdrop", residPdrop, 0.1)
                .put("embd_pdrop", embdPdrop, 0.1)
                .put("attn_pdrop", attnPdrop, 0.1)
                .put("scale_attn_weights", scaleAttnWeights, true)
                .put("scale_attn_by_inverse_layer_idx", scaleAttnByInverseLayerIdx, false)
                .put("reorder_and_upcast_attn", reorderAndUpcastAttn, false)
                .putNullable("bos_token_id", bosTokenId, 50256)
                .putNullable("eos_token_id", eosTokenId, 50256)
                .putNullable("pad_token_id", padTokenId, null)
                .put("tie_word_embeddings", tieWordEmbeddings, true)
                .putStrings("architectures", architectures)
                .putLabels(id2label)
                .toJson();
    }
}
