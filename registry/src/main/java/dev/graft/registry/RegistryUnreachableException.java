package dev.graft.registry;

import java.io.IOException;

/**
 * A registry could not be reached: the connection was refused, its host name does not resolve, or it did not
 * answer in time. The message names the URL and the reason; nothing was changed on disk.
 */
public final class RegistryUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the URL and the reason
     * @param cause   the network failure
     */
    public RegistryUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
