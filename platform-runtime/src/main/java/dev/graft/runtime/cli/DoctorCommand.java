package dev.graft.runtime.cli;

import dev.graft.api.tensor.Backends;
import dev.graft.cuda.CudaProbe;
import dev.graft.registry.install.GraftHome;
import dev.graft.registry.install.RegistryConfig;
import dev.graft.runtime.plugin.HostVersions;
import dev.graft.runtime.plugin.PluginHost;
import dev.graft.runtime.plugin.PluginStatus;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft doctor}: Java, OS, CPU, compute backends, GRAFT_HOME and the installed plugins. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        header = "Report the Java runtime, OS, CPU cores, compute backends, GRAFT_HOME and installed plugins.")
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GraftHome home = Cli.home(spec);
        out.println("graft:      " + GraftVersion.VERSION + " (API " + HostVersions.profile().apiVersion() + ")");
        out.println("SPIs:       " + HostVersions.profile().spiVersions());
        out.println("java:       " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home"));
        out.println("os:         " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        out.println("cpu cores:  " + Runtime.getRuntime().availableProcessors());
        out.println("max heap:   " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        out.println("backends:   " + String.join(", ", Backends.available()));
        out.println("gpu:        " + CudaProbe.probe().describe().strip().replace("\n", "\n            "));
        String from = ((GraftCommand) spec.root().userObject()).home != null ? "--home"
                : System.getenv(GraftHome.ENV) != null ? "$GRAFT_HOME" : "default";
        out.println("GRAFT_HOME: " + home.root() + " (" + from + ")");
        out.println("registries: " + RegistryConfig.read(home.registriesFile()).registries().size() + " configured");
        try (PluginHost host = Cli.host(spec, false)) {
            Cli.experiments(host);
            out.println("plugins:    " + host.plugins().size() + " installed");
            for (PluginStatus s : host.plugins()) {
                out.printf("  %-24s %-10s %s%s%n", s.id(), s.version(), s.state().name().toLowerCase(Locale.ROOT),
                        s.reason().isEmpty() ? "" : ": " + s.reason());
            }
        }
        return ExitCodes.OK;
    }
}
