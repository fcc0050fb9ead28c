package dev.graft.api.train.reuse;

import dev.graft.api.model.bert.BertConfig;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a reuse study does, beside its data and seed. Immutable; its {@link #toString()} is part of the
 * study's identity, so a run resumes only under an equal study.
 *
 * @param source             the small model's configuration
 * @param target             the large model's configuration (same vocabulary and positions)
 * @param sourceSteps        pre-training steps of the source
 * @param sourceLr           the source's peak learning rate
 * @param scratchSteps       steps of the scratch run; its compute is the budget every other arm gets
 * @param learningRates      the peak learning rates every arm is swept over on the first seed; each arm then
 *                           uses its best one (lowest final validation loss) on every seed
 * @param fixedRates         arms that skip the sweep and run at a given peak learning rate (for example rates
 *                           found by an earlier sweep); empty for a full sweep
 * @param warmupFraction     linear warm-up as a fraction of each run's steps, then linear decay to 0
 * @param seeds              how many seeds each arm runs at its chosen learning rate, {@code >= 1}
 * @param arms               the arms besides {@link Arm#SCRATCH}, which always runs
 * @param kiFraction         Knowledge Inheritance's {@code T_KI} as a fraction of the run's steps (the paper's
 *                           script: 55k of 125k, 0.44)
 * @param kiTemperature      the distillation temperature (the paper's script: 2)
 * @param firstStageFraction bert2BERT's first stage (sub-structure training) as a fraction of the scratch steps
 * @param evalEvery          validate every this many steps
 * @param checkpointEvery    checkpoint every this many steps (0: only when cancelled and at the end of a run)
 */
public record ReuseStudy(BertConfig source, BertConfig target, int sourceSteps, float sourceLr, int scratchSteps,
                         List<Float> learningRates, Map<Arm, Float> fixedRates, double warmupFraction, int seeds,
                         List<Arm> arms, double kiFraction, float kiTemperature, double firstStageFraction, int evalEvery,
                         int checkpointEvery) {
    public ReuseStudy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        learningRates = List.copyOf(learningRates);
        EnumMap<Arm, Float> rates = new EnumMap<>(Arm.class);
        rates.putAll(fixedRates);
        fixedRates = Collections.unmodifiableMap(rates);
        for (Map.Entry<Arm, Float> e : fixedRates.entrySet()) {
            if (!(e.getValue() > 0f)) {
                throw new IllegalArgumentException("fixed learning rate of " + e.getKey() + " must be positive, got "
                        + e.getValue());
            }
        }
        arms = List.copyOf(arms);
        if (source.vocabSize() != target.vocabSize()
                || source.maxPositionEmbeddings() != target.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("source and target must share vocab_size and max_position_embeddings: "
                    + source.vocabSize() + "/" + source.maxPositionEmbeddings() + " vs " + target.vocabSize() + "/"
                    + target.maxPositionEmbeddings());
        }
        if (sourceSteps < 1 || scratchSteps < 1 || seeds < 1 || evalEvery < 1 || checkpointEvery < 0) {
            throw new IllegalArgumentException("sourceSteps, scratchSteps, seeds and evalEvery must be >= 1 and"
                    + " checkpointEvery >= 0");
        }
        if (learningRates.isEmpty() || learningRates.stream().anyMatch(lr -> !(lr > 0f))) {
            throw new IllegalArgumentException("learningRates must be positive and not empty, got " + learningRates);
        }
        if (arms.contains(Arm.SCRATCH) || arms.size() != arms.stream().distinct().count()) {
            throw new IllegalArgumentException("arms lists each non-scratch arm once (scratch always runs), got "
                    + arms);
        }
        if (!(warmupFraction >= 0 && warmupFraction < 1) || !(kiFraction > 0 && kiFraction <= 1)
                || !(firstStageFraction >= 0 && firstStageFraction < 1) || !(kiTemperature > 0f)) {
            throw new IllegalArgumentException("warmupFraction and firstStageFraction must be in [0, 1), kiFraction in"
                    + " (0, 1] and kiTemperature > 0");
        }
    }

    /** @return this study with other step counts for the source's pre-training and the scratch run */
    public ReuseStudy withSteps(int sourceSteps, int scratchSteps) {
        return new ReuseStudy(source, target, sourceSteps, sourceLr, scratchSteps, learningRates, fixedRates,
                warmupFraction, seeds, arms, kiFraction, kiTemperature, firstStageFraction, evalEvery, checkpointEvery);
    }

    /** @return this study with another Knowledge Inheritance horizon fraction and temperature */
    public ReuseStudy withKnowledgeInheritance(double fraction, float temperature) {
        return new ReuseStudy(source, target, sourceSteps, sourceLr, scratchSteps, learningRates, fixedRates,
                warmupFraction, seeds, arms, fraction, temperature, firstStageFraction, evalEvery, checkpointEvery);
    }

    /** @return this study with another bert2BERT first-stage fraction */
    public ReuseStudy withFirstStage(double fraction) {
        return new ReuseStudy(source, target, sourceSteps, sourceLr, scratchSteps, learningRates, fixedRates,
                warmupFraction, seeds, arms, kiFraction, kiTemperature, fraction, evalEvery, checkpointEvery);
    }

    /** @return this study with arms that run at fixed learning rates instead of the sweep */
    public ReuseStudy withFixedRates(Map<Arm, Float> rates) {
        return new ReuseStudy(source, target, sourceSteps, sourceLr, scratchSteps, learningRates, rates, warmupFraction,
                seeds, arms, kiFraction, kiTemperature, firstStageFraction, evalEvery, checkpointEvery);
    }

    /** @return the learning rates an arm runs on the first seed: its fixed rate, or the whole sweep */
    public List<Float> ratesFor(Arm arm) {
        Float fixed = fixedRates.get(arm);
        return fixed != null ? List.of(fixed) : learningRates;
    }

    /** @return scratch followed by the other arms, in the order they run */
    public List<Arm> allArms() {
        List<Arm> all = new java.util.ArrayList<>();
        all.add(Arm.SCRATCH);
        all.addAll(arms);
        return all;
    }
}
