package dev.graft.cuda.ffm;

/** A CUDA library is missing, cannot be loaded, or lacks a function the backend needs. */
public final class CudaLibraryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the library file and the symbol or path */
    public CudaLibraryException(String message) {
        super(message);
    }
}
