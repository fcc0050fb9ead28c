package dev.graft.api.spi;

/**
 * Receives the numbers a run produces. The host writes each to {@code metrics.jsonl} as one JSON line
 * ({@code {"step":10,"name":"loss","value":2.31}}), plots every metric against its step and puts the last value
 * of each in the report. Not thread-safe: log from the run's thread.
 */
public interface MetricsSink {
    /**
     * Logs one value.
     *
     * @param step  the step the value belongs to, {@code >= 0}; steps of one metric increase
     * @param name  the metric's name, {@code [A-Za-z0-9_.\-/]+}
     * @param value the value; NaN and infinities are recorded as {@code null} and not plotted
     * @throws IllegalArgumentException if the name or step is not accepted
     */
    void log(long step, String name, double value);
}
