package dev.graft.api.surgery;

import dev.graft.api.nn.Module;

/**
 * A grown model with what it took to make it.
 *
 * @param model     the new model, of the source's family with the target configuration, in the source's training/evaluation mode
 * @param mapping   how each of its parameters was computed (carries optimizer state over)
 * @param exactness whether it preserves the source's function by construction, and why not
 * @param flops     the arithmetic of the growth itself: one multiply per element produced from the source and
 *                  one add per noise sample (growth runs no matrix products)
 * @param <M>       the model family
 */
public record GrowthResult<M extends Module>(M model, GrowthMapping mapping, Exactness exactness, long flops) {
}
