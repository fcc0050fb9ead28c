package dev.graft.api.train;

/**
 * What one optimizer update did.
 *
 * @param step         the 0-based update count of this step
 * @param loss         the total loss
 * @param lm           its language-modelling part
 * @param kd           its distillation part (0 without a teacher)
 * @param alpha        the distillation weight
 * @param learningRate the learning rate used
 * @param gradNorm     the global gradient norm before clipping
 * @param flops        training compute after this step, without the source's pre-training
 */
public record StepMetrics(int step, double loss, double lm, double kd, double alpha, double learningRate,
                          double gradNorm, long flops) {
}
