package dev.graft.api.train.reuse;

import java.util.List;

/**
 * A value over seeds: mean, sample standard deviation ({@code n − 1}; 0 for one seed), minimum and maximum, and
 * how many seeds had a value at all.
 *
 * @param mean  the mean of the present values (NaN if none)
 * @param std   their sample standard deviation
 * @param min   the smallest
 * @param max   the largest
 * @param count how many seeds had a value
 * @param of    how many seeds there were
 */
public record Spread(double mean, double std, double min, double max, int count, int of) {
    /** @return the spread of the present values among {@code of} seeds */
    public static Spread of(List<Double> values, int of) {
        int n = values.size();
        if (n == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, of);
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / n;
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        return new Spread(mean, n > 1 ? Math.sqrt(sq / (n - 1)) : 0.0, min, max, n, of);
    }
}
