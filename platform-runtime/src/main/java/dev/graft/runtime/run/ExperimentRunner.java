package dev.graft.runtime.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.graft.api.spi.ArtifactStore;
import dev.graft.api.spi.Cancellation;
import dev.graft.api.spi.Checkpoint;
import dev.graft.api.spi.DirectoryArtifactStore;
import dev.graft.api.spi.Experiment;
import dev.graft.api.spi.ExperimentResult;
import dev.graft.api.spi.MetricsSink;
import dev.graft.api.spi.ParameterValues;
import dev.graft.api.spi.ProgressReporter;
import dev.graft.api.spi.RunCancelledException;
import dev.graft.api.spi.RunContext;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.cuda.CudaBackend;
import dev.graft.cuda.Precision;
import dev.graft.registry.AtomicFiles;
import dev.graft.registry.HostProfile;
import dev.graft.runtime.plugin.Contribution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs an experiment with a run record: creates {@code <runs>/<timestamp>-<name>/}, writes {@code config.json}
 * and {@code run.json}, hands the experiment a {@link RunContext}, and afterwards records how it ended, draws
 * the plots and writes the reports — also when the experiment failed or was cancelled.
 *
 * <p>A resumed run reuses the directory, configuration, seed and plugin version of the original, drops the
 * metrics logged after the last checkpoint, and lets the experiment continue from that checkpoint.
 */
public final class ExperimentRunner {
    /** The resolved configuration's file name. */
    public static final String CONFIG = "config.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * How to run.
     *
     * @param seed        the seed
     * @param backend     creates the compute backend (called once per run, after the settings are checked); the
     *                    runner closes it
     * @param runsDir     the directory that holds run directories
     * @param host        the host's versions, recorded in {@code run.json}
     * @param hostVersion the Graft version, recorded in {@code run.json}
     * @param progress    where progress goes
     * @param cancelled   tells whether the user asked to stop
     */
    public record Options(long seed, Supplier<ComputeBackend> backend, Path runsDir, HostProfile host, String hostVersion,
                          ProgressReporter progress, BooleanSupplier cancelled) {
    }

    /**
     * How a run ended.
     *
     * @param runDir the run's directory
     * @param record its final record
     */
    public record Outcome(Path runDir, RunRecord record) {
    }

    private final Clock clock;

    /** @param clock the clock for time stamps */
    public ExperimentRunner(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts a new run.
     *
     * @param exp      the experiment and its plugin
     * @param settings parameter settings as text (unknown names are refused)
     * @param o        how to run
     * @return how it ended
     * @throws IllegalArgumentException for a bad setting or unknown backend, before anything is written
     * @throws IOException if the run directory cannot be written
     */
    public Outcome start(Contribution<Experiment> exp, Map<String, String> settings, Options o) throws IOException {
        ParameterValues values = ParameterValues.resolve(exp.extension().parameters(), settings);
        try (ComputeBackend backend = o.backend().get()) {
            Files.createDirectories(o.runsDir());
            Instant now = Instant.now(clock);
            Path dir = newRunDir(o.runsDir(), STAMP.format(now) + "-" + exp.extension().name());
            JsonObject cfg = new JsonObject();
            values.asMap().forEach((k, v) -> cfg.add(k, v instanceof Number n ? new JsonPrimitive(n)
                    : v instanceof Boolean b ? new JsonPrimitive(b) : new JsonPrimitive(v.toString())));
            AtomicFiles.write(dir.resolve(CONFIG), (RunRecord.GSON.toJson(cfg) + "\n").getBytes(StandardCharsets.UTF_8));
            RunRecord rec = new RunRecord(1, exp.extension().name(), exp.pluginId(), exp.pluginVersion(), o.hostVersion(),
                    o.host().apiVersion(), o.host().spiVersions(), o.seed(), backend.name(), backend.device().toString(),
                    precisionId(backend), Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"), now.toString(), null,
                    RunStatus.RUNNING, null, 0, null, List.of());
            return execute(exp, values, dir, rec, backend, o);
        }
    }

    /**
     * Continues an interrupted or failed run from its last checkpoint.
     *
     * @param runDir the run's directory
     * @param exp    the experiment named in its record, from the plugin and version named there
     * @param o      how to run (the seed is taken from the record, not from here)
     * @return how it ended
     * @throws IllegalArgumentException if the run completed already, or the experiment, plugin or version differ
     */
    public Outcome resume(Path runDir, Contribution<Experiment> exp, Options o) throws IOException {
        RunRecord old = RunRecord.read(runDir);
        if (old.status() == RunStatus.COMPLETED) {
            throw new IllegalArgumentException(runDir + ": the run already completed; start a new one");
        }
        if (!old.experiment().equals(exp.extension().name()) || !old.pluginId().equals(exp.pluginId())
                || !old.pluginVersion().equals(exp.pluginVersion())) {
            throw new IllegalArgumentException(runDir + ": the run was made with " + old.experiment() + " from "
                    + old.pluginId() + "@" + old.pluginVersion() + ", but " + exp.extension().name() + " from "
                    + exp.pluginId() + "@" + exp.pluginVersion() + " is installed; install that version to resume");
        }
        ParameterValues values = ParameterValues.resolve(exp.extension().parameters(),
                RunSettings.read(runDir.resolve(CONFIG), List.of()));
        Optional<Checkpoint> cp = new DirectoryArtifactStore(runDir).latestCheckpoint();
        try (ComputeBackend backend = o.backend().get()) {
            if (!backend.name().equals(old.backend()) || !backend.device().toString().equals(old.device())) {
                throw new IllegalArgumentException(runDir + ": the run used backend " + old.backend() + " on " + old.device()
                        + "; resume it on the same one (e.g. --backend " + old.backend() + " or --device " + old.device()
                        + ") so that it continues with the same arithmetic");
            }
            if (old.precision() != null && !old.precision().equals(precisionId(backend))) {
                throw new IllegalArgumentException(runDir + ": the run used --precision " + old.precision()
                        + "; resume it with the same precision so that it continues with the same arithmetic");
            }
            MetricsFile.truncateAfter(runDir, cp.map(Checkpoint::step).orElse(0L));
            Options same = new Options(old.seed(), o.backend(), o.runsDir(), o.host(), o.hostVersion(), o.progress(), o.cancelled());
            return execute(exp, values, runDir, old.resumed(), backend, same);
        }
    }

    /** @return the GPU backend's matrix-product precision as run.json names it, or {@code null} on the CPU */
    private static String precisionId(ComputeBackend backend) {
        return CudaBackend.precisionOf(backend).map(Precision::id).orElse(null);
    }

    private Outcome execute(Contribution<Experiment> exp, ParameterValues values, Path dir, RunRecord rec,
                            ComputeBackend backend, Options o) throws IOException {
        rec.write(dir);
        String plotProblem = null;
        try {
            Plots.prepare();
        } catch (IOException | RuntimeException | LinkageError e) {
            plotProblem = e.toString();
        }
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir);
        RunStatus status;
        String error = null;
        ExperimentResult result = null;
        try (MetricsFile metrics = new MetricsFile(dir)) {
            RunContext ctx = new Context(backend, o.seed(), dir, o.progress(), metrics, store, o.cancelled()::getAsBoolean);
            try {
                result = exp.extension().run(ctx, values);
                status = RunStatus.COMPLETED;
            } catch (RunCancelledException e) {
                status = RunStatus.INTERRUPTED;
            } catch (Exception | LinkageError | StackOverflowError e) {
                status = RunStatus.FAILED;
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } finally {
                o.progress().end();
            }
        }
        List<RunRecord.Headline> head = result == null ? List.of()
                : result.headline().stream().map(m -> new RunRecord.Headline(m.name(), m.value())).toList();
        RunRecord done = rec.ended(Instant.now(clock).toString(), status, error, result == null ? null : result.summary(), head);
        done.write(dir);
        List<MetricsFile.Point> points = MetricsFile.read(dir);
        Map<String, String> plots = Map.of();
        if (plotProblem == null) {
            try {
                plots = Plots.write(dir, points);
            } catch (IOException | RuntimeException | LinkageError e) {
                plotProblem = e.toString();
            }
        }
        Reports.write(dir, done, new LinkedHashMap<>(values.asText()), points, plots, plotProblem);
        return new Outcome(dir, done);
    }

    private static Path newRunDir(Path runs, String base) throws IOException {
        for (int i = 1; ; i++) {
            Path p = runs.resolve(i == 1 ? base : base + "-" + i);
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                // taken by a run started in the same second: try the next suffix
            }
        }
    }

    private record Context(ComputeBackend backend, long seed, Path outputDirectory, ProgressReporter progress,
                           MetricsSink metrics, ArtifactStore artifacts, Cancellation cancellation) implements RunContext {
    }
}
