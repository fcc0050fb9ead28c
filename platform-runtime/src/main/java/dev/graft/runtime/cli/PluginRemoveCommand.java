package dev.graft.runtime.cli;

import dev.graft.registry.install.Installer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft plugin remove ID}: uninstall a plugin, keeping it for rollback. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        header = "Remove a plugin (refused while installed plugins need it, unless --force).")
final class PluginRemoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The plugin.")
    String id;

    @Option(names = "--force", description = "Remove it even if other plugins need it.")
    boolean force;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        Installer in = Cli.installer(spec);
        Cli.confirm(spec, in, in.planRemove(id, force), yes, false);
        return ExitCodes.OK;
    }
}
