package dev.graft.runtime.cli;

import dev.graft.runtime.plugin.PluginHost;
import dev.graft.runtime.plugin.PluginState;
import dev.graft.runtime.plugin.PluginStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft plugin doctor}: lockfile check plus every plugin that did not start, with its reason. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        header = "Diagnose the installed plugins: lockfile mismatches and plugins that do not start.")
final class PluginDoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> problems = Cli.installer(spec).verify();
        problems.forEach(p -> out.println("lockfile: " + p));
        int bad = problems.size();
        try (PluginHost host = Cli.host(spec, false)) {
            Cli.experiments(host);
            for (PluginStatus s : host.plugins()) {
                if (s.state() != PluginState.STARTED) {
                    out.println(s.id() + "@" + s.version() + ": " + s.state().name().toLowerCase(Locale.ROOT) + ": " + s.reason());
                    bad += s.state() == PluginState.DISABLED ? 0 : 1;
                }
            }
            out.println(host.plugins().size() + " plugin(s) installed, " + bad + " problem(s).");
        }
        return bad == 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
