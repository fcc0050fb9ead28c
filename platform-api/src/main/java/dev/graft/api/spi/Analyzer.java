package dev.graft.api.spi;

import java.util.List;

/**
 * A measurement over a model: a transferability score (LogME, LEEP, ...), a loss-landscape probe, an
 * activation statistic. It does not change the model.
 *
 * <p>SPI version {@value #SPI_VERSION}.
 */
public interface Analyzer {
    /** This SPI's semantic version. */
    String SPI_VERSION = "1.0.0";

    /** @return the analyzer's name, e.g. {@code logme} */
    String name();

    /** @return its parameters with defaults */
    List<Parameter<?>> parameters();

    /**
     * Measures a model.
     *
     * @param model      the model; left unchanged
     * @param parameters resolved values of {@link #parameters()}
     * @param context    the run's context; detailed results may be logged as metrics or written as artifacts
     * @return the headline numbers, in the order a report shows them
     */
    List<ExperimentResult.Metric> analyze(PretrainedModel model, ParameterValues parameters, RunContext context);
}
