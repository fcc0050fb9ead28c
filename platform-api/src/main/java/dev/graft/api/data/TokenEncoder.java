package dev.graft.api.data;

/**
 * Turns text into token ids for the batching utilities of this package. A Hugging Face tokenizer, or the
 * simple {@link WordLevelEncoder}, implements it.
 *
 * <p>Implementations must be deterministic (the same text always gives the same encoding) and should be
 * safe for concurrent use.
 */
public interface TokenEncoder {
    /**
     * Encodes a text without adding special tokens.
     *
     * @param text the text
     * @return its tokens with their word indices and character offsets
     */
    Encoding encode(String text);

    /** @return the ids of the special tokens */
    SpecialTokens specialTokens();

    /** @return the number of ids; every id is in {@code [0, vocabSize())} */
    int vocabSize();
}
