package dev.graft.api.train;

/**
 * The held-out measure a {@link Trainer} tracks: for pre-training, the masked-language-modelling
 * cross-entropy on a fixed validation set. The trainer calls it with the model in evaluation mode and inside
 * {@link dev.graft.api.tensor.NoGrad}, and books its compute as {@link ComputeLedger.Category#EVALUATION}
 * (never training compute). It must be deterministic and must not change the model.
 */
@FunctionalInterface
public interface Validation {
    /** @return the validation loss of the model as it is now */
    double loss();
}
