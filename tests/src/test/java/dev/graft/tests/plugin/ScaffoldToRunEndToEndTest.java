package dev.graft.tests.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.runtime.cli.GraftRun;
import dev.graft.runtime.run.MetricsFile;
import dev.graft.runtime.run.RunRecord;
import dev.graft.runtime.run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The third-party path end to end: {@code graft plugin new} → {@code mvn -o package} of the generated project →
 * {@code graft registry publish} into a signed registry → {@code graft plugin install} → {@code graft run}; and
 * the jar is reproducible, the same bytes when rebuilt.
 */
class ScaffoldToRunEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void scaffoldBuildsOfflinePublishesInstallsAndRuns() throws Exception {
        Graft graft = new Graft(dir.resolve("home"));
        GraftRun created = graft.run("plugin", "new", "hello-pi", "--dir", dir.toString(), "--group-id", "com.acme");
        assertEquals(0, created.code(), created.toString());
        Path project = dir.resolve("hello-pi");

        Path jar = mavenPackage(project);
        assertEquals(project.resolve("target/hello-pi-0.1.0.jar"), jar);
        // Reproducible: a rebuild from the same source gives the bytes a registry index will record.
        byte[] first = Files.readAllBytes(jar);
        try (Stream<Path> s = Files.walk(project.resolve("target"))) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Thread.sleep(1100);
        assertArrayEquals(first, Files.readAllBytes(mavenPackage(project)), "a rebuild gives other bytes");

        Path keys = dir.resolve("keys");
        Path reg = dir.resolve("registry");
        assertEquals(0, graft.run("registry", "keygen", "--dir", keys.toString()).code());
        GraftRun pub = graft.run("registry", "publish", jar.toString(), "--registry", reg.toString(),
                "--key", keys.resolve("registry.key").toString());
        assertEquals(0, pub.code(), pub.toString());
        assertTrue(Files.exists(reg.resolve("plugins.json.sig")));
        assertEquals(0, graft.run("registry", "add", "local", reg.toString(), "--key", keys.resolve("registry.pub").toString()).code());
        GraftRun install = graft.run("plugin", "install", "hello-pi", "--yes");
        assertEquals(0, install.code(), install.toString());
        assertTrue(install.out().contains("install   hello-pi 0.1.0  (registry:local, signed index)"), install.out());
        assertEquals(0, graft.run("plugin", "verify").code());

        GraftRun exps = graft.run("experiments");
        assertTrue(exps.out().contains("hello-pi  (hello-pi 0.1.0)") && exps.out().contains("--set rounds="), exps.out());
        GraftRun run = graft.run("run", "hello-pi", "--set", "rounds=6", "--seed", "5", "--runs-dir", dir.resolve("runs").toString());
        assertEquals(0, run.code(), run.toString());
        Path runDir = run.runDir();
        assertTrue(runDir.getFileName().toString().endsWith("-hello-pi"), runDir.toString());

        assertTrue(Files.readString(runDir.resolve("config.json")).contains("\"rounds\": 6"));
        RunRecord rec = RunRecord.read(runDir);
        assertEquals(RunStatus.COMPLETED, rec.status());
        assertEquals(5, rec.seed());
        assertEquals("hello-pi@0.1.0", rec.pluginId() + "@" + rec.pluginVersion());
        List<MetricsFile.Point> pts = MetricsFile.read(runDir);
        assertEquals(12, pts.size(), "two metrics for each of six rounds");
        double estimate = pts.stream().filter(p -> p.name().equals("pi_estimate")).toList().getLast().value();
        assertEquals(Math.PI, estimate, 0.1, "30,000 points estimate pi to a few hundredths");
        for (String plot : List.of("plots/pi_estimate.png", "plots/abs_error.png")) {
            byte[] png = Files.readAllBytes(runDir.resolve(plot));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), plot);
        }
        String md = Files.readString(runDir.resolve("report.md"));
        assertTrue(md.contains("**Status:** completed") && md.contains("hello-pi@0.1.0") && md.contains("![pi_estimate]"), md);
        assertTrue(Files.readString(runDir.resolve("report.html")).contains("<img src=\"plots/pi_estimate.png\""));
    }

    /**
     * Runs {@code mvn -o package} on the generated project. The local repository is a fresh one holding this
     * build's platform-api, graft-bom and parent POM (what the build installs for plugin authors), chained to the
     * build's own local repository for Maven's plugins and the test libraries; nothing is downloaded.
     */
    private Path mavenPackage(Path project) throws IOException, InterruptedException {
        Path root = Path.of(Graft.prop("graft.repo.root"));
        String version = Graft.prop("graft.project.version");
        Path m2 = dir.resolve("m2");
        copy(root.resolve("platform-api/target/platform-api-" + version + ".jar"), m2, "platform-api", version, ".jar");
        copy(root.resolve("platform-api/pom.xml"), m2, "platform-api", version, ".pom");
        copy(root.resolve("graft-bom/pom.xml"), m2, "graft-bom", version, ".pom");
        copy(root.resolve("pom.xml"), m2, "graft-parent", version, ".pom");
        Path log = dir.resolve("mvn.log");
        ProcessBuilder pb = new ProcessBuilder(root.resolve("mvnw").toString(), "-o", "-B", "-ntp", "-q",
                "-f", project.resolve("pom.xml").toString(), "package",
                "-Dmaven.repo.local=" + m2, "-Dmaven.repo.local.tail=" + Graft.prop("graft.maven.repo.local"))
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAVEN_OPTS");
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mvn package took more than 5 minutes:\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), () -> {
            try {
                return "mvn -o package of the scaffold failed:\n" + Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        });
        return project.resolve("target/hello-pi-0.1.0.jar");
    }

    private static void copy(Path from, Path m2, String artifact, String version, String ext) throws IOException {
        if (!Files.exists(from)) {
            throw new IllegalStateException(from + " is missing: build the reactor (./mvnw package) before this test");
        }
        Path dir = m2.resolve("dev/graft/" + artifact + "/" + version);
        Files.createDirectories(dir);
        Files.copy(from, dir.resolve(artifact + "-" + version + ext), StandardCopyOption.REPLACE_EXISTING);
    }
}
