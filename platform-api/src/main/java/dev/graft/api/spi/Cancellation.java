package dev.graft.api.spi;

/**
 * The cancellation signal of a run, set by the host when the user presses Ctrl-C. A long-running extension
 * checks it between steps, saves a checkpoint if it has unsaved progress, and returns or throws
 * {@link RunCancelledException}; the host then records the run as interrupted, keeping its last checkpoint, and
 * {@code graft run --resume DIR} continues it.
 */
public interface Cancellation {
    /** @return whether the run has been asked to stop */
    boolean isCancelled();

    /**
     * @throws RunCancelledException if the run has been asked to stop
     */
    default void throwIfCancelled() {
        if (isCancelled()) {
            throw new RunCancelledException();
        }
    }
}
