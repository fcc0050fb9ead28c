package dev.graft.api.model.tokenizer;

/**
 * How a {@link Tokenizer} encodes: special tokens, truncation and padding.
 *
 * <p>{@link #defaults()} behaves like calling a Hugging Face tokenizer on a text with no arguments: special
 * tokens added (as the tokenizer's post-processor defines them), no truncation, no padding.
 *
 * @param addSpecialTokens whether the post-processor's special tokens ({@code [CLS]}, {@code </s>}...) are added
 * @param truncation       the truncation strategy; anything but {@link Truncation#NONE} needs {@code maxLength}
 * @param padding          the padding strategy; {@link Padding#MAX_LENGTH} needs {@code maxLength}
 * @param maxLength        the length truncation cuts to and {@link Padding#MAX_LENGTH} pads to, special tokens
 *                         included; 0 when unused
 * @param padToMultipleOf  when positive, padded lengths are rounded up to a multiple of it
 */
public record TokenizerOptions(boolean addSpecialTokens, Truncation truncation, Padding padding, int maxLength,
                               int padToMultipleOf) {

    /** Which tokens a too-long input loses. */
    public enum Truncation {
        /** Never truncate. */
        NONE,
        /** Remove tokens from the longer of the two sequences, one at a time. */
        LONGEST_FIRST,
        /** Remove tokens from the first sequence only. */
        ONLY_FIRST,
        /** Remove tokens from the second sequence of a pair only. */
        ONLY_SECOND
    }

    /** How encodings of a batch are brought to one length. */
    public enum Padding {
        /** Never pad. */
        NONE,
        /** Pad every encoding of a batch to the longest one. */
        LONGEST,
        /** Pad every encoding to {@code maxLength}. */
        MAX_LENGTH
    }

    /**
     * Checks the combination.
     *
     * @throws IllegalArgumentException if a strategy needs {@code maxLength} and it is not positive, or a length
     *                                  is negative
     */
    public TokenizerOptions {
        if (truncation == null || padding == null) {
            throw new NullPointerException("truncation and padding must be given");
        }
        if (maxLength < 0 || padToMultipleOf < 0) {
            throw new IllegalArgumentException("maxLength and padToMultipleOf must not be negative");
        }
        if ((truncation != Truncation.NONE || padding == Padding.MAX_LENGTH) && maxLength == 0) {
            throw new IllegalArgumentException("truncation " + truncation + " with padding " + padding
                    + " needs a positive maxLength");
        }
    }

    /** @return special tokens added, no truncation, no padding */
    public static TokenizerOptions defaults() {
        return new TokenizerOptions(true, Truncation.NONE, Padding.NONE, 0, 0);
    }

    /** @return these options with special tokens added or not */
    public TokenizerOptions withSpecialTokens(boolean add) {
        return new TokenizerOptions(add, truncation, padding, maxLength, padToMultipleOf);
    }

    /** @return these options truncating with {@code strategy} to {@code maxLength} tokens */
    public TokenizerOptions withTruncation(Truncation strategy, int maxLength) {
        return new TokenizerOptions(addSpecialTokens, strategy, padding, maxLength, padToMultipleOf);
    }

    /** @return these options padding with {@code strategy} */
    public TokenizerOptions withPadding(Padding strategy) {
        return new TokenizerOptions(addSpecialTokens, truncation, strategy, maxLength, padToMultipleOf);
    }

    /** @return these options padding to {@code strategy}, rounded up to a multiple of {@code multiple} */
    public TokenizerOptions withPadding(Padding strategy, int multiple) {
        return new TokenizerOptions(addSpecialTokens, truncation, strategy, maxLength, multiple);
    }

    /** @return these options with another {@code maxLength} */
    public TokenizerOptions withMaxLength(int length) {
        return new TokenizerOptions(addSpecialTokens, truncation, padding, length, padToMultipleOf);
    }
}
