package dev.graft.api.tensor;

/**
 * Options of {@link Functional#attention}: which keys each query may see, an additive bias, and the score
 * scale.
 *
 * @param keyMask F32 {@code [B, Tk]} additive mask (see {@link Functional#keyMask}), or {@code null}
 * @param bias    F32 {@code [1 or B, H, Tq, Tk]} additive bias (T5's relative position bias), differentiable,
 *                or {@code null}
 * @param causal  whether query {@code i} sees only keys {@code j <= i + Tk − Tq}
 * @param scale   multiplier of {@code q·kᵀ}; {@code NaN} means {@code 1/sqrt(head size)}
 */
public record AttentionOptions(Tensor keyMask, Tensor bias, boolean causal, float scale) {
    /** Bidirectional attention with the default scale and no mask. */
    public static final AttentionOptions BIDIRECTIONAL = new AttentionOptions(null, null, false, Float.NaN);
    /** Causal attention with the default scale and no mask. */
    public static final AttentionOptions CAUSAL = new AttentionOptions(null, null, true, Float.NaN);

    /** @return these options with a key mask */
    public AttentionOptions withKeyMask(Tensor mask) {
        return new AttentionOptions(mask, bias, causal, scale);
    }

    /** @return these options with an additive bias */
    public AttentionOptions withBias(Tensor b) {
        return new AttentionOptions(keyMask, b, causal, scale);
    }

    /** @return these options with an explicit scale */
    public AttentionOptions withScale(float s) {
        return new AttentionOptions(keyMask, bias, causal, s);
    }

    float scaleOr(int headDim) {
        return Float.isNaN(scale) ? (float) (1.0 / Math.sqrt(headDim)) : scale;
    }
}
