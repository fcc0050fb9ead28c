package dev.graft.runtime.cli;

import dev.graft.registry.install.GraftHome;
import dev.graft.registry.install.RegistryConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft registry remove NAME}. */
@Command(name = "remove", mixinStandardHelpOptions = true, header = "Forget a configured registry.")
final class RegistryRemoveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The registry's name.")
    String name;

    @Override
    public Integer call() throws Exception {
        GraftHome home = Cli.home(spec);
        RegistryConfig.read(home.registriesFile()).without(name).write(home.registriesFile());
        spec.commandLine().getOut().println("Removed registry " + name);
        return ExitCodes.OK;
    }
}
