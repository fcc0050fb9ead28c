package dev.graft.api.spi;

import dev.graft.api.tensor.ComputeBackend;
import java.nio.file.Path;

/**
 * What the host hands every extension for one run: the compute backend, the seed, the output directory, a
 * progress reporter, a metrics sink, an artifact and model store, and cancellation.
 *
 * <p>The host owns everything reached through a context: it creates and closes the backend, flushes the
 * metrics, and writes the run record around the extension's work. An extension must not close the backend and
 * must draw all randomness from {@link #seed()}, so that the same seed on the same backend gives the same bits.
 * A context is used from the thread that runs the extension; {@link #cancellation()} may be signalled from
 * another thread.
 */
public interface RunContext {
    /** @return the backend every tensor of this run lives on; owned by the host */
    ComputeBackend backend();

    /** @return the seed of every random choice of this run */
    long seed();

    /** @return the run's directory; extensions write only below it, preferably through {@link #artifacts()} */
    Path outputDirectory();

    /** @return where to report progress (a terminal bar with rate and ETA, or nothing) */
    ProgressReporter progress();

    /** @return where to log metrics ({@code metrics.jsonl}, plotted in the report) */
    MetricsSink metrics();

    /** @return files, checkpoints and model directories of this run */
    ArtifactStore artifacts();

    /** @return the run's cancellation signal (Ctrl-C) */
    Cancellation cancellation();
}
