package dev.graft.api.spi;

import java.util.List;

/**
 * Makes a model wider and/or deeper (bert2BERT's FPI and AKI, ELLE's expansion, ...). A function-preserving
 * operator returns a model whose outputs equal the source's to within rounding.
 *
 * <p>SPI version {@value #SPI_VERSION}.
 */
public interface GrowthOperator {
    /** This SPI's semantic version. */
    String SPI_VERSION = "1.0.0";

    /**
     * The size to grow to.
     *
     * @param hiddenSize       the new hidden width
     * @param layers           the new number of layers
     * @param heads            the new number of attention heads
     * @param intermediateSize the new feed-forward width
     */
    record Target(int hiddenSize, int layers, int heads, int intermediateSize) {
        public Target {
            if (hiddenSize <= 0 || layers <= 0 || heads <= 0 || intermediateSize <= 0 || hiddenSize % heads != 0) {
                throw new IllegalArgumentException("growth target " + hiddenSize + "/" + layers + "/" + heads + "/"
                        + intermediateSize + ": sizes must be positive and hiddenSize a multiple of heads");
            }
        }
    }

    /** @return the operator's name, e.g. {@code fpi} */
    String name();

    /** @return whether the grown model computes the same function as the source before any training */
    boolean functionPreserving();

    /** @return its parameters with defaults */
    List<Parameter<?>> parameters();

    /**
     * Grows a model.
     *
     * @param source     the model to grow; left unchanged
     * @param target     the size to reach, at least the source's in every dimension
     * @param parameters resolved values of {@link #parameters()}
     * @param context    the run's backend and seed
     * @return a new model of the source's family
     * @throws IllegalArgumentException if the target is smaller than the source or the family is not supported
     */
    PretrainedModel grow(PretrainedModel source, Target target, ParameterValues parameters, RunContext context);
}
