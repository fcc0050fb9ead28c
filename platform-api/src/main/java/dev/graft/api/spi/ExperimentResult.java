package dev.graft.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * What an experiment reports when it finishes: a short summary in words and its headline numbers.
 *
 * @param summary  one or a few sentences for the report, plain text
 * @param headline the numbers the report shows first, in order
 */
public record ExperimentResult(String summary, List<Metric> headline) {
    /**
     * A named number.
     *
     * @param name  the metric's name
     * @param value its value
     */
    public record Metric(String name, double value) {
        public Metric {
            Objects.requireNonNull(name);
        }
    }

    public ExperimentResult {
        Objects.requireNonNull(summary);
        headline = List.copyOf(headline);
    }
}
