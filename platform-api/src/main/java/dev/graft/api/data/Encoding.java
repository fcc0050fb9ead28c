package dev.graft.api.data;

/**
 * The tokens of one text.
 *
 * @param ids     token ids
 * @param wordIds for each token, the index of the whitespace- or punctuation-delimited word it belongs to
 *                (tokens of one word share it; used by whole-word masking)
 * @param starts  for each token, its first character in the text
 * @param ends    for each token, one past its last character
 */
public record Encoding(int[] ids, int[] wordIds, int[] starts, int[] ends) {
    /**
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public Encoding {
        if (wordIds.length != ids.length || starts.length != ids.length || ends.length != ids.length) {
            throw new IllegalArgumentException("encoding arrays differ in length: ids " + ids.length + ", wordIds "
                    + wordIds.length + ", starts " + starts.length + ", ends " + ends.length);
        }
    }

    /** @return the number of tokens */
    public int length() {
        return ids.length;
    }

    /**
     * Marks the tokens that overlap any of the given character spans, e.g. linked entity mentions that
     * {@link MlmMasker} must not mask.
     *
     * @param mentions spans of the encoded text
     * @return one flag per token
     */
    public boolean[] overlapping(java.util.List<LinkedDocument.Mention> mentions) {
        boolean[] out = new boolean[ids.length];
        for (LinkedDocument.Mention m : mentions) {
            for (int i = 0; i < ids.length; i++) {
                if (starts[i] < m.end() && ends[i] > m.start()) {
                    out[i] = true;
                }
            }
        }
        return out;
    }
}
