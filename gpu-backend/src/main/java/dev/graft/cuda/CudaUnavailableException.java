package dev.graft.cuda;

/**
 * CUDA was asked for, but this machine cannot provide it: no driver, no GPU, a missing library or an
 * unknown device index. The message is the whole story for the user: what was asked for, what was looked
 * for (libraries, directories, environment variables, system properties) and what was found.
 */
public final class CudaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CudaReport report;

    /**
     * @param message the explanation
     * @param report  the probe behind it
     */
    public CudaUnavailableException(String message, CudaReport report) {
        super(message);
        this.report = report;
    }

    /** @return the probe result the refusal is based on */
    public CudaReport report() {
        return report;
    }
}
