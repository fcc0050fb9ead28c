package dev.graft.api.nn;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;

/** Layer normalisation over the last axis with parameters {@code weight} (ones) and {@code bias} (zeros). */
public final class LayerNorm extends Module {
    private final float eps;

    public LayerNorm(ComputeBackend backend, int dim, float eps) {
        this.eps = eps;
        registerParameter("weight", Tensor.full(backend, 1f, dim));
        registerParameter("bias", Tensor.zeros(backend, dim));
    }

    /** @param x {@code [..., dim]} */
    public Tensor forward(Tensor x) {
        return hook(Functional.layerNorm(x, param("weight"), param("bias"), eps));
    }
}
