package dev.graft.api.model.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One encoded text (or text pair): token ids and what goes with them, all of the same length.
 *
 * <p>Offsets are {@code [start, end)} indices into the Java string that was encoded (UTF-16 code units), so
 * {@code text.substring(start, end)} is the text a token came from; special and padding tokens have
 * {@code [0, 0)}. Arrays are copied in and out: an instance is immutable.
 *
 * @param ids               token ids
 * @param typeIds           segment ids: 0 for the first text of a pair, 1 for the second (as the template says)
 * @param attentionMask     1 for a real token, 0 for padding
 * @param specialTokensMask 1 for a token the post-processor or padding added, 0 for one from the text
 * @param tokens            the token strings
 * @param offsets           where each token came from in the text
 */
public record Encoding(int[] ids, int[] typeIds, int[] attentionMask, int[] specialTokensMask, List<String> tokens,
                       List<Span> offsets) {

    /**
     * A half-open range of UTF-16 indices into the encoded text.
     *
     * @param start first index
     * @param end   one past the last index
     */
    public record Span(int start, int end) {
        /** @throws IllegalArgumentException if the range is empty-negative or starts below 0 */
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
            }
        }
    }

    /**
     * Copies and checks the components.
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public Encoding {
        ids = ids.clone();
        typeIds = typeIds.clone();
        attentionMask = attentionMask.clone();
        specialTokensMask = specialTokensMask.clone();
        tokens = List.copyOf(tokens);
        offsets = List.copyOf(offsets);
        int n = ids.length;
        if (typeIds.length != n || attentionMask.length != n || specialTokensMask.length != n || tokens.size() != n
                || offsets.size() != n) {
            throw new IllegalArgumentException("encoding parts differ in length");
        }
    }

    /** @return the number of tokens, padding included */
    public int length() {
        return ids.length;
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public int[] typeIds() {
        return typeIds.clone();
    }

    @Override
    public int[] attentionMask() {
        return attentionMask.clone();
    }

    @Override
    public int[] specialTokensMask() {
        return specialTokensMask.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e && Arrays.equals(ids, e.ids) && Arrays.equals(typeIds, e.typeIds)
                && Arrays.equals(attentionMask, e.attentionMask)
                && Arrays.equals(specialTokensMask, e.specialTokensMask) && tokens.equals(e.tokens)
                && offsets.equals(e.offsets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(ids), Arrays.hashCode(typeIds), Arrays.hashCode(attentionMask),
                Arrays.hashCode(specialTokensMask), tokens, offsets);
    }

    @Override
    public String toString() {
        return "Encoding" + tokens + Arrays.toString(ids);
    }
}
