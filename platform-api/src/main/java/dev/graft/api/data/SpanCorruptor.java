package dev.graft.api.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * T5's span corruption ({@code random_spans_noise_mask} and {@code noise_span_to_unique_sentinel} of the
 * T5 code base): {@code round(length × noiseDensity)} tokens (at least 1, at most length − 1) are split into
 * {@code round(noise / meanSpanLength)} (at least 1) spans, the rest into as many non-noise spans, with
 * random span lengths of at least one token, interleaved starting with non-noise. The input keeps the
 * non-noise tokens with each noise span replaced by its sentinel; the target lists each sentinel followed
 * by its span. Both end with the end-of-sequence id.
 *
 * @param noiseDensity   share of tokens corrupted (T5: 0.15)
 * @param meanSpanLength mean noise span length (T5: 3)
 * @param sentinelIds    the sentinel ids in order ({@code <extra_id_0>}, {@code <extra_id_1>}, ...)
 * @param eosId          the end-of-sequence id
 */
public record SpanCorruptor(double noiseDensity, double meanSpanLength, int[] sentinelIds, int eosId) {
    /**
     * @throws IllegalArgumentException if the density is outside (0, 1), the span length below 1, or there
     *                                  are no sentinels
     */
    public SpanCorruptor {
        if (noiseDensity <= 0 || noiseDensity >= 1 || meanSpanLength < 1 || sentinelIds.length == 0) {
            throw new IllegalArgumentException("span corruption: need 0 < noiseDensity < 1, meanSpanLength >= 1 and "
                    + "at least one sentinel, got " + noiseDensity + ", " + meanSpanLength + ", " + sentinelIds.length);
        }
        sentinelIds = sentinelIds.clone();
    }

    /**
     * One corrupted example.
     *
     * @param inputIds  encoder input
     * @param targetIds decoder target
     */
    public record Corrupted(int[] inputIds, int[] targetIds) {
    }

    /**
     * @param ids the token ids of one text (at least two), without an end-of-sequence id
     * @param rng the caller's generator, advanced by this call
     * @return input and target
     * @throws IllegalArgumentException if the text has fewer than two tokens or needs more spans than there
     *                                  are sentinels
     */
    public Corrupted corrupt(int[] ids, SplittableRandom rng) {
        boolean[] noise = noiseMask(ids.length, rng);
        List<Integer> in = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        int span = -1;
        for (int i = 0; i < ids.length; i++) {
            if (noise[i]) {
                if (i == 0 || !noise[i - 1]) {
                    span++;
                    if (span >= sentinelIds.length) {
                        throw new IllegalArgumentException("span corruption needs more than the " + sentinelIds.length
                                + " sentinels given for a text of " + ids.length + " tokens");
                    }
                    in.add(sentinelIds[span]);
                    out.add(sentinelIds[span]);
                }
                out.add(ids[i]);
            } else {
                in.add(ids[i]);
            }
        }
        in.add(eosId);
        out.add(eosId);
        return new Corrupted(in.stream().mapToInt(Integer::intValue).toArray(),
                out.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * @param length the number of tokens, at least 2
     * @param rng    the generator
     * @return which tokens are noise
     */
    boolean[] noiseMask(int length, SplittableRandom rng) {
        if (length < 2) {
            throw new IllegalArgumentException("span corruption needs at least 2 tokens, got " + length);
        }
        int numNoise = (int) Math.round(length * noiseDensity);
        numNoise = Math.min(Math.max(numNoise, 1), length - 1);
        int numSpans = Math.max(1, (int) Math.round(numNoise / meanSpanLength));
        int numNonNoise = length - numNoise;
        numSpans = Math.min(numSpans, Math.min(numNoise, numNonNoise));
        int[] noiseLengths = segment(numNoise, numSpans, rng);
        int[] nonNoiseLengths = segment(numNonNoise, numSpans, rng);
        boolean[] mask = new boolean[length];
        int pos = 0;
        for (int s = 0; s < numSpans; s++) {
            pos += nonNoiseLengths[s];
            Arrays.fill(mask, pos, pos + noiseLengths[s], true);
            pos += noiseLengths[s];
        }
        return mask;
    }

    /** Splits {@code items} into {@code segments} random positive lengths (T5's {@code _random_segmentation}). */
    private static int[] segment(int items, int segments, SplittableRandom rng) {
        // Choose segments-1 distinct cut points among the items-1 gaps.
        int[] gaps = new int[items - 1];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = i + 1;
        }
        for (int i = 0; i < segments - 1; i++) {
            int j = i + rng.nextInt(gaps.length - i);
            int t = gaps[i];
            gaps[i] = gaps[j];
            gaps[j] = t;
        }
        int[] cuts = Arrays.copyOf(gaps, segments - 1);
        Arrays.sort(cuts);
        int[] lengths = new int[segments];
        int prev = 0;
        for (int s = 0; s < segments - 1; s++) {
            lengths[s] = cuts[s] - prev;
            prev = cuts[s];
        }
        lengths[segments - 1] = items - prev;
        return lengths;
    }
}
