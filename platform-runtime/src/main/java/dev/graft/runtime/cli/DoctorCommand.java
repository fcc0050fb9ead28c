package dev.graft.runtime.cli;

import dev.graft.api.data.BundleException;
import dev.graft.api.data.DataBundle;
import dev.graft.api.data.DataHome;
import dev.graft.api.data.ExtendedData;
import dev.graft.api.data.ExtendedFile;
import dev.graft.api.tensor.Backends;
import dev.graft.cuda.CudaProbe;
import dev.graft.registry.install.GraftHome;
import dev.graft.registry.install.RegistryConfig;
import dev.graft.runtime.plugin.HostVersions;
import dev.graft.runtime.plugin.PluginHost;
import dev.graft.runtime.plugin.PluginStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code graft doctor}: Java, OS, CPU, compute backends, GRAFT_HOME, the data bundle and the extended sources,
 * and the installed plugins.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        header = "Report the Java runtime, OS, CPU cores, compute backends, GRAFT_HOME, the data bundle, the fetched"
                + " extended sources and installed plugins.")
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
        out.println("data:       " + bundle());
        out.println("extended:   " + extended(new DataHome(home.root()).extendedDirectory()));
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

    /** @return where the data bundle is and whether every file matches its manifest, or what is wrong with it */
    private static String bundle() {
        try {
            DataBundle b = DataBundle.locate();
            b.verify();
            return b.directory() + " (" + b.id() + "), every file matches its SHA-256";
        } catch (BundleException e) {
            return "PROBLEM: " + e.getMessage();
        }
    }

    /** @return which extended sources have all their files in {@code dir}, and which do not */
    private static String extended(Path dir) {
        ExtendedData x = new ExtendedData(dir, null);
        Map<String, List<ExtendedFile>> bySource = new LinkedHashMap<>();
        for (ExtendedFile f : ExtendedFile.values()) {
            bySource.computeIfAbsent(f.source(), k -> new ArrayList<>()).add(f);
        }
        List<String> fetched = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        bySource.forEach((source, files) -> (x.missing(files).isEmpty() ? fetched : missing).add(source));
        return dir + ": fetched " + (fetched.isEmpty() ? "none" : String.join(", ", fetched))
                + (missing.isEmpty() ? "" : "; not fetched " + String.join(", ", missing)
                        + " ('graft data fetch --extended' writes them)");
    }
}
