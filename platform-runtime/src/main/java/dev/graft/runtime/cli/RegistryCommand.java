package dev.graft.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft registry ...}: create, publish to, serve and configure plugin registries. */
@Command(name = "registry", mixinStandardHelpOptions = true, header = "Create, publish to, serve and configure registries.",
        subcommands = {RegistryKeygenCommand.class, RegistryPublishCommand.class, RegistryIndexCommand.class,
                RegistryServeCommand.class, RegistryAddCommand.class, RegistryRemoveCommand.class, RegistryListCommand.class})
final class RegistryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
