package dev.graft.api.optim;

import dev.graft.api.tensor.AdamWStep;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.Tensor;
import dev.graft.api.tensor.TensorScope;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay, with {@code torch.optim.AdamW}'s arithmetic (the step is the fused
 * {@link dev.graft.api.tensor.ComputeBackend#adamw} kernel). Moments are allocated on first use, on the
 * parameter's backend, and can be read or replaced for checkpoints and for carrying optimizer state across
 * model growth.
 */
public final class AdamW implements Optimizer {
    private final List<ParamGroup> groups;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private float lr;
    private int step;
    private final Map<Tensor, Tensor[]> state = new IdentityHashMap<>();

    /** AdamW with one weight decay for all parameters. */
    public AdamW(List<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        this(List.of(new ParamGroup(params, weightDecay)), lr, beta1, beta2, eps);
    }

    /** AdamW over parameter groups with their own weight decay. */
    public AdamW(List<ParamGroup> groups, float lr, float beta1, float beta2, float eps) {
        this.groups = List.copyOf(groups);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public void step() {
        step++;
        for (ParamGroup g : groups) {
            AdamWStep s = new AdamWStep(lr, beta1, beta2, eps, g.weightDecay(), step);
            for (Tensor p : g.params()) {
                Tensor grad = p.grad();
                if (grad == null) {
                    continue;
                }
                Tensor[] mv = moments(p);
                p.backend().adamw(p.storage(), grad.storage(), mv[0].storage(), mv[1].storage(), p.numel(), s);
            }
        }
    }

    /** @return the first and second moments of a parameter, created as zeros if missing */
    public Tensor[] moments(Tensor p) {
        return state.computeIfAbsent(p, k -> new Tensor[] {
                TensorScope.escape(Tensor.zeros(k.backend(), k.shape())),
                TensorScope.escape(Tensor.zeros(k.backend(), k.shape()))});
    }

    /** Replaces the moments of a parameter (resuming, or mapping state onto a grown model). */
    public void setMoments(Tensor p, Tensor m, Tensor v) {
        if (m.dtype() != DType.F32 || m.numel() != p.numel() || v.numel() != p.numel()) {
            throw new IllegalArgumentException("moments must be F32 tensors of the parameter's size " + p.numel());
        }
        state.put(p, new Tensor[] {m, v});
    }

    /** @return the number of steps taken (the bias-correction step count) */
    public int stepCount() {
        return step;
    }

    /** Sets the step count (resuming from a checkpoint). */
    public void setStepCount(int steps) {
        this.step = steps;
    }

    /** @return every parameter, in group order */
    public List<Tensor> params() {
        List<Tensor> all = new ArrayList<>();
        groups.forEach(g -> all.addAll(g.params()));
        return all;
    }

    @Override
    public void zeroGrad() {
        groups.forEach(g -> g.params().forEach(Tensor::zeroGrad));
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
