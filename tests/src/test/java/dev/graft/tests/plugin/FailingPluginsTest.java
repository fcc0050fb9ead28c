package dev.graft.tests.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.spi.Experiment;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.spi.ProgressReporter;
import dev.graft.api.spi.Spi;
import dev.graft.registry.install.GraftHome;
import dev.graft.runtime.plugin.Contribution;
import dev.graft.runtime.plugin.HostVersions;
import dev.graft.runtime.plugin.PluginHost;
import dev.graft.runtime.plugin.PluginState;
import dev.graft.runtime.plugin.PluginStatus;
import dev.graft.runtime.run.ExperimentRunner;
import dev.graft.runtime.run.RunStatus;
import dev.graft.runtime.cli.GraftRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin that fails in any way is reported and left out; the host and the other plugins keep working. */
class FailingPluginsTest {
    @TempDir
    Path dir;
    GraftHome home;
    Path plugins;

    @BeforeEach
    void setUp() throws Exception {
        home = new GraftHome(dir.resolve("home"));
        plugins = home.plugins();
        Files.createDirectories(plugins);
        place(TestPlugin.of("good", "1.0.0").experiment("t.good", "GoodExp", "good-exp",
                "ctx.metrics().log(1, \"loss\", 1.0); ctx.metrics().log(2, \"loss\", 0.5);"
                        + " return new ExperimentResult(\"fine\", List.of());"), "good");
    }

    private void place(TestPlugin p, String fileName) throws Exception {
        Path jar = p.build(dir.resolve("build"));
        Files.copy(jar, plugins.resolve(fileName + ".jar"));
    }

    private static PluginStatus status(PluginHost h, String id) {
        return h.plugins().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id + " in " + h.plugins()));
    }

    private static TestPlugin throwingStart(String id) {
        return TestPlugin.of(id, "1.0.0").attr("Plugin-Class", "t." + id.replace("-", "") + ".Life")
                .source("t." + id.replace("-", "") + ".Life", """
                        package t.%s;
                        public class Life implements dev.graft.api.spi.PluginLifecycle {
                            public void start() throws Exception { throw new java.io.IOException("license server unreachable"); }
                        }
                        """.formatted(id.replace("-", "")))
                .experiment("t." + id.replace("-", ""), "Exp", id + "-exp", "return new ExperimentResult(\"x\", List.of());");
    }

    @Test
    void pluginThatThrowsInStartIsFailedAndTheOthersKeepWorking() throws Exception {
        place(throwingStart("bad-start"), "bad-start");
        try (PluginHost h = PluginHost.open(home, HostVersions.profile())) {
            PluginStatus bad = status(h, "bad-start");
            assertEquals(PluginState.FAILED, bad.state());
            assertTrue(bad.reason().contains("license server unreachable"), bad.reason());
            assertEquals(PluginState.STARTED, status(h, "good").state());
            List<Contribution<Experiment>> exps = h.extensions(Spi.EXPERIMENT, Experiment.class);
            assertEquals(List.of("good-exp"), exps.stream().map(c -> c.extension().name()).toList());
        }
        Graft graft = new Graft(home.root());
        GraftRun list = graft.run("plugin", "list");
        assertEquals(0, list.code(), list.toString());
        assertTrue(list.out().contains("bad-start") && list.out().contains("failed") && list.out().contains("license server unreachable"),
                list.out());
        GraftRun run = graft.run("run", "good-exp", "--runs-dir", dir.resolve("runs").toString());
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.err().contains("graft: plugin bad-start@1.0.0 is failed: start() failed"), run.err());
        GraftRun runBad = graft.run("run", "bad-start-exp", "--runs-dir", dir.resolve("runs").toString());
        assertEquals(65, runBad.code(), runBad.toString());
        assertTrue(runBad.err().contains("no experiment 'bad-start-exp'"), runBad.err());
    }

    @Test
    void experimentThatThrowsFailsItsRunAndTheHostRunsTheNextOne() throws Exception {
        place(TestPlugin.of("crashy", "1.0.0").experiment("t.crashy", "Crash", "crash-exp",
                "ctx.metrics().log(1, \"loss\", 3.0); throw new IllegalStateException(\"diverged at step 2\");"), "crashy");
        try (PluginHost h = PluginHost.open(home, HostVersions.profile())) {
            ExperimentRunner runner = new ExperimentRunner(Clock.systemUTC());
            ExperimentRunner.Options o = new ExperimentRunner.Options(1, ReferenceBackend::new, dir.resolve("runs"), HostVersions.profile(),
                    "0.1.0", ProgressReporter.NONE, () -> false);
            Map<String, Contribution<Experiment>> byName = new java.util.HashMap<>();
            h.extensions(Spi.EXPERIMENT, Experiment.class).forEach(c -> byName.put(c.extension().name(), c));
            ExperimentRunner.Outcome crashed = runner.start(byName.get("crash-exp"), Map.of(), o);
            assertEquals(RunStatus.FAILED, crashed.record().status());
            assertEquals("IllegalStateException: diverged at step 2", crashed.record().error());
            assertTrue(Files.exists(crashed.runDir().resolve("report.md")));
            ExperimentRunner.Outcome fine = runner.start(byName.get("good-exp"), Map.of(), o);
            assertEquals(RunStatus.COMPLETED, fine.record().status());
        }
        GraftRun viaCli = new Graft(home.root()).run("run", "crash-exp", "--runs-dir", dir.resolve("runs").toString());
        assertEquals(70, viaCli.code(), viaCli.toString());
        assertTrue(viaCli.err().contains("graft: run failed: IllegalStateException: diverged at step 2"), viaCli.err());
    }

    @Test
    void experimentThatThrowsFromItsNameFailsItsPluginOnly() throws Exception {
        place(TestPlugin.of("nameless", "1.0.0").source("t.nameless.Exp", """
                package t.nameless;
                import dev.graft.api.spi.*;
                import java.util.List;
                public class Exp implements Experiment {
                    public String name() { throw new UnsupportedOperationException("no name yet"); }
                    public String description() { return ""; }
                    public List<Parameter<?>> parameters() { return List.of(); }
                    public ExperimentResult run(RunContext c, ParameterValues p) { return null; }
                }
                """).service(Experiment.class, "t.nameless.Exp"), "nameless");
        GraftRun r = new Graft(home.root()).run("experiments");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("good-exp") && !r.out().contains("nameless"), r.out());
        GraftRun doctor = new Graft(home.root()).run("plugin", "doctor");
        assertEquals(1, doctor.code(), doctor.toString());
        assertTrue(doctor.out().contains("nameless@1.0.0: failed: its experiment t.nameless.Exp threw")
                && doctor.out().contains("no name yet"), doctor.out());
    }

    @Test
    void brokenIncompatibleAndUnresolvablePluginsAreLeftOutWithTheirReasons() throws Exception {
        place(TestPlugin.of("noid", "1.0.0").without("Plugin-Id"), "noid");
        place(TestPlugin.of("orphan", "1.0.0").attr("Plugin-Dependencies", "ghost@>=1.0.0 & <2.0.0"), "orphan");
        place(TestPlugin.of("relaxed", "1.0.0").attr("Plugin-Dependencies", "ghost?"), "relaxed");
        place(TestPlugin.of("cyc-a", "1.0.0").attr("Plugin-Dependencies", "cyc-b"), "cyc-a");
        place(TestPlugin.of("cyc-b", "1.0.0").attr("Plugin-Dependencies", "cyc-a"), "cyc-b");
        place(TestPlugin.of("twin", "1.0.0"), "twin-1");
        place(TestPlugin.of("twin", "1.1.0"), "twin-2");
        place(TestPlugin.of("future", "1.0.0").attr("Plugin-Requires", ">=0.2.0 & <0.3.0"), "future");
        place(TestPlugin.of("newspi", "1.0.0").attr("Graft-Spi-Requires", "experiment=>=2.0.0 & <3.0.0"), "newspi");
        place(throwingStart("bad-start"), "bad-start");
        place(TestPlugin.of("child", "1.0.0").attr("Plugin-Dependencies", "bad-start"), "child");
        place(TestPlugin.of("undeclared", "1.0.0").attr("Graft-Spi-Requires", "analyzer=>=1.0.0 & <2.0.0")
                .experiment("t.undeclared", "Exp", "undeclared-exp", "return null;"), "undeclared");
        place(TestPlugin.of("ghostclass", "1.0.0").service(Experiment.class, "t.nowhere.Missing"), "ghostclass");
        place(TestPlugin.of("offline", "1.0.0"), "offline");
        Files.writeString(home.disabledFile(), "offline\n");

        try (PluginHost h = PluginHost.open(home, HostVersions.profile())) {
            assertEquals(PluginState.STARTED, status(h, "good").state());
            assertEquals(PluginState.STARTED, status(h, "relaxed").state(), "a missing optional dependency is fine");
            PluginStatus noid = status(h, "noid.jar");
            assertEquals(PluginState.INVALID, noid.state());
            assertTrue(noid.reason().contains("manifest entry Plugin-Id"), noid.reason());
            assertReason(h, "orphan", PluginState.INVALID, "needs plugin 'ghost' >=1.0.0 & <2.0.0, which is not installed");
            assertReason(h, "cyc-a", PluginState.INVALID, "dependency cycle");
            assertReason(h, "cyc-b", PluginState.INVALID, "dependency cycle");
            List<PluginStatus> twins = h.plugins().stream().filter(s -> s.id().equals("twin")).toList();
            assertEquals(2, twins.size());
            twins.forEach(t -> {
                assertEquals(PluginState.INVALID, t.state());
                assertTrue(t.reason().contains("two plugins with one id 'twin' (twin-1.jar, twin-2.jar)"), t.reason());
            });
            assertReason(h, "future", PluginState.INCOMPATIBLE, "requires the Graft API '>=0.2.0 & <0.3.0', this host has 0.1.0");
            assertReason(h, "newspi", PluginState.INCOMPATIBLE, "requires SPI 'experiment' '>=2.0.0 & <3.0.0', this host has 1.0.0");
            assertReason(h, "bad-start", PluginState.FAILED, "license server unreachable");
            assertReason(h, "child", PluginState.FAILED, "its dependency 'bad-start' did not start");
            assertReason(h, "undeclared", PluginState.FAILED, "implements SPI 'experiment' but its manifest's Graft-Spi-Requires");
            assertReason(h, "ghostclass", PluginState.FAILED, "names t.nowhere.Missing, which is not in the jar");
            assertReason(h, "offline", PluginState.DISABLED, "disabled by the user");
            assertEquals(List.of("good-exp"), h.extensions(Spi.EXPERIMENT, Experiment.class).stream()
                    .map(c -> c.extension().name()).toList());
        }
        GraftRun run = new Graft(home.root()).run("run", "good-exp", "--runs-dir", dir.resolve("runs").toString());
        assertEquals(0, run.code(), run.toString());
        assertFalse(run.err().contains("\tat "), "problems are one line each, without stack traces: " + run.err());
        assertEquals(12, run.err().lines().filter(l -> l.startsWith("graft: plugin ")).count(), run.err());
    }

    private static void assertReason(PluginHost h, String id, PluginState state, String text) {
        PluginStatus s = status(h, id);
        assertEquals(state, s.state(), id + ": " + s.reason());
        assertTrue(s.reason().contains(text), id + ": " + s.reason());
    }
}
