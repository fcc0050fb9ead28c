package dev.graft.api.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * Carries a tuned solution (a soft prompt, a delta, a checkpoint) from one task or model to another, e.g.
 * prompt transfer through a cross-model projector or delta transfer through a shared subspace.
 *
 * <p>SPI version {@value #SPI_VERSION}.
 */
public interface TransferStrategy {
    /** This SPI's semantic version. */
    String SPI_VERSION = "1.0.0";

    /** @return the strategy's name */
    String name();

    /** @return its hyper-parameters with defaults */
    List<Parameter<?>> parameters();

    /**
     * Transfers a solution.
     *
     * @param source     the directory of the solution to carry (as written by the method that made it)
     * @param target     the model to carry it to
     * @param parameters resolved values of {@link #parameters()}
     * @param context    the run's context; the transferred solution is written through its artifact store
     * @return the directory of the transferred solution, below {@link RunContext#outputDirectory()}
     * @throws java.io.IOException if the source cannot be read or the result written
     */
    Path transfer(Path source, PretrainedModel target, ParameterValues parameters, RunContext context)
            throws java.io.IOException;
}
