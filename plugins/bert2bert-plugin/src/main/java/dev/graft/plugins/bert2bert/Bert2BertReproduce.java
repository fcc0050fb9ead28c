package dev.graft.plugins.bert2bert;

import dev.graft.api.spi.Experiment;
import dev.graft.api.spi.ExperimentResult;
import dev.graft.api.spi.Parameter;
import dev.graft.api.spi.ParameterValues;
import dev.graft.api.spi.RunContext;
import dev.graft.api.train.reuse.Arm;
import dev.graft.api.train.reuse.ReuseData;
import dev.graft.api.train.reuse.ReuseExperiment;
import dev.graft.api.train.reuse.ReuseStudy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code graft run bert2bert.reproduce}: bert2BERT's claim at the scale of the embedded corpus. A small BERT is
 * pre-trained, grown to twice its width with FPI and/or AKI, and pre-trained further with the paper's two stages
 * (first on bottom sub-structures, then the whole model); a BERT of the grown size is trained from scratch with the
 * same training FLOPs. Every method gets the same learning-rate sweep on the first seed and runs every seed at its
 * best rate. The result is the compute each growth needs to reach the scratch run's final validation MLM loss, as
 * a share of scratch's, over the seeds, with and without the small model's pre-training counted (the paper reports
 * about 45 % saved on BERT-base, not counting it).
 */
public final class Bert2BertReproduce implements Experiment {
    static final Parameter<String> GROWTH = Parameter.choice("growth", "both",
            "width operators to run: fpi, aki or both", "fpi", "aki", "both");
    static final Parameter<Double> FIRST_STAGE = Parameter.real("first-stage", 0.1,
            "steps of the first stage (sub-structures) as a fraction of the scratch run's steps").between(0, 0.9);

    /** Creates the experiment; the host finds it through {@code META-INF/services}. */
    public Bert2BertReproduce() {
    }

    @Override
    public String name() {
        return "bert2bert.reproduce";
    }

    @Override
    public String description() {
        return "Grows a pre-trained small BERT with bert2BERT (FPI/AKI, two-stage training) and measures the compute"
                + " saved against training the large BERT from scratch.";
    }

    @Override
    public List<Parameter<?>> parameters() {
        List<Parameter<?>> p = new ArrayList<>(ReuseExperiment.commonParameters());
        p.add(GROWTH);
        p.add(FIRST_STAGE);
        return p;
    }

    static List<Arm> arms(ParameterValues p) {
        return switch (p.get(GROWTH)) {
            case "fpi" -> List.of(Arm.BERT2BERT_FPI);
            case "aki" -> List.of(Arm.BERT2BERT_AKI);
            default -> List.of(Arm.BERT2BERT_FPI, Arm.BERT2BERT_AKI);
        };
    }

    static ReuseStudy customize(ReuseStudy s, ParameterValues p) {
        return s.withFirstStage(p.get(FIRST_STAGE));
    }

    @Override
    public ExperimentResult run(RunContext context, ParameterValues p) throws IOException {
        return ReuseExperiment.runOnEmbeddedCorpus(context, p, arms(p), s -> customize(s, p), TITLE);
    }

    /** Runs the experiment on other data (tests, other corpora). */
    ExperimentResult run(RunContext context, ParameterValues p, ReuseData data) throws IOException {
        ReuseStudy study = customize(ReuseExperiment.study(p, arms(p), data.vocabSize()), p);
        return ReuseExperiment.run(context, study, data, TITLE, "caller-supplied data");
    }

    static final String TITLE = "bert2BERT: growing a small BERT instead of training from scratch";
}
