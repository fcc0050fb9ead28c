package dev.graft.api.nn;

import dev.graft.api.tensor.DropoutRng;
import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.Tensor;

/**
 * Inverted dropout, active in training mode only. Masks come from the model's {@link DropoutRng}, so a run
 * is reproducible from its seed on every backend.
 */
public final class Dropout extends Module {
    private final float p;
    private final DropoutRng rng;

    /**
     * @param p   the drop probability in {@code [0, 1)}
     * @param rng the model's mask stream
     */
    public Dropout(float p, DropoutRng rng) {
        if (p < 0f || p >= 1f) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    /** @return the mask stream this layer draws from (shared by the model's dropout layers; checkpoints save its counter) */
    public DropoutRng rng() {
        return rng;
    }

    public Tensor forward(Tensor x) {
        return hook(isTraining() && p > 0f ? Functional.dropout(x, p, rng) : x);
    }
}
