package dev.graft.api.spi;

import java.util.List;

/**
 * A way of adapting a pre-trained model to a task (full fine-tuning, prompt tuning, LoRA, adapters, prefix,
 * BitFit, ...): it decides which parameters train and adds its own.
 *
 * <p>SPI version {@value #SPI_VERSION}.
 */
public interface TuningMethod {
    /** This SPI's semantic version. */
    String SPI_VERSION = "1.0.0";

    /** @return the method's name, e.g. {@code lora} */
    String name();

    /** @return the method's hyper-parameters with defaults (rank, prompt length, ...) */
    List<Parameter<?>> parameters();

    /**
     * Attaches the method to a model.
     *
     * @param base       the pre-trained model; frozen except where the method says otherwise
     * @param parameters resolved values of {@link #parameters()}
     * @param context    the run's backend, seed and artifacts
     * @return the tunable model: the base plus the method's parameters; closing it does not close {@code base}
     * @throws IllegalArgumentException if the method does not apply to this model's family
     */
    PretrainedModel attach(PretrainedModel base, ParameterValues parameters, RunContext context);
}
