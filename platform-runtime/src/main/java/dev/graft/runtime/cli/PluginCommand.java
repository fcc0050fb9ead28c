package dev.graft.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft plugin ...}: install, inspect and manage plugins. */
@Command(name = "plugin", mixinStandardHelpOptions = true, header = "Install, inspect and manage plugins.",
        subcommands = {PluginListCommand.class, PluginInfoCommand.class, PluginSearchCommand.class,
                PluginInstallCommand.class, PluginUpdateCommand.class, PluginRollbackCommand.class,
                PluginRemoveCommand.class, PluginEnableCommand.class, PluginDisableCommand.class,
                PluginVerifyCommand.class, PluginDoctorCommand.class, PluginNewCommand.class})
final class PluginCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
