package dev.graft.runtime.cli;

import dev.graft.api.spi.Experiment;
import dev.graft.runtime.plugin.Contribution;
import dev.graft.runtime.plugin.HostVersions;
import dev.graft.runtime.plugin.PluginHost;
import dev.graft.runtime.run.ExperimentRunner;
import dev.graft.runtime.run.GracefulStop;
import dev.graft.runtime.run.RunRecord;
import dev.graft.runtime.run.RunSettings;
import dev.graft.runtime.run.TerminalProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graft run EXPERIMENT [--config FILE] [--set k=v]...} or {@code graft run --resume DIR}. Ctrl-C asks the
 * experiment to stop; the run is recorded as interrupted with its last checkpoint, and the exit code is 130.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Run an experiment offered by an installed plugin, with a run record.",
        description = {"Writes runs/<timestamp>-<name>/ with config.json, run.json (seed, versions), metrics.jsonl,",
                "plots/*.png and report.md/report.html; prints the experiment's summary on standard error and the run",
                "directory on standard output.",
                "Ctrl-C stops cleanly, keeping the last checkpoint;",
                "'graft run --resume DIR' continues it."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(paramLabel = "EXPERIMENT", description = "The experiment: NAME or PLUGIN:NAME (see 'graft experiments').")
        String experiment;

        @Option(names = "--resume", paramLabel = "DIR", description = "Continue an interrupted run from its last checkpoint.")
        Path resume;
    }

    @Option(names = "--config", paramLabel = "FILE", description = "Parameter values: a flat .json object or a .properties file.")
    Path config;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Set one parameter (repeatable; wins over --config).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOption backendOption = new BackendOption();

    @Option(names = "--runs-dir", paramLabel = "DIR", defaultValue = "runs", description = "Where run directories go (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        // Outermost, so that the exit a Ctrl-C asks for waits for the plugins to stop as well.
        try (GracefulStop stop = GracefulStop.install(err,
                "graft: stopping after the current step; the last checkpoint is kept");
             PluginHost host = Cli.host(spec, true)) {
            String name = target.resume != null ? RunRecord.read(target.resume).pluginId() + ":" + RunRecord.read(target.resume).experiment()
                    : target.experiment;
            Contribution<Experiment> exp = Cli.experiment(host, name);
            ExperimentRunner.Options o = new ExperimentRunner.Options(seed, backendOption::create, runsDir,
                    HostVersions.profile(), GraftVersion.VERSION,
                    new TerminalProgress(System.err, System.console() != null && System.console().isTerminal()),
                    stop::requested);
            ExperimentRunner runner = new ExperimentRunner(Clock.systemUTC());
            ExperimentRunner.Outcome r = target.resume != null ? runner.resume(target.resume, exp, o)
                    : runner.start(exp, RunSettings.read(config, sets), o);
            if (r.record().summary() != null) {
                err.println(r.record().summary());
                err.flush();
            }
            spec.commandLine().getOut().println(r.runDir());
            spec.commandLine().getOut().flush();
            return switch (r.record().status()) {
                case COMPLETED -> ExitCodes.OK;
                case INTERRUPTED -> {
                    err.println("graft: run interrupted; continue it with 'graft run --resume " + r.runDir() + "'");
                    err.flush();
                    yield ExitCodes.INTERRUPTED;
                }
                case FAILED -> {
                    err.println("graft: run failed: " + r.record().error() + " (record in " + r.runDir() + ")");
                    err.flush();
                    yield ExitCodes.SOFTWARE;
                }
                case RUNNING -> ExitCodes.SOFTWARE;
            };
        }
    }
}
