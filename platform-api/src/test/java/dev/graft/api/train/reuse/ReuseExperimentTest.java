package dev.graft.api.train.reuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.spi.ArtifactStore;
import dev.graft.api.spi.Cancellation;
import dev.graft.api.spi.ExperimentResult;
import dev.graft.api.spi.LocalRunContext;
import dev.graft.api.spi.MetricsSink;
import dev.graft.api.spi.ProgressReporter;
import dev.graft.api.spi.RunCancelledException;
import dev.graft.api.spi.RunContext;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study as a plugin experiment: cancelled through the context, resumed in the same directory. */
class ReuseExperimentTest {
    private final ComputeBackend be = new ReferenceBackend();

    @TempDir
    Path tmp;

    private static ReuseStudy study() {
        return new ReuseStudy(ReuseStudyRunnerTest.bert(16, 2, 32, 0f), ReuseStudyRunnerTest.bert(32, 4, 64, 0.1f),
                20, 1e-2f, 12, List.of(1e-2f), java.util.Map.of(), 0.1, 2, List.of(Arm.KI, Arm.BERT2BERT_AKI), 0.44, 2f, 0.25, 4, 0);
    }

    /** A local context whose cancellation turns on when a metric is logged at a chosen global step. */
    private record Ctx(LocalRunContext local, AtomicBoolean cancel, long cancelAt) implements RunContext {
        @Override
        public ComputeBackend backend() {
            return local.backend();
        }

        @Override
        public long seed() {
            return local.seed();
        }

        @Override
        public Path outputDirectory() {
            return local.outputDirectory();
        }

        @Override
        public ProgressReporter progress() {
            return local.progress();
        }

        @Override
        public MetricsSink metrics() {
            return (step, name, value) -> {
                if (step >= cancelAt) {
                    cancel.set(true);
                }
                local.metrics().log(step, name, value);
            };
        }

        @Override
        public ArtifactStore artifacts() {
            return local.artifacts();
        }

        @Override
        public Cancellation cancellation() {
            return cancel::get;
        }
    }

    @Test
    void cancelledExperimentResumesToTheSameSummaryAndWritesItsArtifacts() throws Exception {
        ExperimentResult whole = ReuseExperiment.run(new LocalRunContext(be, 3, tmp.resolve("a")), study(),
                ReuseStudyRunnerTest.data(be), "Tiny", "synthetic");
        Path dir = tmp.resolve("b");
        Ctx first = new Ctx(new LocalRunContext(be, 3, dir), new AtomicBoolean(), 40);
        assertThrows(RunCancelledException.class,
                () -> ReuseExperiment.run(first, study(), ReuseStudyRunnerTest.data(be), "Tiny", "synthetic"));
        ExperimentResult resumed = ReuseExperiment.run(new Ctx(new LocalRunContext(be, 3, dir), new AtomicBoolean(),
                Long.MAX_VALUE), study(), ReuseStudyRunnerTest.data(be), "Tiny", "synthetic");
        assertEquals(whole, resumed);
        assertTrue(whole.summary().contains("| bert2bert-aki |"), whole.summary());
        ArtifactStore a = new LocalRunContext(be, 3, dir).artifacts();
        for (String f : List.of("loss-vs-flops.png", "loss-vs-flops-with-source.png", "reuse-report.md")) {
            assertTrue(a.find(f).isPresent() && Files.size(a.find(f).get()) > 100, f);
        }
    }
}
