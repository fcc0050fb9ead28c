package dev.graft.runtime.cli;

import dev.graft.registry.Ed25519;
import dev.graft.registry.PluginIndex;
import dev.graft.registry.RegistrySource;
import dev.graft.registry.SignedIndex;
import dev.graft.registry.Versions;
import dev.graft.registry.install.RegistryRef;
import dev.graft.runtime.plugin.HostVersions;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft plugin search TEXT}: plugins in the configured registries whose id or description match. */
@Command(name = "search", mixinStandardHelpOptions = true, header = "Search the configured registries.")
final class PluginSearchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TEXT", defaultValue = "", description = "Words to look for in ids and descriptions (empty: all).")
    String text;

    @Option(names = "--allow-unsigned", description = "Read unsigned local directory registries too.")
    boolean allowUnsigned;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String q = text.toLowerCase(Locale.ROOT);
        int found = 0;
        for (RegistryRef r : Cli.installer(spec).registries().requireAny()) {
            SignedIndex si = SignedIndex.load(RegistrySource.of(r.location()),
                    r.publicKey() == null ? null : Ed25519.decodePublic(r.publicKey(), r.name()), allowUnsigned);
            for (PluginIndex.Plugin p : si.index().plugins()) {
                String hay = (p.id() + " " + p.description()).toLowerCase(Locale.ROOT);
                if (!hay.contains(q)) {
                    continue;
                }
                String best = p.releases().stream()
                        .filter(rel -> HostVersions.profile().incompatibilities(rel.asDescriptor(p.id())).isEmpty())
                        .map(PluginIndex.Release::version).max(Versions::compare).orElse("none compatible");
                out.printf("%-24s %-16s %-10s %s%n", p.id(), best, r.name(), p.description());
                found++;
            }
        }
        if (found == 0) {
            out.println("No plugin matches '" + text + "'.");
        }
        return ExitCodes.OK;
    }
}
