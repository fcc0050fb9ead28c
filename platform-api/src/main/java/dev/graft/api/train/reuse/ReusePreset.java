package dev.graft.api.train.reuse;

import dev.graft.api.data.Domain;
import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.nn.Activation;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Named sizes of a reuse study on the embedded corpus: the source and target models, their steps, the batch
 * shape and the evaluation interval. The target doubles the source's width (hidden size, heads of the same
 * size, feed-forward size) at the same depth, so FPI is exact by construction.
 *
 * <p>Dropout is off: every run sees less than one epoch of its data, where dropout only slows training.
 *
 * @param name         the preset's name
 * @param headSize     the head size of both models
 * @param sourceHidden source hidden size (heads: {@code hidden / headSize})
 * @param targetHidden target hidden size
 * @param layers       layers of both
 * @param sourceSteps  source pre-training steps
 * @param sourceLr     source peak learning rate
 * @param scratchSteps the scratch run's steps (every arm's compute budget)
 * @param shape        batches
 * @param evalEvery    validation interval
 * @param domains      the corpus's domains
 * @param tunedRates   peak learning rates found for this size by the reproductions' sweep (the best final
 *                     validation loss on seed 0 of {@code graft run bert2bert.reproduce} and {@code ki.reproduce});
 *                     {@code graft quickstart}, which has no time for a sweep, runs each arm at its rate
 */
public record ReusePreset(String name, int headSize, int sourceHidden, int targetHidden, int layers, int sourceSteps,
                          float sourceLr, int scratchSteps, PackedMlmData.Shape shape, int evalEvery,
                          List<Domain> domains, Map<Arm, Float> tunedRates) {
    public ReusePreset {
        domains = List.copyOf(domains);
        tunedRates = Map.copyOf(tunedRates);
    }

    /**
     * The default: a 4-layer BERT of hidden size 64 (one head of 64), pre-trained for 150 steps, grown to 128 and
     * trained for 500 steps (the source is trained less than the target so that scratch's final loss lies below
     * the source's and the saving is measured, not given); sequences of 64 tokens, 16 per batch, from the King James Version (the most regular
     * domain, where models this small get past predicting word frequencies within the budget). One seed of
     * scratch, Knowledge Inheritance and one bert2BERT arm takes minutes on two cores.
     */
    public static final ReusePreset QUICK = new ReusePreset("quick", 64, 64, 128, 4, 150, 2e-3f, 500,
            new PackedMlmData.Shape(16, 64, 0.15, 8), 25, List.of(Domain.SCRIPTURE_KJV),
            Map.of(Arm.SCRATCH, 1e-3f, Arm.KI, 1e-3f, Arm.BERT2BERT_FPI, 2e-3f, Arm.BERT2BERT_AKI, 2e-3f));

    /**
     * The larger reproduction: a 6-layer BERT of hidden size 128 (two heads of 64), pre-trained for 500 steps,
     * grown to 256 and trained for 1,500 steps, on every domain of the corpus, sequences of 128 tokens, 16 per
     * batch; tens of minutes per run on two cores.
     */
    public static final ReusePreset FULL = new ReusePreset("full", 64, 128, 256, 6, 500, 1e-3f, 1500,
            new PackedMlmData.Shape(16, 128, 0.15, 8), 100, List.of(Domain.values()), Map.of());

    /** A seconds-long check that the whole pipeline runs: 2-layer models of hidden size 32 and 64. */
    public static final ReusePreset SMOKE = new ReusePreset("smoke", 16, 32, 64, 2, 20, 2e-3f, 16,
            new PackedMlmData.Shape(4, 32, 0.15, 2), 4, List.of(Domain.SCRIPTURE_KJV), Map.of());

    /** @return every preset, smallest first */
    public static List<ReusePreset> all() {
        return List.of(SMOKE, QUICK, FULL);
    }

    /**
     * @return the preset of that name
     * @throws IllegalArgumentException listing the names if none matches
     */
    public static ReusePreset named(String name) {
        return all().stream().filter(p -> p.name().equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no preset '" + name + "'; known: "
                        + all().stream().map(ReusePreset::name).toList()));
    }

    /** @return the source's configuration for a vocabulary */
    public BertConfig source(int vocab) {
        return bert(vocab, sourceHidden);
    }

    /** @return the target's configuration for a vocabulary */
    public BertConfig target(int vocab) {
        return bert(vocab, targetHidden);
    }

    private BertConfig bert(int vocab, int hidden) {
        return new BertConfig(vocab, hidden, layers, hidden / headSize, 4 * hidden, Activation.GELU, 0f, 0f,
                shape.length(), 2, 1e-12f, 0.02f);
    }

    /**
     * The study of this preset: warm-up over 10 % of each run, Knowledge Inheritance's {@code T_KI} at 44 % of its
     * steps with temperature 2 (the paper's script), bert2BERT's first stage over 10 % of the scratch steps.
     *
     * @param vocab           the corpus's vocabulary size
     * @param arms            the arms besides scratch
     * @param learningRates   the sweep (one rate: no sweep)
     * @param seeds           seeds per arm
     * @param checkpointEvery checkpoint interval in steps (0: only at the end of each run and when cancelled)
     */
    public ReuseStudy study(int vocab, List<Arm> arms, List<Float> learningRates, int seeds, int checkpointEvery) {
        return new ReuseStudy(source(vocab), target(vocab), sourceSteps, sourceLr, scratchSteps, learningRates,
                Map.of(), 0.1, seeds, arms, 0.44, 2f, 0.1, evalEvery, checkpointEvery);
    }
}
