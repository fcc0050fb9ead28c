package dev.graft.api.optim;

import dev.graft.api.tensor.Tensor;
import java.util.List;

/** Global-norm gradient clipping, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales every gradient by {@code maxNorm / (norm + 1e-6)} when the global L2 norm exceeds {@code maxNorm}.
     *
     * @return the global norm before clipping
     */
    public static double clipGlobalNorm(List<Tensor> params, double maxNorm) {
        double sq = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null) {
                sq += g.backend().dot(g.storage(), g.storage(), g.numel());
            }
        }
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1.0) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    g.backend().affine(g.storage(), (float) coef, 0f, g.storage(), g.numel());
                }
            }
        }
        return norm;
    }
}
