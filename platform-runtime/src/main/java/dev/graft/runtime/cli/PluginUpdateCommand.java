package dev.graft.runtime.cli;

import dev.graft.registry.install.Installer;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft plugin update [ID]}: move installed plugins to the newest compatible release. */
@Command(name = "update", mixinStandardHelpOptions = true,
        header = "Update one or all registry-installed plugins to their newest compatible release.")
final class PluginUpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "The plugin to update (default: all).")
    String id;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--dry-run", description = "Show the plan and change nothing.")
    boolean dryRun;

    @Option(names = "--allow-unsigned", description = "Accept unsigned local directory registries.")
    boolean allowUnsigned;

    @Override
    public Integer call() throws Exception {
        Installer in = Cli.installer(spec);
        Cli.confirm(spec, in, in.planUpdate(Optional.ofNullable(id), allowUnsigned), yes, dryRun);
        return ExitCodes.OK;
    }
}
