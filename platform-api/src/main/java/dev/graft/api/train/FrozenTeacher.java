package dev.graft.api.train;

import dev.graft.api.nn.Module;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.Tensor;
import java.util.Objects;
import java.util.function.Function;

/**
 * A teacher model that is only ever run for its logits: in evaluation mode (no dropout, so its targets are not
 * noisy) and inside {@link NoGrad} (no graph, no gradient reaches its parameters). The model is put in
 * evaluation mode on construction and again before every forward pass, in case other code switched it.
 *
 * @param <B> the batch type the forward function takes
 */
public final class FrozenTeacher<B> {
    private final Module model;
    private final Function<B, Tensor> forward;

    /**
     * @param model   the teacher
     * @param forward runs {@code model} on a batch and returns its logits ({@code [..., V]})
     */
    public FrozenTeacher(Module model, Function<B, Tensor> forward) {
        this.model = Objects.requireNonNull(model, "model");
        this.forward = Objects.requireNonNull(forward, "forward");
        model.eval();
    }

    /** @return the teacher's logits on a batch, detached from any graph */
    public Tensor logits(B batch) {
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            return forward.apply(batch).detach();
        }
    }

    /** @return the teacher model */
    public Module model() {
        return model;
    }
}
