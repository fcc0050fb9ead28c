package dev.graft.api.data;

/**
 * The ids of a vocabulary's special tokens; {@code -1} marks one the vocabulary lacks.
 *
 * @param pad  padding
 * @param unk  unknown token
 * @param cls  sequence start for classification ({@code [CLS]}, {@code <s>})
 * @param sep  separator / sequence end for encoders ({@code [SEP]}, {@code </s>})
 * @param mask the MLM mask token
 * @param bos  beginning of sequence for decoders
 * @param eos  end of sequence / document separator for decoders and T5
 */
public record SpecialTokens(int pad, int unk, int cls, int sep, int mask, int bos, int eos) {
    /**
     * @param id a token id
     * @return whether it is one of these special tokens
     */
    public boolean isSpecial(int id) {
        return id >= 0 && (id == pad || id == unk || id == cls || id == sep || id == mask || id == bos || id == eos);
    }
}
