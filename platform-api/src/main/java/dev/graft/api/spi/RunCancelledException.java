package dev.graft.api.spi;

/**
 * Thrown by an extension (usually through {@link Cancellation#throwIfCancelled()}) to stop a run the user
 * cancelled. The host treats it as a clean stop, not as a failure.
 */
public class RunCancelledException extends RuntimeException {
    /** Creates the exception with a standard message. */
    public RunCancelledException() {
        super("run cancelled");
    }
}
