package dev.graft.api.surgery;

import java.util.Arrays;
import java.util.Random;

/**
 * A width mapping {@code g: {0..D-1} → {0..d-1}} from the units (hidden dimensions, heads or feed-forward
 * neurons) of a grown layer to the units of the source layer, with {@code g(j) = j} for {@code j < d}: every
 * source unit keeps its place and each new unit is a copy of a source unit (Net2Net, bert2BERT's FPI).
 *
 * <p>The replication count {@code c_k = |{j : g(j) = k}|} is what copied units' consumers divide by. A map is
 * {@link #uniform() uniform} when every source unit is copied the same number of times, which is the condition
 * for LayerNorm statistics over the grown width to equal the source's.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class UnitMap {
    private final int sourceSize;
    private final int[] g;
    private final int[] counts;

    /**
     * @param sourceSize {@code d}, the source unit count
     * @param g          {@code g(j)} for every target unit {@code j}; copied
     * @throws IllegalArgumentException if {@code g} is shorter than {@code d}, moves a source unit, or points
     *                                  outside {@code [0, d)}
     */
    public UnitMap(int sourceSize, int[] g) {
        if (sourceSize < 1 || g.length < sourceSize) {
            throw new IllegalArgumentException("a unit map grows " + sourceSize + " units, so it needs at least "
                    + sourceSize + " targets, got " + g.length);
        }
        this.sourceSize = sourceSize;
        this.g = g.clone();
        this.counts = new int[sourceSize];
        for (int j = 0; j < g.length; j++) {
            int k = g[j];
            if (k < 0 || k >= sourceSize) {
                throw new IllegalArgumentException("unit map: g(" + j + ") = " + k + " is outside [0, " + sourceSize + ")");
            }
            if (j < sourceSize && k != j) {
                throw new IllegalArgumentException("unit map: source unit " + j + " must keep its place, but g(" + j
                        + ") = " + k);
            }
            counts[k]++;
        }
    }

    /** @return the map that keeps {@code n} units unchanged */
    public static UnitMap identity(int n) {
        int[] g = new int[n];
        Arrays.setAll(g, j -> j);
        return new UnitMap(n, g);
    }

    /**
     * bert2BERT's "always left" choice, generalised to any ratio: {@code g(j) = j mod d}. It is uniform exactly
     * when {@code to} is a multiple of {@code from}.
     */
    public static UnitMap left(int from, int to) {
        int[] g = new int[to];
        Arrays.setAll(g, j -> j % from);
        return new UnitMap(from, g);
    }

    /** bert2BERT's and ELLE's default: each new unit copies a source unit drawn uniformly at random. */
    public static UnitMap random(int from, int to, Random rng) {
        int[] g = new int[to];
        for (int j = 0; j < to; j++) {
            g[j] = j < from ? j : rng.nextInt(from);
        }
        return new UnitMap(from, g);
    }

    /** @return {@code d} */
    public int sourceSize() {
        return sourceSize;
    }

    /** @return {@code D} */
    public int targetSize() {
        return g.length;
    }

    /** @return {@code g(j)} */
    public int source(int j) {
        return g[j];
    }

    /** @return {@code c_k}, how many target units copy source unit {@code k} (itself included) */
    public int count(int k) {
        return counts[k];
    }

    /** @return whether target unit {@code j} is new (not one of the source units in its own place) */
    public boolean isNew(int j) {
        return j >= sourceSize;
    }

    /** @return whether every source unit is copied the same number of times */
    public boolean uniform() {
        for (int c : counts) {
            if (c != counts[0]) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the map grows nothing */
    public boolean isIdentity() {
        return g.length == sourceSize;
    }

    /** @return a copy of {@code g} */
    public int[] toArray() {
        return g.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnitMap m && m.sourceSize == sourceSize && Arrays.equals(m.g, g);
    }

    @Override
    public int hashCode() {
        return 31 * sourceSize + Arrays.hashCode(g);
    }

    @Override
    public String toString() {
        return "UnitMap(" + sourceSize + " → " + g.length + (uniform() ? ", uniform" : ", uneven") + ")";
    }
}
