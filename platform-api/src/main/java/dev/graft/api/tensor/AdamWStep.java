package dev.graft.api.tensor;

/**
 * Hyper-parameters of one {@link ComputeBackend#adamw} step.
 *
 * @param lr          learning rate
 * @param beta1       first-moment decay
 * @param beta2       second-moment decay
 * @param eps         denominator epsilon
 * @param weightDecay decoupled weight decay
 * @param step        1-based step number, for the bias corrections
 */
public record AdamWStep(float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
    public AdamWStep {
        if (step < 1) {
            throw new IllegalArgumentException("AdamW step must be >= 1, got " + step);
        }
    }
}
