package dev.graft.api.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Token-level batching: groups sequences of similar length so that each batch, padded to its longest
 * sequence, holds at most a budget of tokens, which keeps padding small and memory per step steady.
 *
 * <p>{@link #batches} sorts the sequences by length (ties by position), cuts the sorted list greedily into
 * batches whose {@code rows × longest} stays within {@code maxTokens}, then shuffles the batch order with the
 * given random generator. The same lengths and generator state give the same batches. A sequence longer
 * than the budget forms a batch of its own.
 */
public final class TokenBatcher {
    private TokenBatcher() {
    }

    /**
     * @param lengths   the length of each sequence
     * @param maxTokens the token budget per batch ({@code rows × longest row})
     * @param rng       the generator for the batch order (advanced by this call)
     * @return batches as lists of sequence indices; every index appears exactly once
     * @throws IllegalArgumentException if {@code maxTokens} is not positive
     */
    public static List<int[]> batches(int[] lengths, int maxTokens, SplittableRandom rng) {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> lengths[i]).thenComparingInt(i -> i));
        List<int[]> out = new ArrayList<>();
        List<Integer> cur = new ArrayList<>();
        int longest = 0;
        for (int i : order) {
            int l = Math.max(longest, lengths[i]);
            if (!cur.isEmpty() && (long) l * (cur.size() + 1) > maxTokens) {
                out.add(cur.stream().mapToInt(Integer::intValue).toArray());
                cur.clear();
                l = lengths[i];
            }
            cur.add(i);
            longest = l;
        }
        if (!cur.isEmpty()) {
            out.add(cur.stream().mapToInt(Integer::intValue).toArray());
        }
        for (int i = out.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int[] t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    /**
     * Batches sequences and pads each batch.
     *
     * @param sequences the sequences
     * @param maxTokens the token budget per batch
     * @param padId     the pad id
     * @param rng       the generator for the batch order
     * @return padded batches, without labels
     */
    public static List<PaddedBatch> padded(List<int[]> sequences, int maxTokens, int padId, SplittableRandom rng) {
        int[] lengths = sequences.stream().mapToInt(s -> s.length).toArray();
        List<PaddedBatch> out = new ArrayList<>();
        for (int[] idx : batches(lengths, maxTokens, rng)) {
            List<int[]> rows = new ArrayList<>();
            for (int i : idx) {
                rows.add(sequences.get(i));
            }
            out.add(PaddedBatch.pad(rows, null, padId, 1));
        }
        return out;
    }
}
