package dev.graft.api.nn;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;
import java.util.Random;

/**
 * GPT-2's linear layer, {@code y = x·W + b}, with the {@code [in, out]} weight layout OpenAI's checkpoints use
 * (Hugging Face keeps the name {@code Conv1D}; so do we, so that {@code c_attn.weight} loads unchanged).
 */
public final class Conv1D extends Module {
    /** @param std standard deviation of the initial weights */
    public Conv1D(ComputeBackend backend, int in, int out, Random rng, float std) {
        registerParameter("weight", Tensor.randn(backend, rng, std, in, out));
        registerParameter("bias", Tensor.zeros(backend, out));
    }

    /** @param x {@code [..., in]} @return {@code [..., out]} */
    public Tensor forward(Tensor x) {
        return hook(Functional.addmm(x, param("weight"), param("bias")));
    }
}
