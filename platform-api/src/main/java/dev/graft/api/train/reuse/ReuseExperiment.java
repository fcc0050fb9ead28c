package dev.graft.api.train.reuse;

import dev.graft.api.data.DataBundle;
import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.DataHome;
import dev.graft.api.spi.ExperimentResult;
import dev.graft.api.spi.Parameter;
import dev.graft.api.spi.ParameterValues;
import dev.graft.api.spi.RunCancelledException;
import dev.graft.api.spi.RunContext;
import dev.graft.api.train.CheckpointStore;
import dev.graft.api.train.CurvePoint;
import dev.graft.api.train.LossCurve;
import dev.graft.api.train.StepMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Runs a {@link ReuseStudy} as an experiment of the plugin SPI: progress per run, metrics, checkpoints in the
 * run's artifact store (so {@code graft run --resume} continues a study), the loss-against-compute plots and the
 * study report as artifacts, and a summary holding the comparison table.
 *
 * <p>Metrics, at the study's global step: {@code train_loss/<run>} every {@value #TRAIN_LOG_EVERY} steps and
 * {@code val_loss/<run>} at every evaluation; artifacts: {@code reuse-report.md},
 * {@code loss-vs-flops.png} (seed 0, the source's pre-training not counted) and
 * {@code loss-vs-flops-with-source.png}. The source cache lives in the run directory ({@code source-cache/}), so a
 * resumed run reuses the source it trained.
 */
public final class ReuseExperiment {
    /** Steps between two logged training losses. */
    public static final int TRAIN_LOG_EVERY = 10;

    /** The sizes: a {@link ReusePreset} by name. */
    public static final Parameter<String> PRESET = Parameter.choice("preset", ReusePreset.QUICK.name(),
            "model sizes, steps and batches: smoke (a seconds-long check), quick (minutes per run), full (the larger"
                    + " reproduction)", "smoke", "quick", "full");
    /** Seeds per method. */
    public static final Parameter<Integer> SEEDS = Parameter.integer("seeds", 3,
            "seeds per method at its chosen learning rate").between(1, 100);
    /** The learning-rate sweep. */
    public static final Parameter<String> LEARNING_RATES = Parameter.text("learning-rates", "1e-3,2e-3,4e-3",
            "peak learning rates, comma-separated; every method (scratch included) runs each on the first seed and"
                    + " keeps its best");
    /** Source pre-training steps. */
    public static final Parameter<Integer> SOURCE_STEPS = Parameter.integer("source-steps", 0,
            "pre-training steps of the small source model (0: the preset's)").atLeast(0);
    /** Scratch steps. */
    public static final Parameter<Integer> SCRATCH_STEPS = Parameter.integer("scratch-steps", 0,
            "steps of the scratch run, whose compute every method gets (0: the preset's)").atLeast(0);
    /** Checkpoint interval. */
    public static final Parameter<Integer> CHECKPOINT_EVERY = Parameter.integer("checkpoint-every", 50,
            "steps between checkpoints (0: only at the end of each run and when stopped)").atLeast(0);

    private ReuseExperiment() {
    }

    /** @return the parameters every reuse experiment shares, in help order */
    public static List<Parameter<?>> commonParameters() {
        return List.of(PRESET, SEEDS, LEARNING_RATES, SOURCE_STEPS, SCRATCH_STEPS, CHECKPOINT_EVERY);
    }

    /** @return the preset the parameters name */
    public static ReusePreset preset(ParameterValues p) {
        return ReusePreset.named(p.get(PRESET));
    }

    /**
     * @return the learning rates of {@link #LEARNING_RATES}
     * @throws IllegalArgumentException naming the parameter if an entry is not a positive number
     */
    public static List<Float> learningRates(ParameterValues p) {
        List<Float> out = new ArrayList<>();
        for (String part : p.get(LEARNING_RATES).split(",")) {
            float lr;
            try {
                lr = Float.parseFloat(part.trim());
            } catch (NumberFormatException e) {
                lr = Float.NaN;
            }
            if (!(lr > 0f) || Float.isInfinite(lr) || out.contains(lr)) {
                throw new IllegalArgumentException("parameter '" + LEARNING_RATES.name() + "': expected distinct"
                        + " positive numbers separated by commas, got '" + p.get(LEARNING_RATES) + "'");
            }
            out.add(lr);
        }
        return out;
    }

    /**
     * The study the common parameters describe.
     *
     * @param p     resolved values of {@link #commonParameters()} (and more)
     * @param arms  the arms besides scratch
     * @param vocab the data's vocabulary size
     */
    public static ReuseStudy study(ParameterValues p, List<Arm> arms, int vocab) {
        ReusePreset preset = preset(p);
        ReuseStudy s = preset.study(vocab, arms, learningRates(p), p.get(SEEDS), p.get(CHECKPOINT_EVERY));
        return s.withSteps(p.get(SOURCE_STEPS) > 0 ? p.get(SOURCE_STEPS) : s.sourceSteps(),
                p.get(SCRATCH_STEPS) > 0 ? p.get(SCRATCH_STEPS) : s.scratchSteps());
    }

    /**
     * Runs a study on the embedded corpus, tokenised once and cached in the Graft home's cache directory.
     *
     * @param ctx       the run's context
     * @param p         resolved values of {@link #commonParameters()} (and more)
     * @param arms      the arms besides scratch
     * @param customize adjusts the study built from the common parameters (method-specific settings)
     * @param title     the report's title
     * @return as {@link #run(RunContext, ReuseStudy, ReuseData, String, String)}
     * @throws IOException if the corpus cache, a checkpoint or an artifact cannot be written
     */
    public static ExperimentResult runOnEmbeddedCorpus(RunContext ctx, ParameterValues p, List<Arm> arms,
                                                       UnaryOperator<ReuseStudy> customize, String title)
            throws IOException {
        ReusePreset preset = preset(p);
        TokenizedCorpus corpus = EmbeddedCorpus.tokenized(DataCatalog.uncached(DataBundle.locate()), preset.domains(),
                EmbeddedCorpus.OPTIONS, DataHome.fromEnvironment().cacheDirectory().resolve("reuse-corpora"));
        PackedMlmData data = corpus.mlm(ctx.backend(), preset.shape());
        ReuseStudy study = customize.apply(study(p, arms, corpus.vocabSize()));
        return run(ctx, study, data, title, EmbeddedCorpus.describe(corpus, preset.domains(), preset.shape()));
    }

    /**
     * @param ctx      the run's context
     * @param study    the study
     * @param data     its data
     * @param title    the report's title
     * @param dataNote one line describing the data
     * @return the comparison table as the summary, and each arm's mean saving (and spread) as headline numbers
     * @throws RunCancelledException if the run was cancelled (a checkpoint was saved)
     * @throws IOException if a checkpoint, the cache or an artifact cannot be written
     */
    public static ExperimentResult run(RunContext ctx, ReuseStudy study, ReuseData data, String title,
                                       String dataNote) throws IOException {
        Objects.requireNonNull(ctx, "ctx");
        ReuseStudyRunner runner = new ReuseStudyRunner(study, data, ctx.backend(), ctx.seed());
        StudyResult r = runner.run(CheckpointStore.of(ctx.artifacts()), ctx.outputDirectory().resolve("source-cache"),
                ctx.cancellation()::isCancelled, new ReuseStudyRunner.Observer() {
                    @Override
                    public void onRunStart(String runId, int steps, int done) {
                        ctx.progress().begin(runId, steps);
                        ctx.progress().advance(done);
                    }

                    @Override
                    public void onStep(String runId, long globalStep, StepMetrics m) {
                        ctx.progress().advance(1);
                        if ((m.step() + 1) % TRAIN_LOG_EVERY == 0) {
                            ctx.metrics().log(globalStep, "train_loss/" + runId, m.loss());
                        }
                    }

                    @Override
                    public void onEvaluation(String runId, long globalStep, CurvePoint p) {
                        ctx.metrics().log(globalStep, "val_loss/" + runId, p.loss());
                    }

                    @Override
                    public void onRunEnd(String runId, LossCurve curve) {
                        ctx.progress().end();
                    }
                });
        if (r.status() == StudyResult.Status.CANCELLED) {
            throw new RunCancelledException();
        }
        List<String> plots = new ArrayList<>();
        if (!r.curves(0).isEmpty()) {
            ctx.artifacts().write("loss-vs-flops.png", LossComputeChart.png(title + ": validation loss against compute"
                    + " (seed 0)", r.curves(0), false));
            ctx.artifacts().write("loss-vs-flops-with-source.png", LossComputeChart.png(title
                    + ": source pre-training counted (seed 0)", r.curves(0), true));
            plots.add("loss-vs-flops.png");
            plots.add("loss-vs-flops-with-source.png");
        }
        ctx.artifacts().write("reuse-report.md", r.report(title, dataNote, plots).getBytes(StandardCharsets.UTF_8));
        List<ExperimentResult.Metric> head = new ArrayList<>();
        for (Arm arm : study.arms()) {
            Optional<StudyResult.Row> row = r.row(arm);
            if (row.isPresent() && row.get().saved().count() > 0) {
                head.add(new ExperimentResult.Metric(arm.label() + ".saved_mean", row.get().saved().mean()));
                head.add(new ExperimentResult.Metric(arm.label() + ".saved_std", row.get().saved().std()));
                head.add(new ExperimentResult.Metric(arm.label() + ".saved_with_source_mean",
                        row.get().savedWithSource().mean()));
            }
            row.ifPresent(x -> head.add(new ExperimentResult.Metric(arm.label() + ".seeds_reaching",
                    x.saved().count())));
        }
        String summary = String.format(Locale.ROOT, "Compute each method needs to reach the scratch run's final"
                + " validation MLM loss, over %s (full report: artifacts/reuse-report.md):%n%n%s",
                study.seeds() == 1 ? "1 seed" : study.seeds() + " seeds", r.table());
        return new ExperimentResult(summary, head);
    }
}
