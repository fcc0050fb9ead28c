package dev.graft.api.spi;

/**
 * Progress of the current phase of a run. The host shows it as a bar with rate and estimated time left when
 * standard error is a terminal, and as occasional lines otherwise. Calls are cheap; an extension may call
 * {@link #advance(long)} every step.
 */
public interface ProgressReporter {
    /** A reporter that shows nothing. */
    ProgressReporter NONE = new ProgressReporter() {
        @Override
        public void begin(String phase, long totalSteps) {
        }

        @Override
        public void advance(long steps) {
        }

        @Override
        public void end() {
        }
    };

    /**
     * Starts a phase, ending the previous one if any.
     *
     * @param phase      a short label, e.g. {@code train}
     * @param totalSteps the number of steps, {@code > 0}
     */
    void begin(String phase, long totalSteps);

    /**
     * Records finished steps of the current phase.
     *
     * @param steps the number of steps just finished, {@code >= 0}
     */
    void advance(long steps);

    /** Ends the current phase. Does nothing when no phase is running. */
    void end();
}
