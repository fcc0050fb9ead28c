package dev.graft.tests.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.runtime.cli.GraftRun;
import dev.graft.runtime.run.MetricsFile;
import dev.graft.runtime.run.RunRecord;
import dev.graft.runtime.run.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C stops a run cleanly with its last checkpoint kept, and {@code graft run --resume} finishes it. */
class RunInterruptTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCKeepsTheLastCheckpointAndResumeEndsWithTheSameBits() throws Exception {
        Path home = dir.resolve("home");
        Graft graft = new Graft(home);
        Path exampleJar = Path.of(Graft.prop("graft.example.plugin.jar"));
        GraftRun install = graft.run("plugin", "install", exampleJar.toString(), "--allow-unsigned", "--yes");
        assertEquals(0, install.code(), install.toString());

        List<String> settings = List.of("--set", "steps=300", "--set", "pause-ms=10", "--set", "checkpoint-every=20", "--seed", "11");
        Path runs = dir.resolve("runs");
        List<String> cmd = new ArrayList<>(Graft.javaCommand("dev.graft.runtime.Main"));
        cmd.addAll(List.of("--home", home.toString(), "run", "example-plugin:line-fit", "--runs-dir", runs.toString()));
        cmd.addAll(settings);
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path runDir;
        try {
            runDir = awaitCheckpoint(runs, 60, child, log);
            // what Ctrl-C sends
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the run did not stop after SIGINT");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(130, child.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("stopping after the current step"), Files.readString(log));
        // The exit waits until the command has said how to go on.
        assertTrue(Files.readString(log).contains("graft: run interrupted; continue it with 'graft run --resume "
                + runDir + "'"), Files.readString(log));
        RunRecord stopped = RunRecord.read(runDir);
        assertEquals(RunStatus.INTERRUPTED, stopped.status());
        long kept = checkpointStep(runDir).orElseThrow();
        assertTrue(kept >= 60 && kept < 300, "checkpoint " + kept);
        assertTrue(Files.readString(runDir.resolve("report.md")).contains("**Status:** interrupted"));

        GraftRun resumed = graft.run("run", "--resume", runDir.toString());
        assertEquals(0, resumed.code(), resumed.toString());
        RunRecord done = RunRecord.read(runDir);
        assertEquals(RunStatus.COMPLETED, done.status());
        assertEquals(1, done.resumes());
        List<Long> steps = MetricsFile.read(runDir).stream().map(MetricsFile.Point::step).toList();
        assertEquals(Stream.iterate(1L, s -> s + 1).limit(300).toList(), steps, "each step logged exactly once");

        List<String> args = new ArrayList<>(List.of("run", "example-plugin:line-fit", "--runs-dir", dir.resolve("runs2").toString()));
        args.addAll(settings);
        GraftRun straight = graft.run(args.toArray(String[]::new));
        assertEquals(0, straight.code(), straight.toString());
        RunRecord whole = RunRecord.read(straight.runDir());
        assertEquals(whole.headline(), done.headline(), "the resumed run ends with the same bits as an uninterrupted one");
    }

    private static Path awaitCheckpoint(Path runs, long atLeast, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.isDirectory(runs)) {
                try (Stream<Path> s = Files.list(runs)) {
                    for (Path d : s.toList()) {
                        if (checkpointStep(d).orElse(0L) >= atLeast) {
                            return d;
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint at step " + atLeast + ":\n" + Files.readString(log));
    }

    private static Optional<Long> checkpointStep(Path runDir) throws Exception {
        Path cps = runDir.resolve("checkpoints");
        if (!Files.isDirectory(cps)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(cps)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("step-\\d+"))
                    .map(n -> Long.parseLong(n.substring(5))).max(Long::compare);
        }
    }
}
