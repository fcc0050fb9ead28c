package dev.graft.api.optim;

import dev.graft.api.tensor.Tensor;
import dev.graft.api.tensor.TensorScope;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum and (coupled) weight decay, as {@code torch.optim.SGD} with
 * dampening 0: {@code g ← g + wd·p; buf ← μ·buf + g; p ← p − lr·buf} (the first step sets {@code buf = g}).
 */
public final class Sgd implements Optimizer {
    private final List<Tensor> params;
    private final float momentum;
    private final float weightDecay;
    private float lr;
    private final Map<Tensor, Tensor> buffers = new IdentityHashMap<>();

    public Sgd(List<Tensor> params, float lr, float momentum, float weightDecay) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step() {
        for (Tensor p : params) {
            Tensor grad = p.grad();
            if (grad == null) {
                continue;
            }
            var be = p.backend();
            long n = p.numel();
            Tensor g = Tensor.zeros(be, p.shape());
            be.axpy(1f, grad.storage(), g.storage(), n);
            if (weightDecay != 0f) {
                be.axpy(weightDecay, p.storage(), g.storage(), n);
            }
            if (momentum != 0f) {
                Tensor buf = buffers.get(p);
                if (buf == null) {
                    buffers.put(p, TensorScope.escape(g));
                } else {
                    be.affine(buf.storage(), momentum, 0f, buf.storage(), n);
                    be.axpy(1f, g.storage(), buf.storage(), n);
                    g = buf;
                }
            }
            be.axpy(-lr, g.storage(), p.storage(), n);
        }
    }

    @Override
    public void zeroGrad() {
        params.forEach(Tensor::zeroGrad);
    }

    @Override
    public float learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(float value) {
        this.lr = value;
    }
}
