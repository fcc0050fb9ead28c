package dev.graft.api.tensor;

/**
 * The stream of dropout masks of one run: a seed and a counter that every dropout call advances by the
 * number of elements it masks. Same seed, same sequence of calls: same masks, on every backend.
 * Not thread-safe.
 */
public final class DropoutRng {
    private final long seed;
    private long counter;

    /** @param seed the run's seed */
    public DropoutRng(long seed) {
        this.seed = seed;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the current counter (saved in checkpoints so a resumed run draws the same masks) */
    public long counter() {
        return counter;
    }

    /** Restores a counter saved from {@link #counter()}. */
    public void setCounter(long value) {
        this.counter = value;
    }

    /** Reserves {@code n} draws and returns the counter of the first. */
    long advance(long n) {
        long c = counter;
        counter += n;
        return c;
    }
}
