package dev.graft.api.spi;

import dev.graft.api.tensor.ComputeBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A {@link RunContext} without a host: metrics are kept in memory, files go to a given directory, progress is
 * not shown, and cancellation is set by {@link #cancel()}. Plugin authors use it to test an extension in a
 * plain unit test; it also suits embedding an extension in another program.
 *
 * <p>The backend is the caller's: this context never closes it. Not thread-safe, except {@link #cancel()}.
 */
public final class LocalRunContext implements RunContext {
    private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.\\-/]+");

    /**
     * One logged value.
     *
     * @param step  the step
     * @param name  the metric
     * @param value the value
     */
    public record LoggedMetric(long step, String name, double value) {
    }

    private final ComputeBackend backend;
    private final long seed;
    private final DirectoryArtifactStore store;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<LoggedMetric> logged = new ArrayList<>();

    /**
     * @param backend   the backend to hand out; not closed by this context
     * @param seed      the seed
     * @param outputDir the output directory, created if missing
     */
    public LocalRunContext(ComputeBackend backend, long seed, Path outputDir) {
        this.backend = Objects.requireNonNull(backend);
        this.seed = seed;
        this.store = new DirectoryArtifactStore(outputDir);
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Path outputDirectory() {
        return store.root();
    }

    @Override
    public ProgressReporter progress() {
        return ProgressReporter.NONE;
    }

    @Override
    public MetricsSink metrics() {
        return (step, name, value) -> {
            if (step < 0 || !METRIC.matcher(name).matches()) {
                throw new IllegalArgumentException("metric '" + name + "' at step " + step
                        + ": the name must match " + METRIC.pattern() + " and the step be >= 0");
            }
            logged.add(new LoggedMetric(step, name, value));
        };
    }

    @Override
    public ArtifactStore artifacts() {
        return store;
    }

    @Override
    public Cancellation cancellation() {
        return cancelled::get;
    }

    /** Asks the run to stop; may be called from any thread. */
    public void cancel() {
        cancelled.set(true);
    }

    /** @return every value logged so far, in order, unmodifiable */
    public List<LoggedMetric> logged() {
        return Collections.unmodifiableList(logged);
    }

    /**
     * @param name a metric
     * @return the last value logged for it
     */
    public OptionalDouble last(String name) {
        for (int i = logged.size() - 1; i >= 0; i--) {
            if (logged.get(i).name().equals(name)) {
                return OptionalDouble.of(logged.get(i).value());
            }
        }
        return OptionalDouble.empty();
    }
}
