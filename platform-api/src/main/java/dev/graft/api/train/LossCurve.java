package dev.graft.api.train;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Validation loss against training compute: the evaluations of one run in step order. This is what every
 * "compute saved" figure is read from. Immutable.
 *
 * @param points the evaluations, steps increasing
 */
public record LossCurve(List<CurvePoint> points) {
    public LossCurve {
        points = List.copyOf(points);
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).step() <= points.get(i - 1).step()) {
                throw new IllegalArgumentException("curve steps must increase: step " + points.get(i).step()
                        + " follows " + points.get(i - 1).step());
            }
        }
    }

    /**
     * @return the last validation loss
     * @throws IllegalStateException if the curve is empty
     */
    public double finalLoss() {
        return last().loss();
    }

    /**
     * @return the last point
     * @throws IllegalStateException if the curve is empty
     */
    public CurvePoint last() {
        if (points.isEmpty()) {
            throw new IllegalStateException("the curve has no evaluation");
        }
        return points.getLast();
    }

    /**
     * The training compute at which the validation loss first reaches {@code target}: the compute of the first
     * evaluation at or below it, interpolated linearly (in compute) from the evaluation before it, which was
     * above. A curve that starts at or below the target reaches it at its first point's compute.
     *
     * @param target           the loss to reach
     * @param includeSource    whether the compute includes the source model's pre-training
     * @return the compute, or empty if no evaluation reaches the target
     */
    public OptionalDouble flopsToReach(double target, boolean includeSource) {
        for (int i = 0; i < points.size(); i++) {
            CurvePoint p = points.get(i);
            if (p.loss() <= target) {
                double x = flops(p, includeSource);
                if (i == 0) {
                    return OptionalDouble.of(x);
                }
                CurvePoint q = points.get(i - 1);
                double x0 = flops(q, includeSource);
                double f = (q.loss() - target) / (q.loss() - p.loss());
                return OptionalDouble.of(x0 + f * (x - x0));
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * @return the validation loss at a given compute, interpolated linearly between the evaluations around it;
     *         empty outside the curve's range
     */
    public OptionalDouble lossAt(double flops, boolean includeSource) {
        for (int i = 0; i < points.size(); i++) {
            CurvePoint p = points.get(i);
            double x = flops(p, includeSource);
            if (x >= flops) {
                if (x == flops || i == 0) {
                    return x == flops ? OptionalDouble.of(p.loss()) : OptionalDouble.empty();
                }
                CurvePoint q = points.get(i - 1);
                double x0 = flops(q, includeSource);
                return OptionalDouble.of(q.loss() + (flops - x0) / (x - x0) * (p.loss() - q.loss()));
            }
        }
        return OptionalDouble.empty();
    }

    private static double flops(CurvePoint p, boolean includeSource) {
        return includeSource ? p.flopsWithSource() : p.flops();
    }
}
