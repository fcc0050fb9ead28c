package dev.graft.api.model.t5;

import dev.graft.api.internal.ConfigReader;
import dev.graft.api.internal.ConfigWriter;
import dev.graft.api.model.ConfigFields;
import dev.graft.api.model.ModelConfig;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelType;
import dev.graft.api.nn.Activation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of a T5 encoder-decoder ({@code model_type: t5}), named after Hugging Face's
 * {@code T5Config} fields, and what {@link T5ForConditionalGeneration} is built from. Covers T5 v1.0
 * ({@code feed_forward_proj: relu}) and v1.1 ({@code gated-gelu}), tied and untied heads.
 *
 * <p>Whether the decoder output is multiplied by {@code d_model^-0.5} before the LM head is
 * {@link #scaleDecoderOutputs()}: {@code scale_decoder_outputs} when the file has it (newer
 * {@code transformers} write it), otherwise exactly when the embeddings are tied, as older versions did.
 * {@link #parse} refuses {@code feed_forward_proj} values that are not {@code ACT} or {@code gated-ACT} with ACT
 * in {@link Activation}, a {@code dense_act_fn} or {@code is_gated_act} that contradicts it,
 * {@code is_encoder_decoder: false}, and a null {@code pad_token_id} (labels are shifted right with it). Every
 * field of the file is kept in {@link #fields()} and written back by {@link #toJson()}.
 *
 * @param vocabSize                    {@code vocab_size}
 * @param dModel                       {@code d_model}: the model width
 * @param dKv                          {@code d_kv}: the width of one attention head
 * @param dFf                          {@code d_ff}: the feed-forward width
 * @param numLayers                    {@code num_layers}: encoder blocks
 * @param numDecoderLayers             {@code num_decoder_layers} (null in the file means {@code num_layers})
 * @param numHeads                     {@code num_heads}
 * @param relativeAttentionNumBuckets  {@code relative_attention_num_buckets}
 * @param relativeAttentionMaxDistance {@code relative_attention_max_distance}
 * @param dropoutRate                  {@code dropout_rate}
 * @param layerNormEpsilon             {@code layer_norm_epsilon}
 * @param gatedAct                     {@code feed_forward_proj} starts with {@code gated-} (T5 v1.1)
 * @param denseAct                     the feed-forward activation ({@code relu} for v1.0, {@code gelu_new} for v1.1)
 * @param tieWordEmbeddings            {@code tie_word_embeddings}: the LM head is {@code shared}
 * @param scaleDecoderOutputs          multiply the decoder output by {@code d_model^-0.5} before the head
 *                                     ({@code scale_decoder_outputs}; older configs: exactly when tied)
 * @param decoderStartTokenId          {@code decoder_start_token_id} (null in the file means {@code pad_token_id})
 * @param padTokenId                   {@code pad_token_id}
 * @param eosTokenId                   {@code eos_token_id}, null if the file has none
 * @param initializerFactor            {@code initializer_factor}
 * @param architectures                {@code architectures}, e.g. {@code T5ForConditionalGeneration}
 * @param fields                       the original fields ({@link ConfigFields#empty()} for a configuration built in code)
 */
public record T5Config(int vocabSize, int dModel, int dKv, int dFf, int numLayers, int numDecoderLayers,
                       int numHeads, int relativeAttentionNumBuckets, int relativeAttentionMaxDistance,
                       float dropoutRate, float layerNormEpsilon, boolean gatedAct, Activation denseAct,
                       boolean tieWordEmbeddings, boolean scaleDecoderOutputs, int decoderStartTokenId,
                       int padTokenId, Integer eosTokenId, float initializerFactor, List<String> architectures,
                       ConfigFields fields) implements ModelConfig {

    /**
     * The feed-forward block {@code feed_forward_proj} describes.
     *
     * @param gated      whether the block is {@code wo(act(wi_0 x) * wi_1 x)} rather than {@code wo(act(wi x))}
     * @param activation the activation ({@code gated-gelu} means {@code gelu_new}, as in Hugging Face)
     */
    public record FeedForward(boolean gated, Activation activation) {
        /** @return the block {@code feed_forward_proj} names, empty if Graft does not implement it */
        public static Optional<FeedForward> parse(String feedForwardProj) {
            String[] parts = feedForwardProj.split("-", -1);
            if (parts.length > 2 || parts.length == 2 && !parts[0].equals("gated")) {
                return Optional.empty();
            }
            String act = feedForwardProj.equals("gated-gelu") ? "gelu_new" : parts[parts.length - 1];
            try {
                return Optional.of(new FeedForward(parts.length == 2, Activation.fromHf(act)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        /** @return the {@code feed_forward_proj} value that names this block */
        public String hfName() {
            return (gated ? "gated-" : "") + activation.hfName();
        }
    }

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException naming the Hugging Face field that is out of range
     */
    public T5Config {
        positive("vocab_size", vocabSize);
        positive("d_model", dModel);
        positive("d_kv", dKv);
        positive("d_ff", dFf);
        positive("num_heads", numHeads);
        if (numLayers < 0 || numDecoderLayers < 0) {
            throw new IllegalArgumentException("num_layers and num_decoder_layers must not be negative, got "
                    + numLayers + " and " + numDecoderLayers);
        }
        if (relativeAttentionNumBuckets < 2 || relativeAttentionMaxDistance < 2) {
            throw new IllegalArgumentException("relative_attention_num_buckets and relative_attention_max_distance "
                    + "must be at least 2, got " + relativeAttentionNumBuckets + " and " + relativeAttentionMaxDistance);
        }
        if (!(layerNormEpsilon > 0)) {
            throw new IllegalArgumentException("layer_norm_epsilon must be positive, got " + layerNormEpsilon);
        }
        if (!(dropoutRate >= 0f && dropoutRate < 1f)) {
            throw new IllegalArgumentException("dropout_rate must be in [0, 1), got " + dropoutRate);
        }
        Objects.requireNonNull(denseAct, "dense_act_fn");
        if (gatedAct && denseAct == Activation.GELU) {
            throw new IllegalArgumentException("a gated exact GELU cannot be written as feed_forward_proj "
                    + "(Hugging Face reads 'gated-gelu' as gelu_new)");
        }
        for (int id : new int[] {decoderStartTokenId, padTokenId, eosTokenId == null ? 0 : eosTokenId}) {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("special token id " + id + " is outside the vocabulary of "
                        + vocabSize);
            }
        }
        architectures = List.copyOf(architectures);
        Objects.requireNonNull(fields, "fields");
    }

    /**
     * A T5 configuration built in code: the given hyper-parameters, no {@code architectures} and no original
     * fields.
     */
    public T5Config(int vocabSize, int dModel, int dKv, int dFf, int numLayers, int numDecoderLayers, int numHeads,
                    int relativeAttentionNumBuckets, int relativeAttentionMaxDistance, float dropoutRate,
                    float layerNormEpsilon, boolean gatedAct, Activation denseAct, boolean tieWordEmbeddings,
                    boolean scaleDecoderOutputs, int decoderStartTokenId, int padTokenId, int eosTokenId,
                    float initializerFactor) {
        this(vocabSize, dModel, dKv, dFf, numLayers, numDecoderLayers, numHeads, relativeAttentionNumBuckets,
                relativeAttentionMaxDistance, dropoutRate, layerNormEpsilon, gatedAct, denseAct, tieWordEmbeddings,
                scaleDecoderOutputs, decoderStartTokenId, padTokenId, (Integer) eosTokenId, initializerFactor,
                List.of(), ConfigFields.empty());
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    /** A T5 v1.1-style configuration (gated GELU, untied head, no dropout) with the given sizes. */
    public static T5Config v11(int vocab, int dModel, int heads, int dFf, int layers) {
        return new T5Config(vocab, dModel, dModel / heads, dFf, layers, layers, heads, 32, 128, 0f, 1e-6f, true,
                Activation.GELU_NEW, false, false, 0, 0, 1, 1f);
    }

    /** @return a copy with another {@code architectures} list */
    public T5Config withArchitectures(List<String> names) {
        return new T5Config(vocabSize, dModel, dKv, dFf, numLayers, numDecoderLayers, numHeads,
                relativeAttentionNumBuckets, relativeAttentionMaxDistance, dropoutRate, layerNormEpsilon, gatedAct,
                denseAct, tieWordEmbeddings, scaleDecoderOutputs, decoderStartTokenId, padTokenId, eosTokenId,
                initializerFactor, names, fields);
    }

    @Override
    public ModelType modelType() {
        return ModelType.T5;
    }

    @Override
    public int hiddenSize() {
        return dModel;
    }

    /** @return the width of all heads together, {@code num_heads · d_kv} (need not equal {@code d_model}) */
    public int innerDim() {
        return numHeads * dKv;
    }

    /** @return the feed-forward block */
    public FeedForward feedForward() {
        return new FeedForward(gatedAct, denseAct);
    }

    /**
     * Reads a {@code config.json} of model type {@code t5}.
     *
     * @throws ModelFormatException if it is not one, or holds a value Graft does not support
     * @throws IOException          if it cannot be read
     */
    public static T5Config read(Path file) throws IOException {
        if (ModelConfig.read(file) instanceof T5Config c) {
            return c;
        }
        throw notT5(file);
    }

    private static ModelFormatException notT5(Path file) {
        return new ModelFormatException(file, ModelFormatException.Problem.UNSUPPORTED_VALUE, "model_type is not t5");
    }

    /**
     * Parses the text of a {@code config.json} of model type {@code t5}.
     *
     * @param source the file it came from, named in errors
     * @throws ModelFormatException if it is not one, or holds a value Graft does not support
     */
    public static T5Config parse(Path source, String json) throws ModelFormatException {
        if (ModelConfig.modelType(source, json) != ModelType.T5) {
            throw notT5(source);
        }
        ConfigReader r = ConfigReader.of(source, json);
        r.refuseIf("is_encoder_decoder", false, "t5 is read as an encoder-decoder");
        r.refuseIf("is_decoder", true, "t5 is read as an encoder-decoder");
        String proj = r.string("feed_forward_proj", "relu");
        FeedForward ff = FeedForward.parse(proj).orElseThrow(() -> r.unsupported("feed_forward_proj '" + proj
                + "' is not supported (expected ACT or gated-ACT with ACT an activation Graft implements)"));
        String dense = r.string("dense_act_fn", null);
        if (dense != null && !FeedForward.parse(dense).map(FeedForward::activation).equals(Optional.of(ff.activation()))) {
            throw r.bad("field 'dense_act_fn' is '" + dense + "' but feed_forward_proj '" + proj + "' implies '"
                    + ff.activation().hfName() + "'");
        }
        Boolean gatedField = r.optionalBool("is_gated_act");
        if (gatedField != null && gatedField != ff.gated()) {
            throw r.bad("field 'is_gated_act' is " + gatedField + " but feed_forward_proj '" + proj + "' implies "
                    + ff.gated());
        }
        Integer pad = r.nullableInteger("pad_token_id", 0);
        if (pad == null) {
            throw r.unsupported("pad_token_id: null is not supported (t5 shifts its labels right with it)");
        }
        int layers = r.positive("num_layers", 6);
        Integer decoderLayers = r.optionalInteger("num_decoder_layers");
        boolean tied = r.bool("tie_word_embeddings", true);
        Boolean scale = r.optionalBool("scale_decoder_outputs");
        Integer start = r.optionalInteger("decoder_start_token_id");
        try {
            return new T5Config(
                    r.positive("vocab_size", 32128),
                    r.positive("d_model", 512),
                    r.positive("d_kv", 64),
                    r.positive("d_ff", 2048),
                    layers,
                    decoderLayers == null ? layers : decoderLayers,
                    r.positive("num_heads", 8),
                    r.positive("relative_attention_num_buckets", 32),
                    r.positive("relative_attention_max_distance", 128),
                    r.nonNegativeFloat("dropout_rate", 0.1f),
                    r.nonNegativeFloat("layer_norm_epsilon", 1e-6f),
                    ff.gated(),
                    ff.activation(),
                    tied,
                    scale == null ? tied : scale,
                    start == null ? pad : start,
                    pad,
                    r.nullableInteger("eos_token_id", 1),
                    r.nonNegativeFloat("initializer_factor", 1f),
                    r.strings("architectures"),
                    ConfigFields.parse(r.object().toString()));
        } catch (IllegalArgumentException e) {
            throw r.bad(e.getMessage());
        }
    }

    @Override
    public String toJson() {
        ConfigWriter w = new ConfigWriter(fields);
        FeedForward before = null;
        if (fields.has("feed_forward_proj")) {
            String text = fields.json("feed_forward_proj");
            before = text.startsWith("\"") ? FeedForward.parse(text.substring(1, text.length() - 1)).orElse(null) : null;
        } else {
            before = new FeedForward(false, Activation.RELU);
        }
        if (!feedForward().equals(before)) {
            w.set("feed_forward_proj", "\"" + feedForward().hfName() + "\"")
                    .set("dense_act_fn", "\"" + denseAct.hfName() + "\"")
                    .set("is_gated_act", Boolean.toString(gatedAct));
        }
        return w.putString("model_type", ModelType.T5.hfName(), null)
                .putInt("vocab_size", vocabSize, 32128)
                .putInt("d_model", dModel, 512)
                .putInt("d_kv", dKv, 64)
                .putInt("d_ff", dFf, 2048)
                .putInt("num_layers", numLayers, 6)
                .putInt("num_decoder_layers", numDecoderLayers, numLayers)
                .putInt("num_heads", numHeads, 8)
                .putInt("relative_attention_num_buckets", relativeAttentionNumBuckets, 32)
                .putInt("relative_attention_max_distance", relativeAttentionMaxDistance, 128)
                .putFloat("dropout_rate", dropoutRate, 0.1f)
                .putFloat("layer_norm_epsilon", layerNormEpsilon, 1e-6f)
                .putBool("tie_word_embeddings", tieWordEmbeddings, true)
                .putBool("scale_decoder_outputs", scaleDecoderOutputs, tieWordEmbeddings)
                .putInt("pad_token_id", padTokenId, 0)
                .putInt("decoder_start_token_id", decoderStartTokenId, padTokenId)
                .putNullableInt("eos_token_id", eosTokenId, 1)
                .putFloat("initializer_factor", initializerFactor, 1f)
                .putStrings("architectures", architectures)
                .putBool("is_encoder_decoder", true, true)
                .toJson();
    }
}
