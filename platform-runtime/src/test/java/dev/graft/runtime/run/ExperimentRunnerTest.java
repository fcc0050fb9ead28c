package dev.graft.runtime.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.spi.Checkpoint;
import dev.graft.api.spi.Experiment;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.spi.ExperimentResult;
import dev.graft.api.spi.Parameter;
import dev.graft.api.spi.ParameterValues;
import dev.graft.api.spi.ProgressReporter;
import dev.graft.api.spi.RunContext;
import dev.graft.runtime.plugin.Contribution;
import dev.graft.runtime.plugin.HostVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRunnerTest {
    @TempDir
    Path dir;

    /** A seeded random walk: value_n = value_{n-1} + u(seed, n), checkpointed every 10 steps. */
    static class Walk implements Experiment {
        static final Parameter<Integer> STEPS = Parameter.integer("steps", 60, "steps").atLeast(1);
        final AtomicLong at = new AtomicLong();

        @Override
        public String name() {
            return "walk";
        }

        @Override
        public String description() {
            return "a seeded random walk";
        }

        @Override
        public List<Parameter<?>> parameters() {
            return List.of(STEPS);
        }

        @Override
        public ExperimentResult run(RunContext ctx, ParameterValues p) throws IOException {
            double v = 0;
            long start = 0;
            Optional<Checkpoint> cp = ctx.artifacts().latestCheckpoint();
            if (cp.isPresent()) {
                v = Double.parseDouble(Files.readString(cp.get().directory().resolve("v")));
                start = cp.get().step();
            }
            ctx.progress().begin("walk", p.get(STEPS));
            for (long s = start + 1; s <= p.get(STEPS); s++) {
                ctx.cancellation().throwIfCancelled();
                v += new java.util.SplittableRandom(ctx.seed() * 1_000_003 + s).nextDouble(-1, 1);
                ctx.metrics().log(s, "value", v);
                at.set(s);
                ctx.progress().advance(1);
                if (s % 10 == 0) {
                    String text = Double.toString(v);
                    ctx.artifacts().saveCheckpoint(s, d -> Files.writeString(d.resolve("v"), text));
                }
            }
            return new ExperimentResult("walked", List.of(new ExperimentResult.Metric("final", v)));
        }
    }

    private ExperimentRunner.Options options(BooleanSupplier cancel) {
        return new ExperimentRunner.Options(7, ReferenceBackend::new, dir.resolve("runs"), HostVersions.profile(), "0.1.0",
                ProgressReporter.NONE, cancel);
    }

    private static double headline(RunRecord r) {
        return r.headline().getFirst().value();
    }

    @Test
    void runWritesConfigRecordMetricsPlotsAndReports() throws Exception {
        var exp = new Walk();
        var out = new ExperimentRunner(Clock.systemUTC()).start(new Contribution<>("walker", "1.2.3", exp),
                Map.of("steps", "30"), options(() -> false));
        Path run = out.runDir();
        assertTrue(run.getFileName().toString().matches("\\d{8}-\\d{6}-walk"), run.toString());
        RunRecord r = RunRecord.read(run);
        assertEquals(RunStatus.COMPLETED, r.status());
        assertEquals("walker", r.pluginId());
        assertEquals("1.2.3", r.pluginVersion());
        assertEquals(7, r.seed());
        assertEquals(HostVersions.profile().spiVersions(), r.spiVersions());
        assertEquals("{\n  \"steps\": 30\n}\n", Files.readString(run.resolve(ExperimentRunner.CONFIG)));
        List<MetricsFile.Point> pts = MetricsFile.read(run);
        assertEquals(30, pts.size());
        assertEquals(headline(r), pts.getLast().value(), 0.0);
        byte[] png = Files.readAllBytes(run.resolve("plots/value.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        String md = Files.readString(run.resolve(Reports.MARKDOWN));
        assertTrue(md.contains("**Status:** completed") && md.contains("plots/value.png") && md.contains("| steps | 30 |"), md);
        String html = Files.readString(run.resolve(Reports.HTML));
        assertTrue(html.contains("<img src=\"plots/value.png\"") && html.contains("walker@1.2.3"), html);
    }

    @Test
    void interruptedRunResumesFromItsCheckpointToTheSameBits() throws Exception {
        ExperimentRunner runner = new ExperimentRunner(Clock.systemUTC());
        double uninterrupted = headline(runner.start(new Contribution<>("walker", "1.0.0", new Walk()), Map.of(),
                options(() -> false)).record());

        Walk exp = new Walk();
        var c = new Contribution<Experiment>("walker", "1.0.0", exp);
        var first = runner.start(c, Map.of(), options(() -> exp.at.get() >= 25));
        assertEquals(RunStatus.INTERRUPTED, first.record().status());
        assertEquals(List.of("step-20"), list(first.runDir().resolve("checkpoints")));
        assertTrue(Files.readString(first.runDir().resolve(Reports.MARKDOWN)).contains("interrupted"));

        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> runner.resume(first.runDir(), new Contribution<>("walker", "2.0.0", new Walk()), options(() -> false)));
        assertTrue(other.getMessage().contains("walker@1.0.0"), other.getMessage());
        var second = runner.resume(first.runDir(), c, options(() -> false));
        assertEquals(RunStatus.COMPLETED, second.record().status());
        assertEquals(1, second.record().resumes());
        assertEquals(uninterrupted, headline(second.record()), 0.0, "a resumed run ends with the same bits");
        List<Long> steps = MetricsFile.read(first.runDir()).stream().map(MetricsFile.Point::step).toList();
        assertEquals(Stream.iterate(1L, s -> s + 1).limit(60).toList(), steps, "each step logged exactly once");
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> runner.resume(first.runDir(), c, options(() -> false)));
        assertTrue(again.getMessage().contains("already completed"));
    }

    @Test
    void theRecordNamesTheGpuPrecisionAndAResumeMustKeepIt() throws Exception {
        ExperimentRunner runner = new ExperimentRunner(Clock.systemUTC());
        Walk exp = new Walk();
        var c = new Contribution<Experiment>("walker", "1.0.0", exp);
        var first = runner.start(c, Map.of(), options(() -> exp.at.get() >= 25));
        RunRecord cpu = RunRecord.read(first.runDir());
        assertEquals(null, cpu.precision(), "a CPU backend has no GPU precision");
        assertTrue(Files.readString(first.runDir().resolve(Reports.MARKDOWN)).contains("reference on cpu"));

        // A record of a run made with bf16 products cannot be resumed by a backend without them.
        String json = Files.readString(first.runDir().resolve(RunRecord.FILE));
        Files.writeString(first.runDir().resolve(RunRecord.FILE),
                json.replace("\"device\": \"cpu\",", "\"device\": \"cpu\",\n  \"precision\": \"bf16\","));
        assertEquals("bf16", RunRecord.read(first.runDir()).precision());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runner.resume(first.runDir(), c, options(() -> false)));
        assertTrue(e.getMessage().contains("the run used --precision bf16"), e.getMessage());

        // A record without the field (a CPU run's, or one written before the field existed) resumes.
        assertTrue(!json.contains("precision"), json);
        Files.writeString(first.runDir().resolve(RunRecord.FILE), json);
        assertEquals(RunStatus.COMPLETED, runner.resume(first.runDir(), c, options(() -> false)).record().status());
    }

    @Test
    void failingExperimentIsRecordedAsFailedWithItsMessage() throws Exception {
        Experiment boom = new Walk() {
            @Override
            public ExperimentResult run(RunContext ctx, ParameterValues p) {
                ctx.metrics().log(1, "loss", 3.0);
                throw new IllegalStateException("diverged at step 1");
            }
        };
        var out = new ExperimentRunner(Clock.systemUTC()).start(new Contribution<>("bad", "1.0.0", boom), Map.of(),
                options(() -> false));
        assertEquals(RunStatus.FAILED, out.record().status());
        assertEquals("IllegalStateException: diverged at step 1", out.record().error());
        assertTrue(Files.readString(out.runDir().resolve(Reports.MARKDOWN)).contains("diverged at step 1"));
        assertTrue(Files.exists(out.runDir().resolve("plots/loss.png")));
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingIsWritten() {
        var c = new Contribution<Experiment>("walker", "1.0.0", new Walk());
        var runner = new ExperimentRunner(Clock.systemUTC());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runner.start(c, Map.of("steps", "many"), options(() -> false)));
        assertEquals("parameter 'steps': expected integer >= 1, got 'many'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> runner.start(c, Map.of("stepz", "3"), options(() -> false)));
        assertEquals("unknown parameter 'stepz'; known: steps", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> runner.start(c, Map.of(),
                new ExperimentRunner.Options(1, () -> dev.graft.api.tensor.Backends.create("tpu"), dir.resolve("runs"), HostVersions.profile(), "0.1.0",
                        ProgressReporter.NONE, () -> false)));
        assertTrue(e.getMessage().contains("unknown compute backend 'tpu'"));
        assertFalse(Files.exists(dir.resolve("runs")));
    }

    @Test
    void settingsComeFromJsonOrPropertiesAndSetWins() throws Exception {
        Path json = dir.resolve("c.json");
        Files.writeString(json, "{\"steps\": 12, \"noise\": 0.5, \"flag\": true}");
        assertEquals(Map.of("steps", "40", "noise", "0.5", "flag", "true"), RunSettings.read(json, List.of("steps=40")));
        Path props = dir.resolve("c.properties");
        Files.writeString(props, "steps=9\n");
        assertEquals(Map.of("steps", "9"), RunSettings.read(props, List.of()));
        Files.writeString(json, "{\"steps\": [1]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunSettings.read(json, List.of()))
                .getMessage().contains("field 'steps'"));
        assertThrows(IllegalArgumentException.class, () -> RunSettings.read(null, List.of("novalue")));
        Files.writeString(json, "{\"preset\": \"smoke\", \"seeds\": \n");
        assertEquals(json + ": not valid JSON (it ends early at line 2 column 1)",
                assertThrows(IllegalArgumentException.class, () -> RunSettings.read(json, List.of())).getMessage());
        Files.writeString(json, "{\"preset\" \"smoke\"}");
        assertEquals(json + ": not valid JSON (syntax error at line 1 column 12)",
                assertThrows(IllegalArgumentException.class, () -> RunSettings.read(json, List.of())).getMessage());
    }

    @Test
    void resumingADirectoryThatIsNotARunSaysSo() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> RunRecord.read(dir));
        assertEquals(dir + ": not a run directory (it has no run.json; 'graft run' prints the directory of each run it"
                + " starts)", e.getMessage());
        assertThrows(NoSuchFileException.class, () -> RunRecord.read(dir.resolve("absent")));
    }

    @Test
    void progressLinesShowRateAndEta() {
        var buf = new java.io.ByteArrayOutputStream();
        var p = new TerminalProgress(new java.io.PrintStream(buf, true), false);
        p.begin("fit", 20);
        for (int i = 0; i < 20; i++) {
            p.advance(1);
        }
        p.end();
        String[] lines = buf.toString().trim().split("\n");
        assertEquals(10, lines.length, buf.toString());
        assertTrue(lines[9].matches("fit 20/20 \\(100%\\) [0-9.]+ steps/s ETA 0:00:00"), lines[9]);
    }

    private static List<String> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
