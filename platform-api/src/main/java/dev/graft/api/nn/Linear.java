package dev.graft.api.nn;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;
import java.util.Random;

/**
 * {@code y = x·Wᵀ + b} with PyTorch's {@code [out, in]} weight layout (parameters {@code weight}, {@code bias}).
 * Weights start from {@code N(0, std²)}, biases from zero.
 */
public final class Linear extends Module {
    private final int in;
    private final int out;

    /**
     * @param bias whether the layer has a bias
     * @param std  standard deviation of the initial weights
     */
    public Linear(ComputeBackend backend, int in, int out, boolean bias, Random rng, float std) {
        this.in = in;
        this.out = out;
        registerParameter("weight", Tensor.randn(backend, rng, std, out, in));
        if (bias) {
            registerParameter("bias", Tensor.zeros(backend, out));
        }
    }

    /** @param x {@code [..., in]} @return {@code [..., out]} */
    public Tensor forward(Tensor x) {
        return hook(Functional.linear(x, param("weight"), param("bias")));
    }

    /** @return input features */
    public int inFeatures() {
        return in;
    }

    /** @return output features */
    public int outFeatures() {
        return out;
    }
}
