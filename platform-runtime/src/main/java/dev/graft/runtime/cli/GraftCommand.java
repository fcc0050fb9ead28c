package dev.graft.runtime.cli;

import dev.graft.registry.install.GraftHome;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code graft} command. Run without a subcommand it prints usage.
 * Each verb is its own class, listed in {@code subcommands}.
 */
@Command(name = "graft",
        mixinStandardHelpOptions = true,
        versionProvider = GraftVersion.class,
        header = "Graft: reuse pre-trained language models instead of training from scratch.",
        subcommands = {
                CommandLine.HelpCommand.class,
                dev.graft.runtime.cli.data.DataCommand.class,
                dev.graft.runtime.cli.bench.BenchCommand.class,
                PluginCommand.class,
                RegistryCommand.class,
                RunCommand.class,
                ExperimentsCommand.class,
                DoctorCommand.class,
                dev.graft.runtime.cli.grow.GrowCommand.class,
                dev.graft.runtime.cli.quickstart.QuickstartCommand.class,
                dev.graft.runtime.cli.model.ModelCommand.class,
                dev.graft.runtime.cli.model.TokenizeCommand.class,
                dev.graft.runtime.cli.model.GenerateCommand.class,
                dev.graft.runtime.cli.model.FillMaskCommand.class,
                picocli.AutoComplete.GenerateCompletion.class,
        })
public final class GraftCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Graft home with installed plugins, lockfile and registry keys (default: $GRAFT_HOME or ~/.graft).")
    Path home;

    /** @return the Graft home chosen by {@code --home}, else by the environment */
    public GraftHome home() {
        return home != null ? new GraftHome(home) : GraftHome.fromEnvironment(System.getenv());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /**
     * Builds the command line with Graft's exit-code mapping.
     *
     * @return a new command line for {@code graft}
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new GraftCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(ExitCodeMapper.INSTANCE);
        cl.setExecutionExceptionHandler(ExitCodeMapper.INSTANCE);
        cl.setParameterExceptionHandler(ExitCodeMapper.INSTANCE);
        return cl;
    }
}
