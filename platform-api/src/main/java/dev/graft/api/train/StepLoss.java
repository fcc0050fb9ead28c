package dev.graft.api.train;

import dev.graft.api.tensor.Tensor;
import java.util.Objects;

/**
 * The loss of one training step and what it is made of.
 *
 * @param total     the scalar to backpropagate
 * @param lm        the language-modelling cross-entropy, mean over predicted positions
 * @param kd        the distillation term ({@code T²·KL}) or 0 when there is none
 * @param alpha     the weight of the distillation term (0 without one)
 * @param predicted the number of predicted positions
 */
public record StepLoss(Tensor total, float lm, float kd, double alpha, int predicted) {
    public StepLoss {
        Objects.requireNonNull(total, "total");
        if (total.numel() != 1) {
            throw new IllegalArgumentException("a step loss must be a scalar, got " + total.numel() + " elements");
        }
    }

    /** @return a plain language-modelling loss */
    public static StepLoss lm(Tensor loss, int predicted) {
        return new StepLoss(loss, loss.item(), 0f, 0.0, predicted);
    }

    /** @return a Knowledge Inheritance loss */
    public static StepLoss of(KnowledgeInheritance.Loss loss) {
        return new StepLoss(loss.total(), loss.lm(), loss.kd(), loss.alpha(), loss.count());
    }
}
