package dev.graft.api.model.gpt2;

import dev.graft.api.nn.Activation;

/**
 * Hyper-parameters of a GPT-2 model, named after Hugging Face's {@code GPT2Config} fields.
 *
 * @param vocabSize         {@code vocab_size}
 * @param nPositions        {@code n_positions}: the longest sequence
 * @param nEmbd             {@code n_embd}: hidden size
 * @param nLayer            {@code n_layer}
 * @param nHead             {@code n_head}
 * @param nInner            {@code n_inner}: feed-forward size (HF's {@code null} means {@code 4·n_embd})
 * @param activation        {@code activation_function}
 * @param residPdrop        {@code resid_pdrop}
 * @param embdPdrop         {@code embd_pdrop}
 * @param attnPdrop         {@code attn_pdrop}; attention-probability dropout is not applied by the fused
 *                          attention kernel, so training runs should set it to 0
 * @param layerNormEpsilon  {@code layer_norm_epsilon}
 * @param initializerRange  {@code initializer_range}: std of the initial weights
 * @param tieWordEmbeddings {@code tie_word_embeddings}: the LM head shares {@code wte}
 */
public record Gpt2Config(int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead, int nInner,
                         Activation activation, float residPdrop, float embdPdrop, float attnPdrop,
                         float layerNormEpsilon, float initializerRange, boolean tieWordEmbeddings) {
    public Gpt2Config {
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException("n_embd " + nEmbd + " is not divisible by n_head " + nHead);
        }
        if (vocabSize < 1 || nPositions < 1 || nLayer < 0 || nInner < 1) {
            throw new IllegalArgumentException("GPT-2 sizes must be positive: vocab_size=" + vocabSize
                    + " n_positions=" + nPositions + " n_layer=" + nLayer + " n_inner=" + nInner);
        }
    }

    /** A configuration with GPT-2's defaults for everything but the sizes, and no dropout. */
    public static Gpt2Config of(int vocab, int positions, int embd, int layers, int heads, int inner) {
        return new Gpt2Config(vocab, positions, embd, layers, heads, inner, Activation.GELU_NEW, 0f, 0f, 0f,
                1e-5f, 0.02f, true);
    }
}
