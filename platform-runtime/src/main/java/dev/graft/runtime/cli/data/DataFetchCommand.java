package dev.graft.runtime.cli.data;

import dev.graft.runtime.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Placeholder replaced below. */
@Command(name = "fetch", mixinStandardHelpOptions = true, header = "x")
public final class DataFetchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--extended")
    boolean extended;

    @Override
    public Integer call() {
        return ExitCodes.OK;
    }
}
