package dev.graft.api.spi;

import java.util.List;

/**
 * A named, configurable, reproducible run: what {@code graft run NAME} executes.
 *
 * <p>The host resolves the declared {@link #parameters()} (defaults, a config file, {@code --set name=value}),
 * records them with the seed and versions in the run directory, and calls {@link #run}. Everything the
 * experiment produces goes through the {@link RunContext}: metrics, progress, files and checkpoints. The same
 * parameters, seed and backend must give the same results.
 *
 * <p><b>Resuming.</b> If {@link ArtifactStore#latestCheckpoint()} is present when {@code run} starts, the run is
 * being resumed: the experiment restores its state from that checkpoint and continues after its step, logging
 * metrics only for later steps. An experiment that saves no checkpoints simply starts over.
 *
 * <p><b>Errors.</b> An exception thrown from {@code run} marks the run failed in its record; the host and other
 * plugins are unaffected. {@link RunCancelledException} marks it interrupted instead.
 *
 * <p>SPI version {@value #SPI_VERSION}.
 */
public interface Experiment {
    /** This SPI's semantic version. */
    String SPI_VERSION = "1.0.0";

    /**
     * @return the name users type after {@code graft run}: {@code [a-z][a-z0-9.-]*}, unique among plugins; a
     *         dotted prefix names the method ({@code bert2bert.reproduce})
     */
    String name();

    /** @return one sentence saying what the experiment shows */
    String description();

    /** @return the typed parameters with their defaults, in the order help shows them */
    List<Parameter<?>> parameters();

    /**
     * Runs the experiment.
     *
     * @param context    the run's backend, seed, output, progress, metrics, artifacts and cancellation
     * @param parameters the resolved values of {@link #parameters()}
     * @return a summary for the report
     * @throws Exception if the run failed; the message goes into the run record
     */
    ExperimentResult run(RunContext context, ParameterValues parameters) throws Exception;
}
