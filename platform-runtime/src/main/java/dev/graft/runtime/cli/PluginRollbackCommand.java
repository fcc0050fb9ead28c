package dev.graft.runtime.cli;

import dev.graft.registry.install.Installer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft plugin rollback ID}: restore the version a plugin had before its last change. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        header = "Restore the version a plugin had before its last install, update or removal.")
final class PluginRollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The plugin.")
    String id;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        Installer in = Cli.installer(spec);
        Cli.confirm(spec, in, in.planRollback(id), yes, false);
        return ExitCodes.OK;
    }
}
