package dev.graft.api.nn;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;
import java.util.Random;

/** A lookup table {@code [num, dim]} (parameter {@code weight}) indexed by I32 ids. */
public final class Embedding extends Module {
    /** @param std standard deviation of the initial rows */
    public Embedding(ComputeBackend backend, int num, int dim, Random rng, float std) {
        registerParameter("weight", Tensor.randn(backend, rng, std, num, dim));
    }

    /** @param ids I32 of any shape @return {@code ids.shape + [dim]} */
    public Tensor forward(Tensor ids) {
        return hook(Functional.embedding(param("weight"), ids));
    }

    /** @return the table, shared with a tied output head */
    public Tensor weight() {
        return param("weight");
    }
}
