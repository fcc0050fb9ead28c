package dev.graft.api.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Causal-LM packing: concatenates documents, each followed by an end-of-sequence id, and cuts the stream
 * into blocks of exactly {@code blockSize} tokens, as Hugging Face's {@code run_clm} does; the final partial
 * block is dropped. Labels of a block are the block itself (models shift them internally).
 */
public final class CausalLmPacker {
    private CausalLmPacker() {
    }

    /**
     * @param documents token ids of each document, in order
     * @param blockSize tokens per block, positive
     * @param eosId     the id appended after each document ({@code -1} to append nothing)
     * @return the blocks in stream order
     * @throws IllegalArgumentException if {@code blockSize} is not positive
     */
    public static List<int[]> pack(Iterable<int[]> documents, int blockSize, int eosId) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
        List<int[]> out = new ArrayList<>();
        int[] cur = new int[blockSize];
        int fill = 0;
        for (int[] doc : documents) {
            int n = doc.length + (eosId >= 0 ? 1 : 0);
            for (int i = 0; i < n; i++) {
                cur[fill++] = i < doc.length ? doc[i] : eosId;
                if (fill == blockSize) {
                    out.add(cur);
                    cur = new int[blockSize];
                    fill = 0;
                }
            }
        }
        return out;
    }
}
