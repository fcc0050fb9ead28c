package dev.graft.runtime.cli;

import dev.graft.api.spi.Experiment;
import dev.graft.api.spi.Spi;
import dev.graft.registry.RefusedException;
import dev.graft.registry.install.GraftHome;
import dev.graft.registry.install.InstallPlan;
import dev.graft.registry.install.Installer;
import dev.graft.runtime.plugin.Contribution;
import dev.graft.runtime.plugin.HostVersions;
import dev.graft.runtime.plugin.PluginHost;
import dev.graft.runtime.plugin.PluginState;
import dev.graft.runtime.plugin.PluginStatus;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/** What the verbs share: the home, the installer, the plugin host, confirmation and experiment lookup. */
final class Cli {
    private Cli() {
    }

    static GraftHome home(CommandSpec spec) {
        return ((GraftCommand) spec.root().userObject()).home();
    }

    /** @return an installer for the home, after finishing or undoing any interrupted change */
    static Installer installer(CommandSpec spec) throws IOException {
        Installer in = new Installer(home(spec), HostVersions.profile());
        if (in.recover()) {
            spec.commandLine().getErr().println("graft: finished or undid an interrupted plugin change in " + in.home().plugins());
        }
        return in;
    }

    /** @return the plugin host over the home's installed plugins, with problems reported on standard error */
    static PluginHost host(CommandSpec spec, boolean report) throws IOException {
        installer(spec);
        PluginHost h = PluginHost.open(home(spec), HostVersions.profile());
        if (report) {
            reportProblems(h, spec.commandLine().getErr());
        }
        return h;
    }

    static void reportProblems(PluginHost h, PrintWriter err) {
        for (PluginStatus s : h.plugins()) {
            if (s.state() != PluginState.STARTED && s.state() != PluginState.DISABLED) {
                err.println("graft: plugin " + (s.descriptor() == null ? s.id() : s.descriptor().label()) + " is "
                        + s.state().name().toLowerCase(Locale.ROOT)
                        + ": " + s.reason());
            }
        }
    }

    /**
     * Shows the plan and asks for consent unless {@code yes}. Without a terminal to ask on, refuses.
     *
     * @return whether to go on
     */
    static void confirm(CommandSpec spec, Installer in, InstallPlan plan, boolean yes, boolean dryRun) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (plan.steps().isEmpty()) {
            out.println("Nothing to change.");
            in.discard(plan);
            return;
        }
        out.println("Plan:");
        plan.describe().forEach(l -> out.println("  " + l));
        if (plan.steps().stream().anyMatch(s -> s.action() != InstallPlan.Action.REMOVE)) {
            out.println("Plugins run inside the graft process with your user's rights: Graft checks signatures, hashes and");
            out.println("compatibility, but it does not sandbox plugin code.");
        }
        out.flush();
        if (dryRun) {
            in.discard(plan);
            out.println("Dry run: nothing changed.");
            return;
        }
        if (!yes) {
            Console c = System.console();
            if (c == null || !c.isTerminal()) {
                in.discard(plan);
                throw new RefusedException(RefusedException.Reason.NOT_CONFIRMED,
                        "the plan needs your confirmation and there is no terminal to ask on; run again with --yes");
            }
            String a = c.readLine("Proceed? [y/N] ");
            if (a == null || !a.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                in.discard(plan);
                throw new RefusedException(RefusedException.Reason.NOT_CONFIRMED, "cancelled; nothing changed");
            }
        }
        in.commit(plan);
        out.println("Done.");
    }

    /**
     * Finds an experiment by {@code name} or {@code plugin:name}.
     *
     * @throws IllegalArgumentException listing the available experiments if none or several match
     */
    static Contribution<Experiment> experiment(PluginHost host, String spec) {
        String plugin = null;
        String name = spec;
        int colon = spec.indexOf(':');
        if (colon > 0) {
            plugin = spec.substring(0, colon);
            name = spec.substring(colon + 1);
        }
        List<Contribution<Experiment>> matches = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (Contribution<Experiment> c : experiments(host)) {
            String n = c.extension().name();
            known.add(c.pluginId() + ":" + n);
            if (n.equals(name) && (plugin == null || plugin.equals(c.pluginId()))) {
                matches.add(c);
            }
        }
        if (matches.size() == 1) {
            return matches.getFirst();
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no experiment '" + spec + "'; installed plugins offer: "
                    + (known.isEmpty() ? "(none; see 'graft plugin list')" : String.join(", ", known)));
        }
        String n = name;
        throw new IllegalArgumentException("several plugins offer '" + n + "': "
                + String.join(", ", matches.stream().map(c -> c.pluginId() + ":" + n).toList()) + "; name one of them");
    }

    /** @return the experiments of started plugins; a plugin whose experiment throws from {@code name()} is failed */
    static List<Contribution<Experiment>> experiments(PluginHost host) {
        List<Contribution<Experiment>> ok = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Contribution<Experiment> c : host.extensions(Spi.EXPERIMENT, Experiment.class)) {
            try {
                c.extension().name();
                c.extension().description();
                c.extension().parameters();
                ok.add(c);
            } catch (RuntimeException | LinkageError e) {
                failed.add(c.pluginId());
                host.fail(c.pluginId(), "its experiment " + c.extension().getClass().getName() + " threw " + e);
            }
        }
        ok.removeIf(c -> failed.contains(c.pluginId()));
        return ok;
    }
}
