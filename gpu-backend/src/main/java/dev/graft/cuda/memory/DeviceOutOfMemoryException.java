package dev.graft.cuda.memory;

/** The GPU has no room for an allocation even after the allocator returned its whole cache to the driver. */
public final class DeviceOutOfMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the request and the allocator's state */
    public DeviceOutOfMemoryException(String message) {
        super(message);
    }
}
