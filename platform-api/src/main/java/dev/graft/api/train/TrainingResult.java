package dev.graft.api.train;

import java.util.Objects;

/**
 * How a {@link Trainer#run} ended.
 *
 * @param status    whether it completed or was cancelled
 * @param steps     completed optimizer updates
 * @param curve     every evaluation, including those before a resume
 * @param compute   the ledger at the end
 */
public record TrainingResult(Status status, int steps, LossCurve curve, ComputeLedger.Report compute) {
    /** How a run ended. */
    public enum Status {
        /** Every configured step ran. */
        COMPLETED,
        /** The cancellation flag was seen between steps; a checkpoint was saved if a store was given. */
        CANCELLED
    }

    public TrainingResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(compute, "compute");
    }
}
