package dev.graft.api.model;

import dev.graft.api.nn.Activation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of a T5 encoder-decoder ({@code model_type: t5}), with Hugging Face's field names in
 * camel case. Covers T5 v1.0 ({@code feed_forward_proj: relu}) and v1.1 ({@code gated-gelu}), tied and untied
 * heads.
 *
 * <p>Whether the decoder output is multiplied by {@code d_model^-0.5} before the LM head is
 * {@link #rescalesDecoderOutput()}: {@code scale_decoder_outputs} when the file has it (newer
 * {@code transformers} write it), otherwise exactly when the embeddings are tied, as older versions did.
 * Parsing refuses {@code feed_forward_proj} values that are not {@code ACT} or {@code gated-ACT} with ACT in
 * {@link Activation}, a {@code dense_act_fn} or {@code is_gated_act} that contradicts it, and
 * {@code is_encoder_decoder: false}.
 *
 * @param vocabSize                    {@code vocab_size}
 * @param dModel                       {@code d_model}: the model width
 * @param dKv                          {@code d_kv}: the width of one attention head
 * @param dFf                          {@code d_ff}: the feed-forward width
 * @param numLayers                    {@code num_layers}: encoder blocks
 * @param numDecoderLayers             {@code num_decoder_layers}, null for {@code num_layers}
 * @param numHeads                     {@code num_heads}
 * @param relativeAttentionNumBuckets  {@code relative_attention_num_buckets}
 * @param relativeAttentionMaxDistance {@code relative_attention_max_distance}
 * @param layerNormEpsilon             {@code layer_norm_epsilon}
 * @param dropoutRate                  {@code dropout_rate}
 * @param feedForwardProj              {@code feed_forward_proj}: {@code ACT} or {@code gated-ACT}
 * @param tieWordEmbeddings            {@code tie_word_embeddings}: {@code shared.weight} is also the LM head
 * @param scaleDecoderOutputs          {@code scale_decoder_outputs}, null when the file predates it
 * @param padTokenId                   {@code pad_token_id} (may be null)
 * @param eosTokenId                   {@code eos_token_id} (may be null)
 * @param decoderStartTokenId          {@code decoder_start_token_id}, null for {@code pad_token_id}
 * @param architectures                {@code architectures}, e.g. {@code T5ForConditionalGeneration}
 * @param fields                       the original fields
 */
public record T5Config(int vocabSize, int dModel, int dKv, int dFf, int numLayers, Integer numDecoderLayers,
                       int numHeads, int relativeAttentionNumBuckets, int relativeAttentionMaxDistance,
                       double layerNormEpsilon, double dropoutRate, String feedForwardProj,
                       boolean tieWordEmbeddings, Boolean scaleDecoderOutputs, Integer padTokenId,
                       Integer eosTokenId, Integer decoderStartTokenId, List<String> architectures,
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
    }

    /**
     * Checks the sizes and the feed-forward description.
     *
     * @throws IllegalArgumentException naming the Hugging Face field that is out of range
     */
    public T5Config {
        positive("vocab_size", vocabSize);
        positive("d_model", dModel);
        positive("d_kv", dKv);
        positive("d_ff", dFf);
        positive("num_layers", numLayers);
        if (numDecoderLayers != null) {
            positive("num_decoder_layers", numDecoderLayers);
        }
        positive("num_heads", numHeads);
        positive("relative_attention_num_buckets", relativeAttentionNumBuckets);
        positive("relative_attention_max_distance", relativeAttentionMaxDistance);
        if (!(layerNormEpsilon > 0)) {
            throw new IllegalArgumentException("layer_norm_epsilon must be positive, got " + layerNormEpsilon);
        }
        Objects.requireNonNull(feedForwardProj, "feed_forward_proj");
        if (FeedForward.parse(feedForwardProj).isEmpty()) {
            throw new IllegalArgumentException("feed_forward_proj '" + feedForwardProj + "' is not supported");
        }
        architectures = List.copyOf(architectures);
        Objects.requireNonNull(fields, "fields");
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    @Override
    public ModelType modelType() {
        return ModelType.T5;
    }

    @Override
    public int hiddenSize() {
        return dModel;
    }

    /** @return the number of decoder blocks */
    public int decoderLayers() {
        return numDecoderLayers == null ? numLayers : numDecoderLayers;
    }

    /** @return the attention's inner width, {@code num_heads * d_kv} (need not equal {@code d_model}) */
    public int innerDim() {
        return numHeads * dKv;
    }

    /** @return the feed-forward block */
    public FeedForward feedForward() {
        return FeedForward.parse(feedForwardProj).orElseThrow();
    }

    /** @return whether the decoder output is multiplied by {@code d_model^-0.5} before the LM head */
    public boolean rescalesDecoderOutput() {
        return scaleDecoderOutputs != null ? scaleDecoderOutputs : tieWordEmbeddings;
    }

    /** @return the token the decoder starts from: {@code decoder_start_token_id}, else {@code pad_token_id}, else 0 */
    public int decoderStartId() {
        return decoderStartTokenId != null ? decoderStartTokenId : padTokenId != null ? padTokenId : 0;
    }

    static T5Config parse(ConfigReader r, ConfigFields fields) throws ModelFormatException {
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
        return new T5Config(
                r.positive("vocab_size", 32128),
                r.positive("d_model", 512),
                r.positive("d_kv", 64),
                r.positive("d_ff", 2048),
                r.positive("num_layers", 6),
                r.optionalInteger("num_decoder_layers"),
                r.positive("num_heads", 8),
                r.positive("relative_attention_num_buckets", 32),
                r.positive("relative_attention_max_distance", 128),
                r.nonNegative("layer_norm_epsilon", 1e-6),
                r.nonNegative("dropout_rate", 0.1),
                proj,
                r.bool("tie_word_embeddings", true),
                r.optionalBool("scale_decoder_outputs"),
                fields.has("pad_token_id") ? r.optionalInteger("pad_token_id") : 0,
                fields.has("eos_token_id") ? r.optionalInteger("eos_token_id") : 1,
                r.optionalInteger("decoder_start_token_id"),
                r.strings("architectures"),
                fields);
    }

    @Override
    public String toJson() {
        FeedForward ff = feedForward();
        return new ConfigWriter(fields)
                .put("model_type", ModelType.T5.hfName(), null)
                .put("vocab_size", vocabSize, 32128)
                .put("d_model", dModel, 512)
                .put("d_kv", dKv, 64)
                .put("d_ff", dFf, 2048)
                .put("num_layers", numLayers, 6)
                .putNullable("num_decoder_layers", numDecoderLayers, null)
                .put("num_heads", numHeads, 8)
                .put("relative_attention_num_buckets", relativeAttentionNumBuckets, 32)
                .put("relative_attention_max_distance", relativeAttentionMaxDistance, 128)
                .put("layer_norm_epsilon", layerNormEpsilon, 1e-6)
                .put("dropout_rate", dropoutRate, 0.1)
                .put("feed_forward_proj", feedForwardProj, "relu")
                .putActivation("dense_act_fn", ff.activation(), ff.activation().hfName())
                .put("is_gated_act", ff.gated(), ff.gated())
                .put("tie_word_embeddings", tieWordEmbeddings, true)
                .putNullable("scale_decoder_outputs", scaleDecoderOutputs)
                .putNullable("pad_token_id", padTokenId, 0)
                .putNullable("eos_token_id", eosTokenId, 1)
                .putNullable("decoder_start_token_id", decoderStartTokenId, null)
                .putStrings("architectures", architectures)
                .put("is_encoder_decoder", true, true)
                .toJson();
    }
}
