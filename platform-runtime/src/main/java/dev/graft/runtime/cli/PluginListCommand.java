package dev.graft.runtime.cli;

import dev.graft.registry.install.LockEntry;
import dev.graft.registry.install.Lockfile;
import dev.graft.runtime.plugin.PluginHost;
import dev.graft.runtime.plugin.PluginStatus;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft plugin list}: installed plugins with their state, source and hash. */
@Command(name = "list", mixinStandardHelpOptions = true, header = "List installed plugins and whether they started.")
final class PluginListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Lockfile lock = Cli.installer(spec).lock();
        try (PluginHost host = Cli.host(spec, false)) {
            if (host.plugins().isEmpty()) {
                out.println("No plugins installed in " + Cli.home(spec).plugins());
                return ExitCodes.OK;
            }
            out.printf("%-24s %-10s %-12s %-18s %s%n", "ID", "VERSION", "STATE", "SHA-256", "SOURCE / REASON");
            for (PluginStatus s : host.plugins()) {
                LockEntry e = lock.entry(s.id()).orElse(null);
                String sha = e == null ? "(not locked)" : e.sha256().substring(0, 16);
                String tail = s.reason().isEmpty() ? (e == null ? "" : e.source()) : s.reason();
                out.printf("%-24s %-10s %-12s %-18s %s%n", s.id(), s.version(), s.state().name().toLowerCase(Locale.ROOT), sha, tail);
            }
        }
        return ExitCodes.OK;
    }
}
