package dev.graft.api.train;

/**
 * One evaluation of a training run: the validation loss after {@code step} optimizer updates and the training
 * compute spent to get there.
 *
 * @param step             completed optimizer updates
 * @param flops            training compute so far, without the source model's own pre-training
 * @param flopsWithSource  training compute so far, including the source model's pre-training
 * @param loss             the validation loss
 */
public record CurvePoint(int step, long flops, long flopsWithSource, double loss) {
}
