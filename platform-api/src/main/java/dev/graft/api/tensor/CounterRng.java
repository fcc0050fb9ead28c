package dev.graft.api.tensor;

/**
 * A stateless counter-based random number generator: the value at {@code (seed, counter)} depends on
 * nothing else, so every backend and every thread split draws the same numbers (dropout masks are
 * identical on CPU and GPU and under any parallel schedule). The mixing function is SplitMix64's
 * finaliser applied twice.
 */
public final class CounterRng {
    private CounterRng() {
    }

    /** @return 64 well-mixed bits for {@code (seed, counter)} */
    public static long bits(long seed, long counter) {
        long z = seed * 0x9E3779B97F4A7C15L + counter * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        z = (z + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 29);
    }

    /** @return a float uniform in {@code [0, 1)} with 24 random bits */
    public static float uniform(long seed, long counter) {
        return (bits(seed, counter) >>> 40) * 0x1.0p-24f;
    }
}
