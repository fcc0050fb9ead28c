package dev.graft.api.train.reuse;

import dev.graft.api.train.ComputeLedger;
import dev.graft.api.train.LossCurve;
import java.util.Objects;

/**
 * One finished training run of a study.
 *
 * @param arm          the method
 * @param learningRate its peak learning rate
 * @param seed         the seed index ({@code 0} is the seed the learning-rate sweep runs on)
 * @param steps        the optimizer updates it was given (equal compute to the scratch run)
 * @param curve        validation loss against training compute
 * @param compute      its ledger at the end (growth, teacher forwards, warm-up stage and source included)
 */
public record ArmRun(Arm arm, float learningRate, int seed, int steps, LossCurve curve,
                     ComputeLedger.Report compute) {
    public ArmRun {
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(compute, "compute");
    }

    /** @return the id of the run: {@code <arm>-lr<rate>-seed<k>} */
    public String id() {
        return id(arm, learningRate, seed);
    }

    /** @return the id of the run of an arm at a learning rate and seed index */
    public static String id(Arm arm, float learningRate, int seed) {
        return arm.label() + "-lr" + learningRate + "-seed" + seed;
    }
}
