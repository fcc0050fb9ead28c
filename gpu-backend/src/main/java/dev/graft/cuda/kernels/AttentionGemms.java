package dev.graft.cuda.kernels;

import dev.graft.api.tensor.AttentionSpec;

/**
 * The cuBLAS products of attention computed as GEMMs, for one batch entry {@code b} and all its heads in one
 * strided-batched call (a head per entry of the call). cuBLAS is column-major and a row-major matrix read
 * column-major is its transpose, so every product is planned on transposes: the scores {@code s = scale·q·kᵀ}
 * (row-major {@code [tq, tk]} per head) are computed as {@code sᵀ = scale·k·qᵀ}, and so on. Operands are element
 * offsets into the storages of the SPI call (the gradients share the layouts of q, k, v and out) or into the
 * scratch of one batch entry's scores, {@code [heads, tq, tk]} row-major.
 *
 * <p>Forward: {@link #scores}, the row softmax in place, {@link #output}. Backward: {@link #scores} again, the
 * probabilities recomputed from the forward's log-sum-exp, {@link #gradValues}, {@link #gradProbs} into the
 * second scratch, {@code ds = p·(dp − rowsum(gOut·out))} in place, {@link #gradQueries}, {@link #gradKeys}.
 */
public final class AttentionGemms {
    private AttentionGemms() {
    }

    /** The storage an operand lives in. */
    public enum Buffer {
        /** Queries. */
        Q,
        /** Keys. */
        K,
        /** Values. */
        V,
        /** The attention output. */
        OUT,
        /** The output's gradient (out's layout). */
        GRAD_OUT,
        /** The queries' gradient (q's layout), accumulated into. */
        GRAD_Q,
        /** The keys' gradient (k's layout), accumulated into. */
        GRAD_K,
        /** The values' gradient (v's layout), accumulated into. */
        GRAD_V,
        /** Scratch: one batch entry's scores, then probabilities. */
        SCORES,
        /** Scratch: one batch entry's probability gradients, then score gradients. */
        GRAD_SCORES
    }

    /**
     * A column-major matrix per head: element {@code (row, col)} of head {@code h} is at
     * {@code offset + h·stride + row + col·ld} of {@code buffer}.
     *
     * @param buffer where it lives
     * @param offset element offset of head 0's element (0, 0)
     * @param ld     leading dimension
     * @param stride elements from one head to the next
     */
    public record Operand(Buffer buffer, long offset, int ld, long stride) {
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} for each of {@code batch} heads, as
     * {@code cublasGemmStridedBatchedEx} takes it: {@code op(A)} is {@code [m, k]}, {@code op(B)} {@code [k, n]}.
     *
     * @param transA whether A is used transposed ({@code CUBLAS_OP_T})
     * @param transB whether B is used transposed
     * @param m      rows of C
     * @param n      columns of C
     * @param k      the contracted dimension
     * @param alpha  multiplier of the product
     * @param a      first operand
     * @param b      second operand
     * @param beta   multiplier of C's previous value (1 accumulates)
     * @param c      result
     * @param batch  heads
     */
    public record Product(boolean transA, boolean transB, int m, int n, int k, float alpha, Operand a, Operand b,
                          float beta, Operand c, int batch) {
    }

    private static Operand heads(Buffer buffer, AttentionSpec.HeadLayout l, int b) {
        return new Operand(buffer, l.offset() + b * l.batchStride(), Math.toIntExact(l.rowStride()), l.headStride());
    }

    private static Operand scratch(AttentionSpec s, Buffer buffer) {
        return new Operand(buffer, 0, s.tk(), (long) s.tq() * s.tk());
    }

    /** {@code sᵀ = scale·k·qᵀ}: k's buffer (column-major kᵀ) transposed, q's as it is; into {@code SCORES}. */
    public static Product scores(AttentionSpec s, int b) {
        return new Product(true, false, s.tk(), s.tq(), s.headDim(), s.scale(), heads(Buffer.K, s.k(), b),
                heads(Buffer.Q, s.q(), b), 0f, scratch(s, Buffer.SCORES), s.heads());
    }

    /** {@code outᵀ = vᵀ·pᵀ}: v's buffer and the probabilities as they are. */
    public static Product output(AttentionSpec s, int b) {
        return new Product(false, false, s.headDim(), s.tq(), s.tk(), 1f, heads(Buffer.V, s.v(), b),
                scratch(s, Buffer.SCORES), 0f, heads(Buffer.OUT, s.out(), b), s.heads());
    }

    /** {@code gvᵀ += gOutᵀ·p}: the probabilities' buffer (column-major pᵀ) transposed. */
    public static Product gradValues(AttentionSpec s, int b) {
        return new Product(false, true, s.headDim(), s.tk(), s.tq(), 1f, heads(Buffer.GRAD_OUT, s.out(), b),
                scratch(s, Buffer.SCORES), 1f, heads(Buffer.GRAD_V, s.v(), b), s.heads());
    }

    /** {@code dpᵀ = v·gOutᵀ}: v's buffer transposed, gOut's as it is; into {@code GRAD_SCORES}. */
    public static Product gradProbs(AttentionSpec s, int b) {
        return new Product(true, false, s.tk(), s.tq(), s.headDim(), 1f, heads(Buffer.V, s.v(), b),
                heads(Buffer.GRAD_OUT, s.out(), b), 0f, scratch(s, Buffer.GRAD_SCORES), s.heads());
    }

    /** {@code gqᵀ += scale·kᵀ·dsᵀ}: k's buffer and the score gradients as they are. */
    public static Product gradQueries(AttentionSpec s, int b) {
        return new Product(false, false, s.headDim(), s.tq(), s.tk(), s.scale(), heads(Buffer.K, s.k(), b),
                scratch(s, Buffer.GRAD_SCORES), 1f, heads(Buffer.GRAD_Q, s.q(), b), s.heads());
    }

    /** {@code gkᵀ += scale·qᵀ·ds}: the score gradients' buffer (column-major dsᵀ) transposed. */
    public static Product gradKeys(AttentionSpec s, int b) {
        return new Product(false, true, s.headDim(), s.tk(), s.tq(), s.scale(), heads(Buffer.Q, s.q(), b),
                scratch(s, Buffer.GRAD_SCORES), 1f, heads(Buffer.GRAD_K, s.k(), b), s.heads());
    }
}
