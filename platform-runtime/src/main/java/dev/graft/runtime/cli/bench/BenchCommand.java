package dev.graft.runtime.cli.bench;

import picocli.CommandLine.Command;

/** {@code graft bench}: throughput measurements of the engine on the project's reference models. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Measure training throughput of the engine.",
        subcommands = {BenchTrainCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
