package dev.graft.runtime.cli;

import dev.graft.api.spi.Experiment;
import dev.graft.api.spi.Spi;
import dev.graft.registry.Ed25519;
import dev.graft.registry.PluginIndex;
import dev.graft.registry.RefusedException;
import dev.graft.registry.RegistrySource;
import dev.graft.registry.SignedIndex;
import dev.graft.registry.install.Installer;
import dev.graft.registry.install.RegistryRef;
import dev.graft.runtime.plugin.Contribution;
import dev.graft.runtime.plugin.HostVersions;
import dev.graft.runtime.plugin.PluginHost;
import dev.graft.runtime.plugin.PluginStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft plugin info ID}: an installed plugin's descriptor and state, or a registry plugin's releases. */
@Command(name = "info", mixinStandardHelpOptions = true,
        header = "Show a plugin's descriptor, state, extensions, or its releases in the registries.")
final class PluginInfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The plugin id.")
    String id;

    @Option(names = "--allow-unsigned", description = "Read unsigned local directory registries too.")
    boolean allowUnsigned;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Installer in = Cli.installer(spec);
        try (PluginHost host = Cli.host(spec, false)) {
            Optional<PluginStatus> st = host.plugins().stream().filter(s -> s.id().equals(id)).findFirst();
            if (st.isPresent()) {
                PluginStatus s = st.get();
                out.println(s.id() + " " + s.version() + " — " + s.state().name().toLowerCase(Locale.ROOT)
                        + (s.reason().isEmpty() ? "" : ": " + s.reason()));
                if (s.descriptor() != null) {
                    out.println("  description:  " + s.descriptor().description());
                    out.println("  provider:     " + s.descriptor().provider() + ", license " + s.descriptor().license());
                    out.println("  requires API: " + s.descriptor().requires() + " (this host: " + HostVersions.profile().apiVersion() + ")");
                    s.descriptor().spiRequires().forEach((k, v) -> out.println("  SPI " + k + ": " + v
                            + " (this host: " + HostVersions.profile().spiVersions().getOrDefault(k, "none") + ")"));
                    s.descriptor().dependencies().forEach(d -> out.println("  needs:        " + d.toManifestForm()));
                }
                in.lock().entry(id).ifPresent(e -> out.println("  installed:    " + e.installedAt() + " from " + e.source()
                        + (e.signed() ? " (signed index)" : " (unsigned)") + ", sha256 " + e.sha256()));
                for (Contribution<Experiment> c : Cli.experiments(host)) {
                    if (c.pluginId().equals(id)) {
                        out.println("  experiment:   " + c.extension().name() + " — " + c.extension().description());
                    }
                }
                for (Spi spi : Spi.values()) {
                    if (spi != Spi.EXPERIMENT) {
                        long n = host.extensionsOf(spi).stream().filter(c -> c.pluginId().equals(id)).count();
                        if (n > 0) {
                            out.println("  " + spi.id() + ": " + n + " extension(s)");
                        }
                    }
                }
                return ExitCodes.OK;
            }
        }
        for (RegistryRef r : in.registries().registries()) {
            SignedIndex si = SignedIndex.load(RegistrySource.of(r.location()),
                    r.publicKey() == null ? null : Ed25519.decodePublic(r.publicKey(), r.name()), allowUnsigned);
            Optional<PluginIndex.Plugin> p = si.index().plugin(id);
            if (p.isPresent()) {
                out.println(id + " (registry " + r.name() + ", not installed) — " + p.get().description());
                for (PluginIndex.Release rel : p.get().releases()) {
                    List<String> why = HostVersions.profile().incompatibilities(rel.asDescriptor(id));
                    out.println("  " + rel.version() + "  " + (why.isEmpty() ? "compatible" : "incompatible: " + String.join("; ", why)));
                }
                return ExitCodes.OK;
            }
        }
        throw new RefusedException(RefusedException.Reason.NOT_FOUND,
                "plugin '" + id + "' is neither installed nor in a configured registry");
    }
}
