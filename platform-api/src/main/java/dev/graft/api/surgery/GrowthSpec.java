package dev.graft.api.surgery;

import java.util.Objects;

/**
 * How to grow a model, beside the target sizes (which the target configuration gives).
 *
 * @param width     FPI or AKI for new heads and feed-forward neurons (the hidden size always grows as in FPI)
 * @param units     how new units pick the unit they copy; one hidden map serves the whole model, head and
 *                  feed-forward maps are drawn per source layer
 * @param depth     which source layer each target layer copies
 * @param newLayers how repeats of a source layer are initialised
 * @param noiseStd  standard deviation of Gaussian noise added to every element copied or split from the source
 *                  (ELLE adds {@code 0.01}); 0 for none. Zero-initialised tensors stay zero.
 * @param seed      seeds the random unit maps, the noise and the grown model's dropout stream
 */
public record GrowthSpec(WidthOperator width, UnitChoice units, DepthOperator depth, NewLayerInit newLayers,
                         float noiseStd, long seed) {
    public GrowthSpec {
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(depth, "depth");
        Objects.requireNonNull(newLayers, "newLayers");
        if (!(noiseStd >= 0f) || Float.isInfinite(noiseStd)) {
            throw new IllegalArgumentException("noise standard deviation must be finite and >= 0, got " + noiseStd);
        }
    }

    /** FPI with the left unit map, stacked plain copies for depth (bert2BERT's FPI), no noise. */
    public static GrowthSpec fpi(long seed) {
        return new GrowthSpec(WidthOperator.FPI, UnitChoice.LEFT, DepthOperator.STACK, NewLayerInit.COPY, 0f, seed);
    }

    /** AKI with the left unit map, stacked plain copies for depth (bert2BERT's AKI), no noise. */
    public static GrowthSpec aki(long seed) {
        return new GrowthSpec(WidthOperator.AKI, UnitChoice.LEFT, DepthOperator.STACK, NewLayerInit.COPY, 0f, seed);
    }

    /** @return this spec with another unit choice */
    public GrowthSpec withUnits(UnitChoice u) {
        return new GrowthSpec(width, u, depth, newLayers, noiseStd, seed);
    }

    /** @return this spec with another depth operator and new-layer initialisation */
    public GrowthSpec withDepth(DepthOperator d, NewLayerInit init) {
        return new GrowthSpec(width, units, d, init, noiseStd, seed);
    }

    /** @return this spec with noise of the given standard deviation */
    public GrowthSpec withNoise(float std) {
        return new GrowthSpec(width, units, depth, newLayers, std, seed);
    }
}
