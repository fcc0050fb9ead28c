package dev.graft.api.optim;

/**
 * Updates parameters from their accumulated gradients. Parameters without a gradient are skipped.
 * Not thread-safe.
 */
public interface Optimizer {
    /** Applies one update with the current learning rate. */
    void step();

    /** Clears the gradients of every parameter this optimizer updates. */
    void zeroGrad();

    /** @return the learning rate the next {@link #step()} uses */
    float learningRate();

    /** Sets the learning rate of the next steps (schedules call this before each step). */
    void setLearningRate(float lr);
}
