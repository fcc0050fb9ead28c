package dev.graft.runtime.cli.data;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code graft data}: the embedded corpus bundle and the datasets built from it. Run without a
 * subcommand it prints usage.
 */
@Command(name = "data",
        mixinStandardHelpOptions = true,
        header = "The embedded data bundle: domains, classification tasks, QA sets and linked corpora.",
        subcommands = {
                DataListCommand.class,
                DataStatsCommand.class,
                DataShowCommand.class,
                DataBuildCommand.class,
                DataBaselineCommand.class,
                DataTokenizerCommand.class,
                DataFetchCommand.class,
        })
public final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
