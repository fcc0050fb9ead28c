package dev.graft.api.model.t5;

import dev.graft.api.nn.Activation;

/**
 * Hyper-parameters of a T5 model, named after Hugging Face's {@code T5Config} fields.
 *
 * @param vocabSize                    {@code vocab_size}
 * @param dModel                       {@code d_model}
 * @param dKv                          {@code d_kv}: size of one head
 * @param dFf                          {@code d_ff}
 * @param numLayers                    {@code num_layers} (encoder)
 * @param numDecoderLayers             {@code num_decoder_layers}
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
 * @param decoderStartTokenId          {@code decoder_start_token_id}
 * @param padTokenId                   {@code pad_token_id}
 * @param eosTokenId                   {@code eos_token_id}
 * @param initializerFactor            {@code initializer_factor}
 */
public record T5Config(int vocabSize, int dModel, int dKv, int dFf, int numLayers, int numDecoderLayers,
                       int numHeads, int relativeAttentionNumBuckets, int relativeAttentionMaxDistance,
                       float dropoutRate, float layerNormEpsilon, boolean gatedAct, Activation denseAct,
                       boolean tieWordEmbeddings, boolean scaleDecoderOutputs, int decoderStartTokenId,
                       int padTokenId, int eosTokenId, float initializerFactor) {
    public T5Config {
        if (vocabSize < 1 || dModel < 1 || dKv < 1 || dFf < 1 || numHeads < 1 || numLayers < 0
                || numDecoderLayers < 0 || relativeAttentionNumBuckets < 2 || relativeAttentionMaxDistance < 2) {
            throw new IllegalArgumentException("T5 sizes must be positive: vocab_size=" + vocabSize + " d_model="
                    + dModel + " d_kv=" + dKv + " d_ff=" + dFf + " num_heads=" + numHeads
                    + " relative_attention_num_buckets=" + relativeAttentionNumBuckets);
        }
    }

    /** @return the width of all heads together, {@code num_heads · d_kv} */
    public int innerDim() {
        return numHeads * dKv;
    }

    /** A T5 v1.1-style configuration (gated GELU, untied head, no dropout) with the given sizes. */
    public static T5Config v11(int vocab, int dModel, int heads, int dFf, int layers) {
        return new T5Config(vocab, dModel, dModel / heads, dFf, layers, layers, heads, 32, 128, 0f, 1e-6f, true,
                Activation.GELU_NEW, false, false, 0, 0, 1, 1f);
    }
}
