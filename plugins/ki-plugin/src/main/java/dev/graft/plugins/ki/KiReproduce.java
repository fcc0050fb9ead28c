package dev.graft.plugins.ki;

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
 * {@code graft run ki.reproduce}: Knowledge Inheritance's claim at the scale of the embedded corpus. A small BERT
 * is pre-trained; a BERT of twice its width is then pre-trained with the small one as its teacher (the inheritance
 * rate decaying linearly from 1 to 0 over {@code ki-fraction} of its steps, temperature {@code temperature}),
 * and from scratch with the same training FLOPs, the teacher's forward passes included. Both get the same
 * learning-rate sweep on the first seed. The result is the compute KI needs to reach the scratch run's final
 * validation MLM loss, as a share of scratch's, over the seeds, with and without the teacher's pre-training.
 */
public final class KiReproduce implements Experiment {
    static final Parameter<Double> KI_FRACTION = Parameter.real("ki-fraction", 0.44,
            "steps over which the inheritance rate decays from 1 to 0, as a fraction of the run (the paper's script:"
                    + " 55k of 125k)").between(0.01, 1);
    static final Parameter<Double> TEMPERATURE = Parameter.real("temperature", 2.0,
            "distillation temperature (the paper's script: 2)").between(0.05, 100);

    /** Creates the experiment; the host finds it through {@code META-INF/services}. */
    public KiReproduce() {
    }

    @Override
    public String name() {
        return "ki.reproduce";
    }

    @Override
    public String description() {
        return "Pre-trains a larger BERT with Knowledge Inheritance from a small one and measures the compute saved"
                + " against training it from scratch, teacher forwards counted.";
    }

    @Override
    public List<Parameter<?>> parameters() {
        List<Parameter<?>> p = new ArrayList<>(ReuseExperiment.commonParameters());
        p.add(KI_FRACTION);
        p.add(TEMPERATURE);
        return p;
    }

    static ReuseStudy customize(ReuseStudy s, ParameterValues p) {
        return s.withKnowledgeInheritance(p.get(KI_FRACTION), p.get(TEMPERATURE).floatValue());
    }

    @Override
    public ExperimentResult run(RunContext context, ParameterValues p) throws IOException {
        return ReuseExperiment.runOnEmbeddedCorpus(context, p, List.of(Arm.KI), s -> customize(s, p), TITLE);
    }

    /** Runs the experiment on other data (tests, other corpora). */
    ExperimentResult run(RunContext context, ParameterValues p, ReuseData data) throws IOException {
        ReuseStudy study = customize(ReuseExperiment.study(p, List.of(Arm.KI), data.vocabSize()), p);
        return ReuseExperiment.run(context, study, data, TITLE, "caller-supplied data");
    }

    static final String TITLE = "Knowledge Inheritance: a small BERT teaching a larger one";
}
