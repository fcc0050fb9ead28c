package dev.graft.api.train;

import dev.graft.api.tensor.Tensor;

/**
 * What a {@link Trainer} minimises on each batch. The trainer books the compute of each call to a
 * {@link ComputeLedger}: {@link #teacherLogits} as {@link ComputeLedger.Category#TEACHER_FORWARD},
 * {@link #loss} as {@link ComputeLedger.Category#STUDENT_FORWARD} and the backward pass of its result as
 * {@link ComputeLedger.Category#STUDENT_BACKWARD}, or the whole step as {@link ComputeLedger.Category#WARMUP}
 * when {@link #isWarmup} says so.
 *
 * <p>An objective must be deterministic: the same batch and step give the same bits (its randomness, if any,
 * is a function of the step). Not thread-safe.
 *
 * @param <B> the batch type
 */
public interface Objective<B> {
    /**
     * The frozen teacher's logits for a batch, or {@code null} when this step needs none (no teacher, or an
     * inheritance rate of 0). The default has no teacher.
     *
     * @param batch the batch
     * @param step  the 0-based optimizer update count
     * @return logits that require no gradient, or {@code null}
     */
    default Tensor teacherLogits(B batch, int step) {
        return null;
    }

    /**
     * The student's loss on a batch, built with autograd.
     *
     * @param batch         the batch
     * @param teacherLogits what {@link #teacherLogits} returned for this batch and step
     * @param step          the 0-based optimizer update count
     * @return the loss and its parts
     */
    StepLoss loss(B batch, Tensor teacherLogits, int step);

    /**
     * @param step the 0-based optimizer update count
     * @return whether this step belongs to a warm-up phase that precedes the main training (bert2BERT's first
     *         stage); the default is {@code false}
     */
    default boolean isWarmup(int step) {
        return false;
    }
}
