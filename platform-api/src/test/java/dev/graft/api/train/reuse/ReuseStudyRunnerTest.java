package dev.graft.api.train.reuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.nn.Activation;
import dev.graft.api.spi.DirectoryArtifactStore;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.train.BatchSource;
import dev.graft.api.train.CheckpointStore;
import dev.graft.api.train.ComputeLedger.Category;
import dev.graft.api.train.MlmBatch;
import dev.graft.api.train.StepMetrics;
import dev.graft.api.train.SyntheticMlm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole reuse study on tiny models: equal compute, function preservation at the start, resuming, the cache. */
class ReuseStudyRunnerTest {
    private final ComputeBackend be = new ReferenceBackend();

    @TempDir
    Path tmp;

    static BertConfig bert(int hidden, int heads, int ffn, float dropout) {
        return new BertConfig(SyntheticMlm.V, hidden, 2, heads, ffn, Activation.GELU, dropout, 0f, 8, 2, 1e-12f,
                0.02f);
    }

    private static ReuseStudy study() {
        return new ReuseStudy(bert(16, 2, 32, 0f), bert(32, 4, 64, 0.1f), 30, 1e-2f, 16, List.of(5e-3f, 1e-2f), java.util.Map.of(), 0.1,
                2, List.of(Arm.KI, Arm.BERT2BERT_FPI, Arm.BERT2BERT_AKI), 0.44, 2f, 0.25, 4, 5);
    }

    static ReuseData data(ComputeBackend be) {
        return new ReuseData() {
            @Override
            public BatchSource<MlmBatch> train(long seed) {
                return new SyntheticMlm(be, 4, 8, 2, seed);
            }

            @Override
            public List<MlmBatch> validation() {
                return new SyntheticMlm(be, 4, 8, 2, 99).validation(2);
            }

            @Override
            public int vocabSize() {
                return SyntheticMlm.V;
            }

            @Override
            public String fingerprint() {
                return "synthetic-alternating-v23";
            }
        };
    }

    private StudyResult run(CheckpointStore store, Path cache, AtomicBoolean cancel, long cancelAtGlobalStep)
            throws IOException {
        return new ReuseStudyRunner(study(), data(be), be, 5).run(store, cache, cancel::get,
                new ReuseStudyRunner.Observer() {
                    @Override
                    public void onStep(String runId, long globalStep, StepMetrics metrics) {
                        if (globalStep == cancelAtGlobalStep) {
                            cancel.set(true);
                        }
                    }
                });
    }

    @Test
    void studyRunsEveryArmAtEqualComputeAndReportsSavings() throws IOException {
        StudyResult r = run(null, tmp.resolve("cache"), new AtomicBoolean(), -1);
        assertEquals(StudyResult.Status.COMPLETED, r.status());
        assertFalse(r.source().fromCache());
        ReuseStudy s = study();
        assertEquals(s.learningRates().size() * 4 + (s.seeds() - 1) * 4, r.runs().size());
        for (int seed = 0; seed < s.seeds(); seed++) {
            ArmRun scratch = r.run(Arm.SCRATCH, seed).orElseThrow();
            long budget = scratch.compute().flops().get(Category.STUDENT_FORWARD)
                    + scratch.compute().flops().get(Category.STUDENT_BACKWARD);
            long perStep = budget / scratch.steps();
            for (Arm arm : List.of(Arm.KI, Arm.BERT2BERT_FPI, Arm.BERT2BERT_AKI)) {
                ArmRun run = r.run(arm, seed).orElseThrow();
                long spent = run.compute().training();
                assertTrue(spent <= budget && spent > budget - perStep,
                        arm + " spent " + spent + " of the budget " + budget + " (a full step costs " + perStep + ")");
                assertEquals(r.source().flops(), run.compute().flops().get(Category.SOURCE_PRETRAINING));
            }
            assertTrue(r.run(Arm.KI, seed).orElseThrow().compute().flops().get(Category.TEACHER_FORWARD) > 0);
            assertTrue(r.run(Arm.KI, seed).orElseThrow().steps() < scratch.steps(), "teacher forwards cost steps");
            assertTrue(r.run(Arm.BERT2BERT_FPI, seed).orElseThrow().compute().flops().get(Category.WARMUP) > 0);
            assertTrue(r.run(Arm.BERT2BERT_FPI, seed).orElseThrow().compute().flops().get(Category.GROWTH) > 0);
        }
        // FPI with a uniform ×2 width and the same depth preserves the source's function: the grown model starts at
        // the source's validation loss, far below a random model's.
        for (int seed = 0; seed < s.seeds(); seed++) {
            double start = r.run(Arm.BERT2BERT_FPI, seed).orElseThrow().curve().points().getFirst().loss();
            assertEquals(r.source().finalLoss(), start, 1e-5);
            double scratchStart = r.run(Arm.SCRATCH, seed).orElseThrow().curve().points().getFirst().loss();
            assertTrue(start < scratchStart - 0.3, "grown start " + start + " vs random " + scratchStart);
        }
        assertEquals(s.seeds(), r.savings(Arm.BERT2BERT_FPI).size());
        String table = r.table();
        assertTrue(table.contains("| scratch |") && table.contains("| ki |") && table.contains("| bert2bert-fpi |"),
                table);
        assertTrue(r.sweepTable().contains("chosen"), r.sweepTable());
        String report = r.report("Tiny study", "synthetic", List.of("plots/loss.png"));
        assertTrue(report.contains(table) && report.contains("plots/loss.png"), report);
        assertEquals(4, r.curves(1).size());
    }

    @Test
    void interruptedStudyResumesToTheSameNumbersAndReusesTheCachedSource() throws IOException {
        StudyResult whole = run(null, tmp.resolve("cache-a"), new AtomicBoolean(), -1);

        CheckpointStore store = CheckpointStore.of(new DirectoryArtifactStore(tmp.resolve("run")));
        Path cache = tmp.resolve("cache-b");
        // Cancel once inside the source's pre-training and once inside a target run of the sweep.
        StudyResult first = run(store, cache, new AtomicBoolean(), 17);
        assertEquals(StudyResult.Status.CANCELLED, first.status());
        StudyResult second = run(store, cache, new AtomicBoolean(), 71);
        assertEquals(StudyResult.Status.CANCELLED, second.status());
        assertEquals(2, second.runs().size());
        StudyResult resumed = run(store, cache, new AtomicBoolean(), -1);
        assertEquals(StudyResult.Status.COMPLETED, resumed.status());
        assertTrue(resumed.source().fromCache());
        assertEquals(whole.runs(), resumed.runs());
        assertEquals(whole.learningRates(), resumed.learningRates());
        assertEquals(whole.table(), resumed.table());

        // A new study with the same settings reads the source from the cache and gets the same numbers.
        StudyResult again = run(null, cache, new AtomicBoolean(), -1);
        assertTrue(again.source().fromCache());
        assertEquals(whole.runs(), again.runs());
    }

    @Test
    void globalStepsIncreaseAcrossRuns() throws IOException {
        AtomicLong last = new AtomicLong();
        new ReuseStudyRunner(study(), data(be), be, 5).run(null, tmp.resolve("c"), () -> false,
                new ReuseStudyRunner.Observer() {
                    @Override
                    public void onStep(String runId, long globalStep, StepMetrics metrics) {
                        assertTrue(globalStep > last.get(), runId + " step " + globalStep + " after " + last.get());
                        last.set(globalStep);
                    }
                });
        StudyResult r = new ReuseStudyRunner(study(), data(be), be, 5).run(null, tmp.resolve("c"), () -> false,
                new ReuseStudyRunner.Observer() {
                });
        long total = study().sourceSteps() + 1 + r.runs().stream().mapToLong(x -> x.steps() + 1L).sum() - 1;
        assertEquals(total, last.get());
    }

    @Test
    void anArmWithAFixedRateSkipsTheSweep() throws IOException {
        ReuseStudy s = new ReuseStudy(bert(16, 2, 32, 0f), bert(32, 4, 64, 0f), 10, 1e-2f, 8,
                List.of(5e-3f, 1e-2f), java.util.Map.of(Arm.BERT2BERT_FPI, 2e-3f), 0.1, 1,
                List.of(Arm.BERT2BERT_FPI), 0.44, 2f, 0.25, 4, 0);
        StudyResult r = new ReuseStudyRunner(s, data(be), be, 5).run(null, tmp.resolve("c"), () -> false,
                new ReuseStudyRunner.Observer() {
                });
        assertEquals(List.of(5e-3f, 1e-2f), r.sweep(Arm.SCRATCH).stream().map(ArmRun::learningRate).toList());
        assertEquals(List.of(2e-3f), r.sweep(Arm.BERT2BERT_FPI).stream().map(ArmRun::learningRate).toList());
        assertEquals(2e-3f, r.learningRates().get(Arm.BERT2BERT_FPI));
        assertTrue(r.sweepTable().contains("| bert2bert-fpi | — | — | "), r.sweepTable());
        assertTrue(r.report("t", "d", List.of()).contains("fixed rates (from an earlier sweep) for bert2bert-fpi"));
    }
}
