package dev.graft.api.nn;

import dev.graft.api.tensor.AttentionOptions;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;
import java.util.Random;

/**
 * Multi-head attention with separate query, key, value and output projections (children {@code query},
 * {@code key}, {@code value}, {@code out}), using the fused attention kernel. The model families use their own
 * attention modules so that their checkpoint keys match Hugging Face's; this one is for new models.
 */
public final class MultiHeadAttention extends Module {
    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear out;

    public MultiHeadAttention(ComputeBackend backend, int dim, int heads, Random rng, float std) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dimension " + dim + " is not divisible by " + heads + " heads");
        }
        this.heads = heads;
        query = registerModule("query", new Linear(backend, dim, dim, true, rng, std));
        key = registerModule("key", new Linear(backend, dim, dim, true, rng, std));
        value = registerModule("value", new Linear(backend, dim, dim, true, rng, std));
        out = registerModule("out", new Linear(backend, dim, dim, true, rng, std));
    }

    /**
     * @param x       queries {@code [B, Tq, dim]}
     * @param context keys and values {@code [B, Tk, dim]} (pass {@code x} for self-attention)
     */
    public Tensor forward(Tensor x, Tensor context, AttentionOptions options) {
        Tensor a = Functional.attention(query.forward(x), key.forward(context), value.forward(context), heads, options);
        return hook(out.forward(a));
    }
}
