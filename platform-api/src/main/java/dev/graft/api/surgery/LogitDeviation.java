package dev.graft.api.surgery;

import dev.graft.api.tensor.Tensor;
import java.util.Arrays;

/**
 * How far a grown model's logits are from its source's on the same input.
 *
 * @param maxAbs         the largest absolute difference
 * @param meanAbs        the mean absolute difference
 * @param top1Agreement  the fraction of positions whose highest-scoring token is the same
 */
public record LogitDeviation(double maxAbs, double meanAbs, double top1Agreement) {

    /**
     * @param expected logits {@code [..., V]} of the source
     * @param actual   logits of the grown model, same shape
     * @throws IllegalArgumentException if the shapes differ
     */
    public static LogitDeviation between(Tensor expected, Tensor actual) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new IllegalArgumentException("logits of shape " + Arrays.toString(expected.shape())
                    + " and " + Arrays.toString(actual.shape()) + " cannot be compared");
        }
        float[] a = expected.toFloatArray();
        float[] b = actual.toFloatArray();
        int v = expected.size(-1);
        double max = 0;
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            max = Math.max(max, d);
            sum += d;
        }
        int rows = a.length / Math.max(v, 1);
        int agree = 0;
        for (int r = 0; r < rows; r++) {
            if (argmax(a, r * v, v) == argmax(b, r * v, v)) {
                agree++;
            }
        }
        return new LogitDeviation(max, a.length == 0 ? 0 : sum / a.length, rows == 0 ? 1 : (double) agree / rows);
    }

    private static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > x[off + best]) {
                best = i;
            }
        }
        return best;
    }
}
