package dev.graft.api.surgery;

import java.util.Random;

/** How new units pick the source unit they copy. */
public enum UnitChoice {
    /**
     * {@code g(j) = j mod d} (bert2BERT's {@code --is_always_left}, generalised): deterministic, and uniform for
     * integer width ratios, which keeps growth through LayerNorm exact.
     */
    LEFT,
    /** A uniformly random source unit for each new unit (bert2BERT's and ELLE's default); uneven in general. */
    RANDOM;

    /** @return a map from {@code to} target units to {@code from} source units */
    public UnitMap map(int from, int to, Random rng) {
        return this == LEFT ? UnitMap.left(from, to) : UnitMap.random(from, to, rng);
    }
}
