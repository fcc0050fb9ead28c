package dev.graft.api.model.gpt2;

import dev.graft.api.internal.ConfigReader;
import dev.graft.api.internal.ConfigWriter;
import dev.graft.api.model.ConfigFields;
import dev.graft.api.model.ModelConfig;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelType;
import dev.graft.api.nn.Activation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration of a GPT-2 decoder ({@code model_type: gpt2}), named after Hugging Face's
 * {@code GPT2Config} fields, and what {@link Gpt2LMHeadModel} is built from.
 *
 * <p>{@link #parse} refuses {@code add_cross_attention: true} and activations {@link Activation} does not name.
 * The legacy {@code n_ctx} and the {@code summary_*} fields of the double-heads model are kept in
 * {@link #fields()} but not interpreted. {@code n_inner: null} (Hugging Face's "4 · n_embd") is resolved into
 * {@link #nInner()} and written back as null while it still means that.
 *
 * @param vocabSize                  {@code vocab_size}
 * @param nPositions                 {@code n_positions}: the longest sequence
 * @param nEmbd                      {@code n_embd}: the model width, a multiple of {@code nHead}
 * @param nLayer                     {@code n_layer}
 * @param nHead                      {@code n_head}
 * @param nInner                     {@code n_inner}: the feed-forward width ({@code null} in the file means
 *                                   {@code 4 · n_embd})
 * @param activation                 {@code activation_function}
 * @param residPdrop                 {@code resid_pdrop}
 * @param embdPdrop                  {@code embd_pdrop}
 * @param attnPdrop                  {@code attn_pdrop}; attention-probability dropout is not applied by the fused
 *                                   attention kernel, so training runs should set it to 0
 * @param layerNormEpsilon           {@code layer_norm_epsilon}
 * @param initializerRange           {@code initializer_range}: std of the initial weights
 * @param tieWordEmbeddings          {@code tie_word_embeddings}: the LM head shares {@code wte}
 * @param scaleAttnWeights           {@code scale_attn_weights}: divide attention logits by {@code sqrt(head size)}
 * @param scaleAttnByInverseLayerIdx {@code scale_attn_by_inverse_layer_idx}: also divide by {@code layer + 1}
 * @param reorderAndUpcastAttn       {@code reorder_and_upcast_attn}: a mixed-precision detail, no effect in fp32
 * @param bosTokenId                 {@code bos_token_id} (may be null)
 * @param eosTokenId                 {@code eos_token_id} (may be null)
 * @param padTokenId                 {@code pad_token_id} (may be null)
 * @param architectures              {@code architectures}, e.g. {@code GPT2LMHeadModel}
 * @param id2label                   {@code id2label} of a classification head (may be empty)
 * @param fields                     the original fields ({@link ConfigFields#empty()} for a configuration built in code)
 */
public record Gpt2Config(int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, int nInner,
                         Activation activation, float residPdrop, float embdPdrop, float attnPdrop,
                         float layerNormEpsilon, float initializerRange, boolean tieWordEmbeddings,
                         boolean scaleAttnWeights, boolean scaleAttnByInverseLayerIdx, boolean reorderAndUpcastAttn,
                         Integer bosTokenId, Integer eosTokenId, Integer padTokenId, List<String> architectures,
                         Map<Integer, String> id2label, ConfigFields fields) implements ModelConfig {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException naming the Hugging Face field that is out of range
     */
    public Gpt2Config {
        Objects.requireNonNull(activation, "activation_function");
        positive("vocab_size", vocabSize);
        positive("n_positions", nPositions);
        positive("n_embd", nEmbd);
        positive("n_head", nHead);
        positive("n_inner", nInner);
        if (nLayer < 0) {
            throw new IllegalArgumentException("n_layer must not be negative, got " + nLayer);
        }
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException("n_embd " + nEmbd + " is not a multiple of n_head " + nHead);
        }
        if (!(layerNormEpsilon > 0)) {
            throw new IllegalArgumentException("layer_norm_epsilon must be positive, got " + layerNormEpsilon);
        }
        dropout("resid_pdrop", residPdrop);
        dropout("embd_pdrop", embdPdrop);
        dropout("attn_pdrop", attnPdrop);
        architectures = List.copyOf(architectures);
        id2label = id2label.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(id2label));
        Objects.requireNonNull(fields, "fields");
    }

    /**
     * A GPT-2 configuration built in code: the given hyper-parameters, Hugging Face's defaults for the rest
     * (scaled attention, {@code bos/eos_token_id} 50256, no pad token).
     */
    public Gpt2Config(int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, int nInner,
                      Activation activation, float residPdrop, float embdPdrop, float attnPdrop,
                      float layerNormEpsilon, float initializerRange, boolean tieWordEmbeddings) {
        this(vocabSize, nPositions, nEmbd, nLayer, nHead, nInner, activation, residPdrop, embdPdrop, attnPdrop,
                layerNormEpsilon, initializerRange, tieWordEmbeddings, true, false, false, 50256, 50256, null,
                List.of(), Map.of(), ConfigFields.empty());
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    private static void dropout(String field, float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException(field + " must be in [0, 1), got " + p);
        }
    }

    /** A configuration with GPT-2's defaults for everything but the sizes, and no dropout. */
    public static Gpt2Config of(int vocab, int positions, int embd, int layers, int heads, int inner) {
        return new Gpt2Config(vocab, positions, embd, layers, heads, inner, Activation.GELU_NEW, 0f, 0f, 0f,
                1e-5f, 0.02f, true);
    }

    /** @return a copy with another {@code architectures} list */
    public Gpt2Config withArchitectures(List<String> names) {
        return new Gpt2Config(vocabSize, nPositions, nEmbd, nLayer, nHead, nInner, activation, residPdrop, embdPdrop,
                attnPdrop, layerNormEpsilon, initializerRange, tieWordEmbeddings, scaleAttnWeights,
                scaleAttnByInverseLayerIdx, reorderAndUpcastAttn, bosTokenId, eosTokenId, padTokenId, names, id2label,
                fields);
    }

    /**
     * @return a copy with other sizes (growth surgery): every other field, the original {@code config.json}
     *         fields included, is kept
     */
    public Gpt2Config withSizes(int embd, int layers, int heads, int inner) {
        return new Gpt2Config(vocabSize, nPositions, embd, layers, heads, inner, activation, residPdrop, embdPdrop,
                attnPdrop, layerNormEpsilon, initializerRange, tieWordEmbeddings, scaleAttnWeights,
                scaleAttnByInverseLayerIdx, reorderAndUpcastAttn, bosTokenId, eosTokenId, padTokenId, architectures,
                id2label, fields);
    }

    @Override
    public ModelType modelType() {
        return ModelType.GPT2;
    }

    @Override
    public int hiddenSize() {
        return nEmbd;
    }

    /** @return the width of one attention head */
    public int headSize() {
        return nEmbd / nHead;
    }

    /**
     * The factor attention logits of one layer are multiplied by: {@code 1/sqrt(head size)} when
     * {@code scale_attn_weights}, times {@code 1/(layer + 1)} when {@code scale_attn_by_inverse_layer_idx}.
     *
     * @param layer the block index, from 0
     */
    public float attentionScale(int layer) {
        double s = scaleAttnWeights ? 1.0 / Math.sqrt(headSize()) : 1.0;
        if (scaleAttnByInverseLayerIdx) {
            s /= layer + 1;
        }
        return (float) s;
    }

    /**
     * Reads a {@code config.json} of model type {@code gpt2}.
     *
     * @throws ModelFormatException if it is not one, or holds a value Graft does not support
     * @throws IOException          if it cannot be read
     */
    public static Gpt2Config read(Path file) throws IOException {
        if (ModelConfig.read(file) instanceof Gpt2Config c) {
            return c;
        }
        throw notGpt2(file);
    }

    private static ModelFormatException notGpt2(Path file) {
        return new ModelFormatException(file, ModelFormatException.Problem.UNSUPPORTED_VALUE,
                "model_type is not gpt2");
    }

    /**
     * Parses the text of a {@code config.json} of model type {@code gpt2}.
     *
     * @param source the file it came from, named in errors
     * @throws ModelFormatException if it is not one, or holds a value Graft does not support
     */
    public static Gpt2Config parse(Path source, String json) throws ModelFormatException {
        if (ModelConfig.modelType(source, json) != ModelType.GPT2) {
            throw notGpt2(source);
        }
        ConfigReader r = ConfigReader.of(source, json);
        r.refuseIf("add_cross_attention", true, "gpt2 is read as a decoder-only model");
        int nEmbd = r.positive("n_embd", 768);
        Integer inner = r.optionalInteger("n_inner");
        if (inner != null && inner <= 0) {
            throw r.bad("field 'n_inner' must be a positive integer or null, got " + inner);
        }
        try {
            return new Gpt2Config(
                    r.positive("vocab_size", 50257),
                    r.positive("n_positions", 1024),
                    nEmbd,
                    r.positive("n_layer", 12),
                    r.positive("n_head", 12),
                    inner == null ? 4 * nEmbd : inner,
                    r.activation("activation_function", "gelu_new"),
                    r.nonNegativeFloat("resid_pdrop", 0.1f),
                    r.nonNegativeFloat("embd_pdrop", 0.1f),
                    r.nonNegativeFloat("attn_pdrop", 0.1f),
                    r.nonNegativeFloat("layer_norm_epsilon", 1e-5f),
                    r.nonNegativeFloat("initializer_range", 0.02f),
                    r.bool("tie_word_embeddings", true),
                    r.bool("scale_attn_weights", true),
                    r.bool("scale_attn_by_inverse_layer_idx", false),
                    r.bool("reorder_and_upcast_attn", false),
                    r.nullableInteger("bos_token_id", 50256),
                    r.nullableInteger("eos_token_id", 50256),
                    r.nullableInteger("pad_token_id", null),
                    r.strings("architectures"),
                    r.id2label(),
                    ConfigFields.parse(r.object().toString()));
        } catch (IllegalArgumentException e) {
            throw r.bad(e.getMessage());
        }
    }

    @Override
    public String toJson() {
        return new ConfigWriter(fields)
                .putString("model_type", ModelType.GPT2.hfName(), null)
                .putInt("vocab_size", vocabSize, 50257)
                .putInt("n_positions", nPositions, 1024)
                .putInt("n_embd", nEmbd, 768)
                .putInt("n_layer", nLayer, 12)
                .putInt("n_head", nHead, 12)
                .putInt("n_inner", nInner, 4 * nEmbd)
                .putActivation("activation_function", activation, Activation.GELU_NEW)
                .putFloat("resid_pdrop", residPdrop, 0.1f)
                .putFloat("embd_pdrop", embdPdrop, 0.1f)
                .putFloat("attn_pdrop", attnPdrop, 0.1f)
                .putFloat("layer_norm_epsilon", layerNormEpsilon, 1e-5f)
                .putFloat("initializer_range", initializerRange, 0.02f)
                .putBool("tie_word_embeddings", tieWordEmbeddings, true)
                .putBool("scale_attn_weights", scaleAttnWeights, true)
                .putBool("scale_attn_by_inverse_layer_idx", scaleAttnByInverseLayerIdx, false)
                .putBool("reorder_and_upcast_attn", reorderAndUpcastAttn, false)
                .putNullableInt("bos_token_id", bosTokenId, 50256)
                .putNullableInt("eos_token_id", eosTokenId, 50256)
                .putNullableInt("pad_token_id", padTokenId, null)
                .putStrings("architectures", architectures)
                .putLabels(id2label)
                .toJson();
    }
}
