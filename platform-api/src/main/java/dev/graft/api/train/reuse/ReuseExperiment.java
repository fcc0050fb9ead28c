package dev.graft.api.train.reuse;

import dev.graft.api.spi.ExperimentResult;
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

    private ReuseExperiment() {
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
                + " validation MLM loss, over %d seeds (full report: artifacts/reuse-report.md):%n%n%s",
                study.seeds(), r.table());
        return new ExperimentResult(summary, head);
    }
}
