package dev.graft.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft plugin disable ID}. */
@Command(name = "disable", mixinStandardHelpOptions = true, header = "Disable a plugin without removing it.")
final class PluginDisableCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The plugin.")
    String id;

    @Override
    public Integer call() throws Exception {
        Cli.installer(spec).setEnabled(id, false);
        spec.commandLine().getOut().println("Disabled " + id + ".");
        return ExitCodes.OK;
    }
}
