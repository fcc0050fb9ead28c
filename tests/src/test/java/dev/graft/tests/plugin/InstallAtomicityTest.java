package dev.graft.tests.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.registry.PluginJars;
import dev.graft.registry.install.GraftHome;
import dev.graft.registry.install.Lockfile;
import dev.graft.runtime.cli.GraftRun;
import dev.graft.runtime.run.MetricsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An install killed mid-way leaves the previous versions working; rollback restores them after an update. */
class InstallAtomicityTest {
    @TempDir
    Path dir;

    private static TestPlugin versioned(String id, String version, String deps, int marker) {
        String pkg = "t." + id.replace("-", "") + ".v" + marker;
        TestPlugin p = TestPlugin.of(id, version);
        if (!deps.isEmpty()) {
            p.attr("Plugin-Dependencies", deps);
        }
        if (id.equals("kv")) {
            p.experiment(pkg, "Which", "which-version",
                    "ctx.metrics().log(1, \"version\", " + marker + "); return new ExperimentResult(\"v" + marker + "\", List.of());");
        }
        return p;
    }

    private double runVersion(Graft graft) throws Exception {
        GraftRun r = graft.run("run", "which-version", "--runs-dir", dir.resolve("runs").toString());
        assertEquals(0, r.code(), r.toString());
        return MetricsFile.read(r.runDir()).getFirst().value();
    }

    @Test
    void killedChildMidInstallLeavesThePreviousVersionWorkingAndRollbackRestoresIt() throws Exception {
        GraftHome home = new GraftHome(dir.resolve("home"));
        Graft graft = new Graft(home.root());
        Path keys = dir.resolve("keys");
        Path reg = dir.resolve("reg");
        Path build = dir.resolve("build");
        assertEquals(0, graft.run("registry", "keygen", "--dir", keys.toString()).code());
        String key = keys.resolve("registry.key").toString();
        GraftRun pub1 = graft.run("registry", "publish", versioned("kv-base", "1.0.0", "", 1).build(build).toString(),
                versioned("kv", "1.0.0", "kv-base@>=1.0.0 & <2.0.0", 1).build(build).toString(), "--registry", reg.toString(), "--key", key);
        assertEquals(0, pub1.code(), pub1.toString());
        assertEquals(0, graft.run("registry", "add", "main", reg.toString(), "--key", keys.resolve("registry.pub").toString()).code());
        GraftRun install = graft.run("plugin", "install", "kv", "--yes");
        assertEquals(0, install.code(), install.toString());
        assertEquals(1.0, runVersion(graft), 0.0);
        Lockfile v1 = Lockfile.read(home.lockFile());
        assertEquals(2, v1.plugins().size());

        // version 1.1.0 of both; the new kv needs the new kv-base
        assertEquals(0, graft.run("registry", "publish", versioned("kv-base", "1.1.0", "", 2).build(build).toString(),
                versioned("kv", "1.1.0", "kv-base@>=1.1.0 & <2.0.0", 2).build(build).toString(), "--registry", reg.toString(),
                "--key", key).code());

        Path marker = dir.resolve("moved-one");
        List<String> cmd = new ArrayList<>(Graft.javaCommand(InstallKillChild.class.getName()));
        cmd.add(home.root().toString());
        cmd.add(marker.toString());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(marker), "the child never reached the first move:\n" + Files.readString(dir.resolve("child.log")));
            // Frozen mid-install: one plugin's jar is already the new one, the other is still the old one.
            String moved = Files.readString(marker);
            String other = moved.equals("kv") ? "kv-base" : "kv";
            assertEquals("1.1.0", PluginJars.inspect(home.jarOf(moved)).version());
            assertEquals("1.0.0", PluginJars.inspect(home.jarOf(other)).version());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }

        // The next command finds the interrupted change and undoes it: the previous versions work.
        GraftRun list = graft.run("plugin", "list");
        assertTrue(list.err().contains("finished or undid an interrupted plugin change"), list.toString());
        assertEquals(v1, Lockfile.read(home.lockFile()));
        assertEquals("1.0.0", PluginJars.inspect(home.jarOf("kv")).version());
        assertEquals("1.0.0", PluginJars.inspect(home.jarOf("kv-base")).version());
        assertEquals(0, graft.run("plugin", "verify").code());
        assertFalse(Files.exists(home.transaction()));
        assertEquals(1.0, runVersion(graft), 0.0);

        // A completed update runs the new version; rollback brings the old one back.
        GraftRun update = graft.run("plugin", "update", "--yes");
        assertEquals(0, update.code(), update.toString());
        assertEquals(2.0, runVersion(graft), 0.0);
        assertEquals(0, graft.run("plugin", "rollback", "kv", "--yes").code());
        GraftRun rb = graft.run("plugin", "rollback", "kv-base", "--yes");
        assertEquals(0, rb.code(), rb.toString());
        assertEquals(1.0, runVersion(graft), 0.0);
        assertEquals("1.0.0", Lockfile.read(home.lockFile()).entry("kv-base").orElseThrow().version());
        assertEquals(0, graft.run("plugin", "verify").code());
    }
}
