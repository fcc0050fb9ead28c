package dev.graft.api.model.t5;

import dev.graft.api.nn.Embedding;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Tensor;
import java.util.Random;

/**
 * T5's learned relative position bias (Raffel et al., 2020, §2.1): each query-key offset falls into one of
 * {@code num_buckets} buckets, exact for small offsets and logarithmic up to {@code max_distance}; each bucket
 * has one learned scalar per head. Registered as {@code relative_attention_bias} (an embedding
 * {@code [num_buckets, num_heads]}) in the first layer of each stack only.
 */
final class RelativePositionBias {
    private RelativePositionBias() {
    }

    /**
     * The bucket of one offset, as Hugging Face's {@code _relative_position_bucket} computes it (in float32 for
     * the logarithmic part, as there).
     *
     * @param relativePosition key position minus query position
     * @param bidirectional    encoder (true) or causal decoder (false)
     */
    static int bucket(int relativePosition, boolean bidirectional, int numBuckets, int maxDistance) {
        int buckets = 0;
        int n = numBuckets;
        int rp = relativePosition;
        if (bidirectional) {
            n /= 2;
            if (rp > 0) {
                buckets += n;
            }
            rp = Math.abs(rp);
        } else {
            rp = -Math.min(rp, 0);
        }
        int maxExact = n / 2;
        if (rp < maxExact) {
            return buckets + rp;
        }
        float ratio = (float) Math.log((float) rp / maxExact);
        float scaled = ratio / (float) Math.log((double) maxDistance / maxExact) * (n - maxExact);
        int large = maxExact + (int) scaled;
        return buckets + Math.min(large, n - 1);
    }

    /**
     * @return the bias {@code [1, heads, tq, tk]} from the bucket embedding {@code [num_buckets, heads]}
     */
    static Tensor compute(Embedding table, int tq, int tk, boolean bidirectional, T5Config c, ComputeBackend be) {
        return compute(table, 0, tq, tk, bidirectional, c, be);
    }

    /**
     * @param queryStart the position of the first query (the number of cached positions before it)
     * @return the bias {@code [1, heads, tq, tk]} of queries {@code queryStart ..} against keys {@code 0 .. tk-1}
     */
    static Tensor compute(Embedding table, int queryStart, int tq, int tk, boolean bidirectional, T5Config c,
                          ComputeBackend be) {
        int[] ids = new int[tq * tk];
        for (int i = 0; i < tq; i++) {
            for (int j = 0; j < tk; j++) {
                ids[i * tk + j] = bucket(j - (queryStart + i), bidirectional, c.relativeAttentionNumBuckets(),
                        c.relativeAttentionMaxDistance());
            }
        }
        Tensor values = table.forward(Tensor.ofInts(be, ids, tq, tk));   // [tq, tk, heads]
        return values.permute(2, 0, 1).unsqueeze(0);                     // [1, heads, tq, tk]
    }

    static Embedding newTable(ComputeBackend be, T5Config c, Random rng) {
        return new Embedding(be, c.relativeAttentionNumBuckets(), c.numHeads(), rng,
                (float) (c.initializerFactor() / Math.sqrt(c.dModel())));
    }
}
