package dev.graft.api.model.bert;

import dev.graft.api.nn.Activation;

/**
 * Hyper-parameters of a BERT model, named after Hugging Face's {@code BertConfig} fields.
 *
 * @param vocabSize                 {@code vocab_size}
 * @param hiddenSize                {@code hidden_size}
 * @param numHiddenLayers           {@code num_hidden_layers}
 * @param numAttentionHeads         {@code num_attention_heads}
 * @param intermediateSize          {@code intermediate_size}
 * @param hiddenAct                 {@code hidden_act}
 * @param hiddenDropoutProb         {@code hidden_dropout_prob}
 * @param attentionProbsDropoutProb {@code attention_probs_dropout_prob}; not applied by the fused attention
 *                                  kernel, so training runs should set it to 0
 * @param maxPositionEmbeddings     {@code max_position_embeddings}
 * @param typeVocabSize             {@code type_vocab_size}
 * @param layerNormEps              {@code layer_norm_eps}
 * @param initializerRange          {@code initializer_range}
 */
public record BertConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads,
                         int intermediateSize, Activation hiddenAct, float hiddenDropoutProb,
                         float attentionProbsDropoutProb, int maxPositionEmbeddings, int typeVocabSize,
                         float layerNormEps, float initializerRange) {
    public BertConfig {
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not divisible by num_attention_heads "
                    + numAttentionHeads);
        }
        if (vocabSize < 1 || maxPositionEmbeddings < 1 || typeVocabSize < 1 || numHiddenLayers < 0) {
            throw new IllegalArgumentException("BERT sizes must be positive: vocab_size=" + vocabSize
                    + " max_position_embeddings=" + maxPositionEmbeddings + " type_vocab_size=" + typeVocabSize);
        }
    }

    /** A configuration with BERT's defaults for everything but the sizes, and no dropout. */
    public static BertConfig of(int vocab, int hidden, int layers, int heads, int intermediate, int positions) {
        return new BertConfig(vocab, hidden, layers, heads, intermediate, Activation.GELU, 0f, 0f, positions, 2,
                1e-12f, 0.02f);
    }

    /** @return a copy with another activation */
    public BertConfig withActivation(Activation act) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, act,
                hiddenDropoutProb, attentionProbsDropoutProb, maxPositionEmbeddings, typeVocabSize, layerNormEps,
                initializerRange);
    }
}
