package dev.graft.api.model;

import java.util.Arrays;
import java.util.Random;

/**
 * How a generating model picks each next token: greedily (temperature 0, the default) or by sampling from the
 * softmax of the logits divided by the temperature, restricted to the {@code topK} most likely tokens (0: all).
 * Sampling draws from a {@link Random} seeded with {@code seed}, so the same options give the same text.
 *
 * @param maxNewTokens the most tokens to generate, {@code >= 1}
 * @param temperature  0 for greedy decoding, else {@code > 0}
 * @param topK         0 for the whole vocabulary, else the number of candidates kept
 * @param seed         the sampling seed
 */
public record GenerationOptions(int maxNewTokens, float temperature, int topK, long seed) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public GenerationOptions {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
        }
        if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 (greedy) or positive, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
        }
    }

    /** @return greedy decoding of at most {@code maxNewTokens} tokens */
    public static GenerationOptions greedy(int maxNewTokens) {
        return new GenerationOptions(maxNewTokens, 0f, 0, 0L);
    }

    /** @return whether each token is the argmax of the logits */
    public boolean isGreedy() {
        return temperature == 0f;
    }

    /** @return a new random stream for one generation run */
    public Random newRandom() {
        return new Random(seed);
    }

    /**
     * Picks one token from a row of logits.
     *
     * @param logits the next-token logits (not modified)
     * @param rng    the run's random stream (unused when greedy)
     * @return the token id: the first largest logit when greedy
     */
    public int pick(float[] logits, Random rng) {
        if (isGreedy()) {
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best;
        }
        float cut = Float.NEGATIVE_INFINITY;
        if (topK > 0 && topK < logits.length) {
            float[] sorted = logits.clone();
            Arrays.sort(sorted);
            cut = sorted[sorted.length - topK];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = logits[i] >= cut ? Math.exp((logits[i] - max) / temperature) : 0;
            sum += p[i];
        }
        double u = rng.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u < 0 && p[i] > 0) {
                return i;
            }
        }
        for (int i = p.length - 1; i >= 0; i--) {
            if (p[i] > 0) {
                return i;
            }
        }
        return 0;
    }
}
