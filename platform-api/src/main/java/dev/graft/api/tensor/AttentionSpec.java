package dev.graft.api.tensor;

/**
 * The shape of a fused attention call for {@link ComputeBackend#attention}. Queries, keys, values and
 * the output are addressed through {@link HeadLayout}s so that the projections can be read where the
 * GEMM wrote them (for example a fused {@code [B, T, 3·H·D]} QKV buffer) without permuting copies.
 *
 * @param batch   B
 * @param heads   H
 * @param tq      query length
 * @param tk      key length
 * @param headDim D
 * @param scale   multiplier of {@code q·kᵀ} (usually {@code 1/sqrt(D)}; 1 for T5)
 * @param causal  whether key {@code j} is hidden from query {@code i} when {@code j > i + tk − tq}
 * @param q       layout of queries
 * @param k       layout of keys
 * @param v       layout of values
 * @param out     layout of the output
 * @param biasBatch 1 or {@code batch}: the leading size of the optional bias
 */
public record AttentionSpec(int batch, int heads, int tq, int tk, int headDim, float scale, boolean causal,
                            HeadLayout q, HeadLayout k, HeadLayout v, HeadLayout out, int biasBatch) {

    /**
     * Where element {@code (b, h, t, d)} of a per-head tensor lives:
     * {@code offset + b·batchStride + h·headStride + t·rowStride + d}.
     *
     * @param offset      element offset of {@code (0, 0, 0, 0)}
     * @param batchStride elements between batch entries
     * @param headStride  elements between heads
     * @param rowStride   elements between time steps
     */
    public record HeadLayout(long offset, long batchStride, long headStride, long rowStride) {
        /** Layout of a contiguous {@code [B, H, T, D]} tensor. */
        public static HeadLayout bhtd(int heads, int t, int d) {
            return new HeadLayout(0, (long) heads * t * d, (long) t * d, d);
        }

        /** Layout of a contiguous {@code [B, T, H, D]} tensor, optionally inside rows of {@code rowWidth}. */
        public static HeadLayout bthd(long offset, int t, int rowWidth, int d) {
            return new HeadLayout(offset, (long) t * rowWidth, d, rowWidth);
        }
    }

    public AttentionSpec {
        if (batch < 1 || heads < 1 || tq < 1 || tk < 1 || headDim < 1) {
            throw new IllegalArgumentException("bad attention shape: B=" + batch + " H=" + heads
                    + " Tq=" + tq + " Tk=" + tk + " D=" + headDim);
        }
        if (biasBatch != 1 && biasBatch != batch) {
            throw new IllegalArgumentException("bias batch must be 1 or " + batch + ", got " + biasBatch);
        }
    }

    /** @return whether key {@code j} is visible to query {@code i} under the causal rule */
    public boolean visible(int i, int j) {
        return !causal || j <= i + (tk - tq);
    }
}
