package dev.graft.api.train.reuse;

import dev.graft.api.train.LossCurve;
import java.util.OptionalDouble;

/**
 * The compute a method needs to reach the scratch run's final validation loss, against what scratch needs
 * (bert2BERT's and Knowledge Inheritance's measure of saving): {@code saved = 1 − flops_method / flops_scratch},
 * both read from validation curves at the first point where the loss reaches the target (interpolated linearly
 * in compute between evaluations).
 *
 * @param target            the scratch run's final validation loss
 * @param scratchFlops      the compute at which the scratch run first reaches it
 * @param methodFlops       the compute at which the method reaches it, without the source's pre-training; empty if
 *                          it never does within its budget
 * @param methodFlopsWithSource the same including the source's pre-training
 */
public record Savings(double target, double scratchFlops, OptionalDouble methodFlops,
                      OptionalDouble methodFlopsWithSource) {

    /** Compares a method's curve with the scratch run's of the same seed. */
    public static Savings of(LossCurve scratch, LossCurve method) {
        double target = scratch.finalLoss();
        double s = scratch.flopsToReach(target, false).orElseThrow();
        return new Savings(target, s, method.flopsToReach(target, false), method.flopsToReach(target, true));
    }

    /** @return whether the method reached the target */
    public boolean reached() {
        return methodFlops.isPresent();
    }

    /** @return the fraction of scratch's compute saved, without the source's pre-training; empty if not reached */
    public OptionalDouble saved() {
        return methodFlops.isPresent() ? OptionalDouble.of(1 - methodFlops.getAsDouble() / scratchFlops)
                : OptionalDouble.empty();
    }

    /** @return the fraction saved counting the source's pre-training as spent; empty if not reached */
    public OptionalDouble savedWithSource() {
        return methodFlopsWithSource.isPresent()
                ? OptionalDouble.of(1 - methodFlopsWithSource.getAsDouble() / scratchFlops) : OptionalDouble.empty();
    }
}
