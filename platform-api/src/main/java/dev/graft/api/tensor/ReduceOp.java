package dev.graft.api.tensor;

/** Reductions along one axis for {@link ComputeBackend#reduce}. */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN
}
