package dev.graft.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft plugin enable ID}. */
@Command(name = "enable", mixinStandardHelpOptions = true, header = "Enable a disabled plugin.")
final class PluginEnableCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The plugin.")
    String id;

    @Override
    public Integer call() throws Exception {
        Cli.installer(spec).setEnabled(id, true);
        spec.commandLine().getOut().println("Enabled " + id + ".");
        return ExitCodes.OK;
    }
}
