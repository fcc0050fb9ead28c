package dev.graft.api.data;

import java.util.List;
import java.util.function.Predicate;

/**
 * Deterministic choices keyed by a string: a SplitMix64 sequence seeded with the key's 64-bit MD5 prefix.
 * The same key gives the same choices on every machine and Java version (the generator is written out
 * here, not taken from the JDK). Not thread-safe; create one per key.
 */
final class KeyedRandom {
    private long state;

    KeyedRandom(String key) {
        this.state = Split.hash64(key);
    }

    /** @return the next 64 random bits (SplitMix64, Steele et al. 2014) */
    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param bound exclusive upper bound, positive
     * @return a value in {@code [0, bound)}
     */
    int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /**
     * Picks an element that satisfies a test: a few random draws, then a scan from a random start, so the
     * result depends only on the key, the list's order and the test.
     *
     * @param items candidates in a fixed order
     * @param ok    the test
     * @param <T>   element type
     * @return the chosen element, or {@code null} if none passes
     */
    <T> T pick(List<T> items, Predicate<T> ok) {
        if (items.isEmpty()) {
            return null;
        }
        for (int i = 0; i < 32; i++) {
            T t = items.get(nextInt(items.size()));
            if (ok.test(t)) {
                return t;
            }
        }
        int start = nextInt(items.size());
        for (int i = 0; i < items.size(); i++) {
            T t = items.get((start + i) % items.size());
            if (ok.test(t)) {
                return t;
            }
        }
        return null;
    }
}
