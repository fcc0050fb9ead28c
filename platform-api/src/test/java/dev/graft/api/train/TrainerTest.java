package dev.graft.api.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.nn.Activation;
import dev.graft.api.spi.DirectoryArtifactStore;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import dev.graft.api.train.ComputeLedger.Category;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop's determinism and resumability on a tiny BERT with dropout on: interrupted and resumed
 * runs end with the same bits as an uninterrupted one.
 */
class TrainerTest {
    private static final int STEPS = 10;
    private final ComputeBackend be = new ReferenceBackend();

    @TempDir
    Path tmp;

    private static BertConfig config() {
        return new BertConfig(SyntheticMlm.V, 16, 2, 2, 32, Activation.GELU, 0.1f, 0f, 8, 2, 1e-12f, 0.02f);
    }

    private static TrainingConfig training() {
        return TrainingConfig.pretraining(STEPS, 5e-3f, 3, 4);
    }

    private record Run(TrainingResult result, Map<String, float[]> params, long dropoutCounter) {
    }

    private Run run(TrainingConfig cfg, CheckpointStore store, AtomicBoolean cancel, int cancelAfter,
                    int crashAfter) throws IOException {
        BertForMaskedLM model = new BertForMaskedLM(be, config(), 7);
        SyntheticMlm data = new SyntheticMlm(be, 3, 8, 2, 11);
        Trainer<MlmBatch> t = new Trainer<>(model, cfg, data, BertPretraining.mlm(model),
                BertPretraining.validation(model, data.validation(2)));
        TrainingResult r = t.run(store, cancel::get, new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
                if (m.step() + 1 == cancelAfter) {
                    cancel.set(true);
                }
                if (m.step() + 1 == crashAfter) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        });
        Map<String, float[]> params = new java.util.LinkedHashMap<>();
        model.namedParameters().forEach((k, v) -> params.put(k, v.toFloatArray()));
        long counter = ((dev.graft.api.nn.Dropout) model.namedModules().get("bert.embeddings.dropout")).rng()
                .counter();
        return new Run(r, params, counter);
    }

    private static void assertSameBits(Run a, Run b) {
        assertEquals(a.params().keySet(), b.params().keySet());
        a.params().forEach((k, v) -> assertArrayEquals(v, b.params().get(k), 0f, k));
        assertEquals(a.result().curve(), b.result().curve());
        assertEquals(a.result().compute(), b.result().compute());
        assertEquals(a.result().steps(), b.result().steps());
        assertEquals(a.dropoutCounter(), b.dropoutCounter());
    }

    @Test
    void twoRunsGiveTheSameBits() throws IOException {
        Run a = run(training(), null, new AtomicBoolean(), -1, -1);
        Run b = run(training(), null, new AtomicBoolean(), -1, -1);
        assertSameBits(a, b);
        assertTrue(a.dropoutCounter() > 0, "dropout was active");
    }

    @Test
    void cancelledAndResumedRunEqualsUninterruptedRun() throws IOException {
        Run whole = run(training(), null, new AtomicBoolean(), -1, -1);
        CheckpointStore store = CheckpointStore.of(new DirectoryArtifactStore(tmp.resolve("run")));
        Run first = run(training(), store, new AtomicBoolean(), 6, -1);
        assertEquals(TrainingResult.Status.CANCELLED, first.result().status());
        assertEquals(6, first.result().steps());
        assertTrue(store.latest().isPresent());
        Run resumed = run(training(), store, new AtomicBoolean(), -1, -1);
        assertEquals(TrainingResult.Status.COMPLETED, resumed.result().status());
        assertSameBits(whole, resumed);
    }

    @Test
    void crashAfterAPeriodicCheckpointResumesToTheSameBits() throws IOException {
        Run whole = run(training(), null, new AtomicBoolean(), -1, -1);
        TrainingConfig cfg = training().withCheckpointEvery(3);
        CheckpointStore store = CheckpointStore.of(new DirectoryArtifactStore(tmp.resolve("run")));
        assertThrows(IllegalStateException.class, () -> run(cfg, store, new AtomicBoolean(), -1, 8));
        assertTrue(store.latest().orElseThrow().endsWith("step-6"));
        Run resumed = run(cfg, store, new AtomicBoolean(), -1, -1);
        assertSameBits(whole, resumed);
    }

    @Test
    void resumingAFinishedRunTrainsNoFurther() throws IOException {
        CheckpointStore store = CheckpointStore.of(new DirectoryArtifactStore(tmp.resolve("run")));
        Run first = run(training(), store, new AtomicBoolean(), -1, -1);
        Run again = run(training(), store, new AtomicBoolean(), -1, -1);
        assertSameBits(first, again);
    }

    @Test
    void refusesACheckpointOfAnotherConfiguration() throws IOException {
        CheckpointStore store = CheckpointStore.of(new DirectoryArtifactStore(tmp.resolve("run")));
        run(training(), store, new AtomicBoolean(), 3, -1);
        TrainingConfig other = TrainingConfig.pretraining(STEPS, 1e-3f, 3, 4);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(other, store, new AtomicBoolean(), -1, -1));
        assertTrue(e.getMessage().contains("config"), e.getMessage());
    }

    @Test
    void aDamagedCheckpointIsNamedWithWhereItBreaksAndWhatToRemove() throws IOException {
        CheckpointStore store = CheckpointStore.of(new DirectoryArtifactStore(tmp.resolve("run")));
        run(training(), store, new AtomicBoolean(), 3, -1);
        Path checkpoint = store.latest().orElseThrow();
        Path state = checkpoint.resolve("trainer.json");
        Files.writeString(state, Files.readString(state).substring(0, 20));
        IOException e = assertThrows(IOException.class, () -> run(training(), store, new AtomicBoolean(), -1, -1));
        assertTrue(e.getMessage().startsWith(state + ": not valid JSON ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); the checkpoint is damaged: remove " + checkpoint
                + " to resume from the one before it (or from the start if it is the only one)"), e.getMessage());
    }

    @Test
    void trainingLowersTheValidationLossAndBooksComputeByCategory() throws IOException {
        TrainingConfig cfg = TrainingConfig.pretraining(40, 1e-2f, 4, 10);
        BertForMaskedLM model = new BertForMaskedLM(be, config(), 3);
        SyntheticMlm data = new SyntheticMlm(be, 4, 8, 2, 5);
        Trainer<MlmBatch> t = new Trainer<>(model, cfg, data, BertPretraining.mlm(model),
                BertPretraining.validation(model, data.validation(2)));
        t.ledger().add(Category.SOURCE_PRETRAINING, 1000);
        List<StepMetrics> steps = new ArrayList<>();
        TrainingResult r = t.run(null, () -> false, new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
                steps.add(m);
            }
        });
        LossCurve c = r.curve();
        assertEquals(List.of(0, 10, 20, 30, 40), c.points().stream().map(CurvePoint::step).toList());
        assertTrue(c.finalLoss() < c.points().getFirst().loss() - 0.3,
                "validation loss " + c.points().getFirst().loss() + " -> " + c.finalLoss());
        ComputeLedger.Report rep = r.compute();
        long fwd = rep.flops().get(Category.STUDENT_FORWARD);
        long bwd = rep.flops().get(Category.STUDENT_BACKWARD);
        assertTrue(fwd > 0 && rep.flops().get(Category.EVALUATION) > 0);
        assertEquals(2 * fwd, bwd, "backward of matrix products costs twice the forward");
        assertEquals(fwd + bwd, rep.training());
        assertEquals(fwd + bwd + 1000, rep.trainingWithSource());
        assertEquals(0L, c.points().getFirst().flops());
        assertEquals(1000L, c.points().getFirst().flopsWithSource());
        assertEquals(rep.training(), c.last().flops());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(cfg.schedule().at(i), (float) steps.get(i).learningRate());
        }
    }

    @Test
    void gradientClippingBoundsTheUpdate() throws IOException {
        // With clipping at a tiny norm, AdamW's normalised step is unchanged but the first moment is scaled: the
        // reported norm is the norm before clipping, identical to an unclipped run's first step.
        TrainingConfig clipped = TrainingConfig.pretraining(1, 1e-2f, 0, 1).withClipNorm(1e-3);
        TrainingConfig free = TrainingConfig.pretraining(1, 1e-2f, 0, 1).withClipNorm(0);
        double[] norms = new double[2];
        int i = 0;
        for (TrainingConfig cfg : List.of(clipped, free)) {
            BertForMaskedLM model = new BertForMaskedLM(be, config(), 3);
            SyntheticMlm data = new SyntheticMlm(be, 2, 8, 2, 5);
            Trainer<MlmBatch> t = new Trainer<>(model, cfg, data, BertPretraining.mlm(model),
                    BertPretraining.validation(model, data.validation(1)));
            int k = i;
            t.run(null, () -> false, new TrainingListener() {
                @Override
                public void onStep(StepMetrics m) {
                    norms[k] = m.gradNorm();
                }
            });
            Tensor word = model.parameter("bert.embeddings.word_embeddings.weight");
            Tensor m0 = t.optimizer().moments(word)[0];
            double sq = 0;
            for (float f : m0.toFloatArray()) {
                sq += (double) f * f;
            }
            norms[k] = k == 0 ? Math.sqrt(sq) : norms[k];
            i++;
        }
        // After one step m = (1 − β1)·g; for the clipped run its whole-model norm is at most 0.1 · 1e-3.
        assertTrue(norms[0] <= 0.1 * 1e-3 * 1.0001, "clipped first moment norm " + norms[0]);
        assertTrue(norms[1] > 1e-2, "unclipped gradient norm " + norms[1]);
    }
}
