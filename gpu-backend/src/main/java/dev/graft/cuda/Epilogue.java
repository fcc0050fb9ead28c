package dev.graft.cuda;

/**
 * What {@link CudaBackend#gemmEpilogue} applies to a product before writing it, fused into the GEMM by
 * cuBLASLt where the shapes allow (else as separate kernels, with the same result).
 */
public enum Epilogue {
    /** {@code C = A·B (+ bias)}. */
    BIAS,
    /** {@code C = gelu_tanh(A·B + bias)}; the bias may be null. */
    GELU,
    /**
     * {@code C = gelu_tanh(A·B + bias)} and {@code aux = A·B + bias}, the pre-activation the backward pass
     * needs (aux has C's shape).
     */
    GELU_AUX
}
