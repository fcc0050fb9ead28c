package dev.graft.runtime.cli.quickstart;

import dev.graft.api.data.DataBundle;
import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.DataHome;
import dev.graft.api.model.io.AtomicFiles;
import dev.graft.api.spi.DirectoryArtifactStore;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Device;
import dev.graft.api.train.CheckpointStore;
import dev.graft.api.train.LossCurve;
import dev.graft.api.train.StepMetrics;
import dev.graft.api.train.reuse.Arm;
import dev.graft.api.train.reuse.EmbeddedCorpus;
import dev.graft.api.train.reuse.LossComputeChart;
import dev.graft.api.train.reuse.PackedMlmData;
import dev.graft.api.train.reuse.ReusePreset;
import dev.graft.api.train.reuse.ReuseStudy;
import dev.graft.api.train.reuse.ReuseStudyRunner;
import dev.graft.api.train.reuse.StudyResult;
import dev.graft.api.train.reuse.TokenizedCorpus;
import dev.graft.cuda.CudaBackend;
import dev.graft.runtime.cli.BackendOption;
import dev.graft.runtime.cli.ExitCodes;
import dev.graft.runtime.cli.GraftVersion;
import dev.graft.runtime.run.GracefulStop;
import dev.graft.runtime.run.TerminalProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code graft quickstart}: the main job. On the embedded corpus, pre-trains a small BERT (or takes it from the
 * cache), then trains a BERT of twice its width three ways at equal compute (from scratch, with Knowledge
 * Inheritance from the small one, grown from it with bert2BERT), prints the comparison table and writes a report
 * with the loss-against-compute plots.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        header = "Reuse a small BERT to train a larger one: scratch vs Knowledge Inheritance vs bert2BERT at equal compute.",
        description = {"Pre-trains a small BERT on the embedded corpus (or reuses it from the cache), trains a BERT of"
                + " twice its width from scratch, with Knowledge Inheritance from the small model, and grown from it"
                + " with bert2BERT, each with the scratch run's training FLOPs and at the peak learning rate the"
                + " reproductions' sweep chose for it, then prints validation MLM loss at equal"
                + " compute, the compute each method needs to reach scratch's final loss and the share saved.",
                "Writes OUT/report.md with the loss-against-FLOPs plots. Ctrl-C stops after the current step and keeps a"
                + " checkpoint; 'graft quickstart --resume OUT' continues it to the same numbers.",
                "The default size takes a few minutes on two cores; --full runs the larger reproduction (every domain"
                + " of the corpus, 6-layer models of hidden size 128 and 256, three seeds, both growth operators; hours"
                + " on a CPU). The plugins' experiments (graft run bert2bert.reproduce, ki.reproduce) add the"
                + " learning-rate sweep."})
public final class QuickstartCommand implements Callable<Integer> {
    /** The bert2BERT width operators by their command-line names. */
    enum Growth {
        aki(Arm.BERT2BERT_AKI), fpi(Arm.BERT2BERT_FPI);

        final Arm arm;

        Growth(Arm arm) {
            this.arm = arm;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--full", description = "Run the larger reproduction instead of the quick one.")
    boolean full;

    @Option(names = "--preset", hidden = true, paramLabel = "NAME",
            description = "Sizes by preset name (smoke, quick, full), for checking the pipeline in seconds.")
    String presetName;

    @Option(names = "--growth", description = "bert2BERT's width operator for the quick run: ${COMPLETION-CANDIDATES}"
            + " (default: ${DEFAULT-VALUE}; --full runs both).")
    Growth growth = Growth.fpi;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per method (default: 1, or 3 with --full).")
    Integer seeds;

    @Option(names = "--seed", paramLabel = "S", description = "The study's seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: runs/<time>-quickstart).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue an interrupted quickstart in DIR.")
    Path resume;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where pre-trained source models and the tokenised corpus are cached (default: the Graft"
                    + " home's cache directory).")
    Path cache;

    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (resume != null && out != null) {
            throw new ParameterException(spec.commandLine(), "give either --out or --resume, not both");
        }
        if (seeds != null && seeds < 1) {
            throw new ParameterException(spec.commandLine(), "--seeds must be >= 1, got " + seeds);
        }
        Path dir = resume != null ? resume : out != null ? out : Path.of("runs", DateTimeFormatter
                .ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)) + "-quickstart");
        if (resume != null && !Files.isDirectory(resume)) {
            throw new java.nio.file.NoSuchFileException(resume.toString(), null, "no quickstart to resume there");
        }
        Path cacheRoot = cache != null ? cache : DataHome.fromEnvironment().cacheDirectory();
        ReusePreset preset = presetName != null ? ReusePreset.named(presetName)
                : full ? ReusePreset.FULL : ReusePreset.QUICK;
        int n = seeds != null ? seeds : full ? 3 : 1;
        List<Arm> arms = full ? List.of(Arm.KI, Arm.BERT2BERT_FPI, Arm.BERT2BERT_AKI) : List.of(Arm.KI, growth.arm);
        // Each arm runs at the rate the reproductions' sweep chose for this size; without one, at the source's.
        List<Float> rates = List.of(preset.tunedRates().getOrDefault(Arm.SCRATCH, preset.sourceLr()));

        long t0 = System.nanoTime();
        try (GracefulStop stop = GracefulStop.install(err,
                "graft: stopping after the current step; the checkpoint is kept");
             ComputeBackend be = backendOption.create()) {
            err.println("graft: " + backendOption.choiceMessage());
            err.println("graft: tokenising the embedded corpus (cached after the first run)...");
            err.flush();
            TokenizedCorpus corpus = EmbeddedCorpus.tokenized(DataCatalog.uncached(DataBundle.locate()),
                    preset.domains(), EmbeddedCorpus.OPTIONS, cacheRoot.resolve("reuse-corpora"));
            PackedMlmData data = corpus.mlm(be, preset.shape());
            ReuseStudy study = preset.study(corpus.vocabSize(), arms, rates, n, 50).withFixedRates(preset.tunedRates());
            Files.createDirectories(dir);
            String note = EmbeddedCorpus.describe(corpus, preset.domains(), preset.shape());
            err.println("graft: " + note);
            err.println("graft: writing to " + dir);
            err.flush();
            TerminalProgress progress = new TerminalProgress(System.err,
                    System.console() != null && System.console().isTerminal());
            StudyResult r = new ReuseStudyRunner(study, data, be, seed).run(CheckpointStore.of(new DirectoryArtifactStore(dir)),
                    cacheRoot.resolve("reuse-sources"), stop::requested, new ReuseStudyRunner.Observer() {
                        /** When the current run started or resumed here; -1 for a run read back. */
                        private long start = -1;
                        private String resumed = "";

                        @Override
                        public void onRunStart(String runId, int steps, int done) {
                            start = System.nanoTime();
                            resumed = done == 0 ? "" : String.format(Locale.ROOT, "resumed at step %,d of %,d; ",
                                    done, steps);
                            progress.begin(runId, steps);
                            progress.advance(done);
                        }

                        @Override
                        public void onStep(String runId, long globalStep, StepMetrics m) {
                            progress.advance(1);
                        }

                        @Override
                        public void onRunEnd(String runId, LossCurve curve) {
                            progress.end();
                            String took = start < 0 ? runId.equals("source") ? "reused from the cache"
                                    : "read back from the checkpoint"
                                    : String.format(Locale.ROOT, "%s%.0f s", resumed,
                                            (System.nanoTime() - start) / 1e9);
                            err.printf(Locale.ROOT, "graft: %s: final validation MLM loss %.4f (%s)%n", runId,
                                    curve.finalLoss(), took);
                            err.flush();
                            start = -1;
                        }
                    });
            if (r.status() == StudyResult.Status.CANCELLED) {
                err.println("graft: quickstart interrupted; continue it with 'graft quickstart --resume " + dir + "'");
                err.flush();
                return ExitCodes.INTERRUPTED;
            }
            List<String> plots = new ArrayList<>();
            Files.write(dir.resolve("loss-vs-flops.png"), LossComputeChart.png("Validation MLM loss against"
                    + " training compute (seed 0)", r.curves(0), false));
            Files.write(dir.resolve("loss-vs-flops-with-source.png"), LossComputeChart.png("The same, with the"
                    + " source's pre-training counted", r.curves(0), true));
            plots.add("loss-vs-flops.png");
            plots.add("loss-vs-flops-with-source.png");
            String report = r.report("Reusing a small BERT to train a larger one (" + preset.name() + ")", note,
                    plots) + provenance(be);
            AtomicFiles.writeString(dir.resolve("report.md"), report);
            w.println();
            w.println(r.table());
            w.printf(Locale.ROOT, "Source: %s, final validation loss %.4f, %.3e FLOPs of pre-training%s.%n",
                    r.source().fromCache() ? "reused from the cache" : "pre-trained now", r.source().finalLoss(),
                    (double) r.source().flops(), r.source().fromCache() ? " (counted in the last column all the same)"
                            : "");
            w.printf(Locale.ROOT, "Report and plots: %s (%.1f minutes)%n", dir.resolve("report.md"),
                    (System.nanoTime() - t0) / 60e9);
            w.flush();
            return ExitCodes.OK;
        }
    }

    /** The versions and the backend the numbers were computed with, for the end of the report. */
    private String provenance(ComputeBackend be) {
        String detail = CudaBackend.precisionOf(be).map(p -> "; precision " + p.id())
                .orElse(be.device().kind() == Device.Kind.CPU ? "; " + backendOption.threadsOrDefault() + " threads"
                        : "");
        return String.format(Locale.ROOT, "%n## Provenance%n%n- graft %s, Java %s (%s), %s %s%n- compute: %s%s%n",
                GraftVersion.VERSION, Runtime.version(), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"), backendOption.choiceMessage(), detail);
    }
}
