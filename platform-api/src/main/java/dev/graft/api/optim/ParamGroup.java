package dev.graft.api.optim;

import dev.graft.api.tensor.Tensor;
import java.util.List;

/**
 * Parameters that share a weight decay (for example: no decay on biases and norm weights).
 *
 * @param params      the parameters
 * @param weightDecay their decoupled weight decay
 */
public record ParamGroup(List<Tensor> params, float weightDecay) {
    public ParamGroup {
        params = List.copyOf(params);
    }
}
