package dev.graft.api.nn;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;

/** Root-mean-square normalisation without bias or centring (T5), parameter {@code weight} (ones). */
public final class RMSNorm extends Module {
    private final float eps;

    public RMSNorm(ComputeBackend backend, int dim, float eps) {
        this.eps = eps;
        registerParameter("weight", Tensor.full(backend, 1f, dim));
    }

    /** @param x {@code [..., dim]} */
    public Tensor forward(Tensor x) {
        return hook(Functional.rmsNorm(x, param("weight"), eps));
    }
}
