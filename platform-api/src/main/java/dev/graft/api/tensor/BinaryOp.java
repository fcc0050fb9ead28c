package dev.graft.api.tensor;

/** Elementwise functions of two arguments for {@link ComputeBackend#binary}. Comparisons give 1 or 0. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN, EQ, GT, LT
}
