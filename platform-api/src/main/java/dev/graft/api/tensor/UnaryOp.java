package dev.graft.api.tensor;

/** Elementwise functions of one argument for {@link ComputeBackend#unary}. */
public enum UnaryOp {
    EXP, LOG, SQRT, RSQRT, RECIPROCAL, SQUARE, ABS, TANH, SIGMOID, RELU, SILU,
    /** GELU with the exact error function: {@code x·Φ(x)}. */
    GELU_ERF,
    /** GELU with the tanh approximation ({@code gelu_new} in Hugging Face). */
    GELU_TANH
}
