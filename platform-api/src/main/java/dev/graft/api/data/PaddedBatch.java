package dev.graft.api.data;

import java.util.List;

/**
 * Sequences padded to the longest one of the batch (dynamic padding). Row {@code b} holds sequence
 * {@code b}; positions past its length hold the pad value and a 0 in the attention mask.
 *
 * @param inputIds      {@code [batch][width]} token ids
 * @param attentionMask {@code [batch][width]} 1 for real tokens, 0 for padding
 * @param labels        {@code [batch][width]} targets, {@link #IGNORE} where there is none; {@code null}
 *                      when the batch has no labels
 * @param lengths       the unpadded length of each row
 */
public record PaddedBatch(int[][] inputIds, int[][] attentionMask, int[][] labels, int[] lengths) {
    /** The label value of positions without a target (PyTorch's and Hugging Face's {@code -100}). */
    public static final int IGNORE = -100;

    /**
     * Pads sequences to the longest, rounded up to a multiple.
     *
     * @param sequences the sequences (not modified)
     * @param labels    per-sequence targets of the same lengths, or {@code null}
     * @param padId     the pad token id
     * @param multiple  pad the width up to a multiple of this (1 for none)
     * @return the batch
     * @throws IllegalArgumentException if labels and sequences differ in count or length
     */
    public static PaddedBatch pad(List<int[]> sequences, List<int[]> labels, int padId, int multiple) {
        if (labels != null && labels.size() != sequences.size()) {
            throw new IllegalArgumentException(labels.size() + " label rows for " + sequences.size() + " sequences");
        }
        int width = 0;
        for (int[] s : sequences) {
            width = Math.max(width, s.length);
        }
        int m = Math.max(1, multiple);
        width = (width + m - 1) / m * m;
        int n = sequences.size();
        int[][] ids = new int[n][width];
        int[][] mask = new int[n][width];
        int[][] lab = labels == null ? null : new int[n][width];
        int[] lengths = new int[n];
        for (int b = 0; b < n; b++) {
            int[] s = sequences.get(b);
            lengths[b] = s.length;
            java.util.Arrays.fill(ids[b], padId);
            System.arraycopy(s, 0, ids[b], 0, s.length);
            java.util.Arrays.fill(mask[b], 0, s.length, 1);
            if (lab != null) {
                int[] l = labels.get(b);
                if (l.length != s.length) {
                    throw new IllegalArgumentException("row " + b + ": " + l.length + " labels for " + s.length + " tokens");
                }
                java.util.Arrays.fill(lab[b], IGNORE);
                System.arraycopy(l, 0, lab[b], 0, l.length);
            }
        }
        return new PaddedBatch(ids, mask, lab, lengths);
    }

    /** @return the number of rows */
    public int size() {
        return inputIds.length;
    }

    /** @return the padded width */
    public int width() {
        return inputIds.length == 0 ? 0 : inputIds[0].length;
    }
}
