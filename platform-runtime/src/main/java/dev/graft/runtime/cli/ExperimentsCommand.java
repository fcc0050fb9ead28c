package dev.graft.runtime.cli;

import dev.graft.api.spi.Experiment;
import dev.graft.api.spi.Parameter;
import dev.graft.runtime.plugin.Contribution;
import dev.graft.runtime.plugin.PluginHost;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft experiments}: what the installed plugins offer, with every parameter and its default. */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        header = "List the experiments the installed plugins offer, with their parameters.")
final class ExperimentsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (PluginHost host = Cli.host(spec, true)) {
            List<Contribution<Experiment>> exps = Cli.experiments(host);
            if (exps.isEmpty()) {
                out.println("No experiments: install a plugin with 'graft plugin install ID'.");
            }
            for (Contribution<Experiment> c : exps) {
                out.println(c.extension().name() + "  (" + c.pluginId() + " " + c.pluginVersion() + ")");
                out.println("    " + c.extension().description());
                for (Parameter<?> p : c.extension().parameters()) {
                    out.printf("    --set %-22s %s; %s (default %s)%n", p.name() + "=", p.description(), p.accepted(), p.defaultValue());
                }
            }
        }
        return ExitCodes.OK;
    }
}
