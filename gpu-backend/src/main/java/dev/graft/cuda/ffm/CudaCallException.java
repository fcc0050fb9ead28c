package dev.graft.cuda.ffm;

/**
 * A CUDA, NVRTC or cuBLAS call returned an error status. The message names the call, the numeric status and
 * its symbolic name (for example {@code cuMemAlloc_v2 failed: 2 CUDA_ERROR_OUT_OF_MEMORY (out of memory)}).
 */
public class CudaCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final int status;

    /**
     * @param call    the C function
     * @param status  its status code
     * @param name    the symbolic name of the status
     * @param detail  a longer explanation, or {@code null}
     */
    public CudaCallException(String call, int status, String name, String detail) {
        super(call + " failed: " + status + " " + name + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
        this.call = call;
        this.status = status;
    }

    /** @return the C function that failed */
    public String call() {
        return call;
    }

    /** @return the status code it returned */
    public int status() {
        return status;
    }
}
