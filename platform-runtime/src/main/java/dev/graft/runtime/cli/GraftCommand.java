package dev.graft.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
                dev.graft.runtime.cli.bench.BenchCommand.class,
        })
public final class GraftCommand implements Runnable {
    @Spec
    CommandSpec spec;

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
        cl.setExitCodeExceptionMapper(ExitCodeMapper.INSTANCE);
        cl.setExecutionExceptionHandler(ExitCodeMapper.INSTANCE);
        cl.setParameterExceptionHandler(ExitCodeMapper.INSTANCE);
        return cl;
    }
}
