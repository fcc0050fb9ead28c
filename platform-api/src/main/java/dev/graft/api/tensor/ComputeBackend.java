package dev.graft.api.tensor;

/**
 * The kernel interface every compute backend implements: memory, GEMM, elementwise maths, reductions,
 * normalisation, attention, dropout and the fused optimizer step. The wide {@link Tensor} op set and
 * autograd are written once on top of these kernels, so a backend implements tens of kernels, not
 * hundreds of ops.
 *
 * <p>Backends are named services found with {@link java.util.ServiceLoader} (see {@link Backends});
 * {@code "reference"} ({@link ReferenceBackend}, plain loops, the oracle every other backend is tested
 * against), {@code "cpu"} (the fast Vector API backend, the default) and {@code "cuda"}. A backend is
 * chosen once per run and passed explicitly; there is no static default.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Every storage argument belongs to this backend. Offsets, strides and sizes count elements,
 *       not bytes. Unless a method says otherwise, storages hold {@link DType#F32}; index storages hold
 *       {@link DType#I32}.</li>
 *   <li>Matrices are row-major and contiguous: an {@code [m, k]} operand has leading dimension {@code k}.</li>
 *   <li>Output arguments are overwritten unless the method says it accumulates. Outputs never alias inputs
 *       unless the method says they may.</li>
 *   <li>Kernels are deterministic: the same inputs on the same backend give bit-identical outputs,
 *       whatever the thread count.</li>
 *   <li>A backend is used from one thread at a time; it may use more threads inside a kernel.</li>
 * </ul>
 */
public interface ComputeBackend extends AutoCloseable {

    /** @return the service name: {@code reference}, {@code cpu}, {@code cuda}, ... */
    String name();

    /** @return the device this backend computes on */
    Device device();

    // ---------------------------------------------------------------- memory

    /**
     * Allocates a zero-filled storage.
     *
     * @param dtype the element type ({@link DType#F32} or {@link DType#I32}; others may be refused)
     * @param size  the number of elements, {@code >= 0}
     * @return a new storage
     * @throws IllegalArgumentException if the dtype is not supported by this backend
     */
    Storage allocate(DType dtype, long size);

    /**
     * Allocates a storage whose contents are unspecified, for an output that the caller's kernel writes
     * element by element before anything reads it. A backend may hand out memory given back through
     * {@link #release} and skip the zero fill; the default allocates a zero-filled storage.
     *
     * @param dtype the element type
     * @param size  the number of elements, {@code >= 0}
     * @return a new storage, every element of which the caller must write before reading it
     * @throws IllegalArgumentException if the dtype is not supported by this backend
     */
    default Storage allocateForOverwrite(DType dtype, long size) {
        return allocate(dtype, size);
    }

    /**
     * Gives back a storage that nothing will read or write again, so that a later allocation may reuse its
     * memory while it is still in cache. The autograd engine calls it for the intermediate gradients it made
     * and consumed during a backward pass. The default does nothing.
     *
     * @param storage a storage of this backend, not used again by the caller
     */
    default void release(Storage storage) {
    }

    /** Copies host floats into a new F32 storage. */
    Storage upload(float[] data);

    /** Copies host ints into a new I32 storage. */
    Storage uploadInts(int[] data);

    /** Copies {@code length} floats from an F32 storage, starting at {@code srcOffset}, to the host. */
    void download(Storage src, long srcOffset, float[] dst, int dstOffset, int length);

    /** Copies {@code length} ints from an I32 storage, starting at {@code srcOffset}, to the host. */
    void downloadInts(Storage src, long srcOffset, int[] dst, int dstOffset, int length);

    /** Sets {@code length} elements of an F32 storage from {@code offset} to {@code value}. */
    void fill(Storage dst, long offset, long length, float value);

    /**
     * Copies an n-dimensional strided block: for every index {@code i} of {@code shape},
     * {@code dst[dstOffset + Σ i_d·dstStrides_d] = src[srcOffset + Σ i_d·srcStrides_d]}.
     * Used for permute, slice, concat and broadcast materialisation. Both storages have the same dtype.
     */
    void copyStrided(Storage src, long srcOffset, long[] srcStrides,
                     Storage dst, long dstOffset, long[] dstStrides, int[] shape);

    /** Like {@link #copyStrided} but adds into {@code dst} (F32 only): the backward of slicing. */
    void addStrided(Storage src, long srcOffset, long[] srcStrides,
                    Storage dst, long dstOffset, long[] dstStrides, int[] shape);

    // ---------------------------------------------------------------- GEMM

    /**
     * Batched matrix multiply: for each {@code b < spec.batch()},
     * {@code C_b = op(A_b)·op(B_b) + beta·C_b (+ bias)}, where {@code op(A_b)} is {@code [m, k]}
     * (stored {@code [k, m]} when {@code transA}), {@code op(B_b)} is {@code [k, n]} (stored {@code [n, k]}
     * when {@code transB}) and {@code C_b} is {@code [m, n]}. Operand {@code b} starts at
     * {@code offset + b·stride}; a stride of 0 broadcasts that operand over the batch.
     *
     * @param bias an F32 storage of {@code n} elements added to every row of C, or {@code null}
     * @param beta 0 to overwrite C (its old contents are ignored, even NaN), 1 to accumulate into it
     */
    void gemm(GemmSpec spec, Storage a, long aOffset, Storage b, long bOffset,
              Storage c, long cOffset, Storage bias, float beta);

    // ---------------------------------------------------------------- elementwise

    /** {@code out[i] = op(x[i])} for {@code i < n}; {@code out} may be {@code x}. */
    void unary(UnaryOp op, Storage x, Storage out, long n);

    /**
     * {@code gradIn[i] = gradOut[i]·op'(x[i])}; {@code x} is the op's input. {@code gradIn} may alias
     * {@code gradOut}.
     */
    void unaryBackward(UnaryOp op, Storage x, Storage gradOut, Storage gradIn, long n);

    /** {@code out[i] = alpha·x[i] + beta}; {@code out} may be {@code x}. */
    void affine(Storage x, float alpha, float beta, Storage out, long n);

    /** {@code y[i] += alpha·x[i]}. */
    void axpy(float alpha, Storage x, Storage y, long n);

    /**
     * Broadcasting binary op: for every index {@code i} of {@code bc.shape()},
     * {@code out[i] = op(a[Σ i_d·aStride_d], b[Σ i_d·bStride_d])}, with {@code out} contiguous.
     */
    void binary(BinaryOp op, Storage a, Storage b, Storage out, Broadcast bc);

    /**
     * Sums {@code x} of shape {@code xShape} down to {@code outShape} (same rank; each dimension of
     * {@code outShape} equals {@code xShape}'s or is 1): the backward of broadcasting. Overwrites out.
     */
    void sumToShape(Storage x, int[] xShape, Storage out, int[] outShape);

    // ---------------------------------------------------------------- reductions

    /**
     * Reduces the middle axis of {@code x} viewed as {@code [outer, reduced, inner]} into
     * {@code out} of shape {@code [outer, inner]}.
     */
    void reduce(ReduceOp op, Storage x, int outer, int reduced, int inner, Storage out);

    /** Index of the largest element of each row of {@code x [rows, cols]} into the I32 {@code out}. */
    void argmax(Storage x, int rows, int cols, Storage out);

    /** {@code Σ x[i]·y[i]} in double precision, returned to the host. */
    double dot(Storage x, Storage y, long n);

    // ---------------------------------------------------------------- softmax and losses

    /** Row-wise softmax of {@code x [rows, cols]}; {@code out} may be {@code x}. */
    void softmax(Storage x, Storage out, int rows, int cols);

    /** Given {@code y = softmax(x)} and {@code gy}, writes {@code gx = y·(gy − Σ y·gy)}. */
    void softmaxBackward(Storage y, Storage gy, Storage gx, int rows, int cols);

    /** Row-wise log-softmax of {@code x [rows, cols]}; {@code out} may be {@code x}. */
    void logSoftmax(Storage x, Storage out, int rows, int cols);

    /** Given {@code y = logSoftmax(x)} and {@code gy}, writes {@code gx = gy − exp(y)·Σ gy}. */
    void logSoftmaxBackward(Storage y, Storage gy, Storage gx, int rows, int cols);

    /**
     * Fused log-softmax + negative log-likelihood with label smoothing, per row of
     * {@code logits [rows, cols]} with I32 {@code targets [rows]}:
     * {@code loss = (1−ε)·(lse − x_t) + ε·(lse − mean_j x_j)}; rows whose target equals
     * {@code ignoreIndex} get loss 0. Writes {@code loss [rows]} and the log-sum-exp {@code lse [rows]}.
     */
    void crossEntropy(Storage logits, Storage targets, int rows, int cols, int ignoreIndex,
                      float smoothing, Storage loss, Storage lse);

    /**
     * Gradient of {@code Σ_rows scale·loss_row} with respect to the logits:
     * {@code g = scale·(softmax(x) − (1−ε)·onehot(t) − ε/cols)}, zero on ignored rows. Overwrites {@code grad}.
     */
    void crossEntropyBackward(Storage logits, Storage lse, Storage targets, int rows, int cols,
                              int ignoreIndex, float smoothing, float scale, Storage grad);

    // ---------------------------------------------------------------- normalisation

    /**
     * Layer norm over the last axis of {@code x [rows, cols]}:
     * {@code out = (x − mean)·rstd·gamma + beta}. Writes {@code mean [rows]} and {@code rstd [rows]} for
     * the backward.
     *
     * @param beta may be {@code null} (no bias)
     */
    void layerNorm(Storage x, Storage gamma, Storage beta, int rows, int cols, float eps,
                   Storage out, Storage mean, Storage rstd);

    /**
     * Backward of {@link #layerNorm}: overwrites {@code gx}; accumulates into {@code gGamma} and
     * {@code gBeta} (either may be {@code null} when not needed).
     */
    void layerNormBackward(Storage x, Storage gamma, Storage mean, Storage rstd, Storage gy,
                           int rows, int cols, Storage gx, Storage gGamma, Storage gBeta);

    /** RMS norm (T5): {@code out = x·rstd·gamma}, {@code rstd = 1/sqrt(mean(x²) + eps)}; writes {@code rstd}. */
    void rmsNorm(Storage x, Storage gamma, int rows, int cols, float eps, Storage out, Storage rstd);

    /** Backward of {@link #rmsNorm}: overwrites {@code gx}, accumulates into {@code gGamma} (may be null). */
    void rmsNormBackward(Storage x, Storage gamma, Storage rstd, Storage gy, int rows, int cols,
                         Storage gx, Storage gGamma);

    // ---------------------------------------------------------------- gather / scatter

    /**
     * Gathers rows: viewing {@code src} as {@code [outer, srcRows, inner]} and {@code out} as
     * {@code [outer, n, inner]}, {@code out[o, i, :] = src[o, idx[i], :]}. Embedding lookup is
     * {@code outer = 1}. Every index must be in {@code [0, srcRows)}; the tensor layer checks.
     */
    void indexSelect(Storage src, int outer, int srcRows, int inner, Storage idx, int n, Storage out);

    /** The backward of {@link #indexSelect}: {@code dst[o, idx[i], :] += grad[o, i, :]}, deterministic order. */
    void indexAdd(Storage grad, int outer, int dstRows, int inner, Storage idx, int n, Storage dst);

    // ---------------------------------------------------------------- attention

    /**
     * Fused scaled-dot-product attention, never materialising more than one block of scores per thread:
     * {@code out = softmax(scale·q·kᵀ + bias + mask)·v} per batch and head, with the causal rule
     * {@code key j visible to query i iff j ≤ i + tk − tq}. Writes the row log-sum-exp of the masked
     * scores to {@code lse [batch, heads, tq]} for the backward.
     *
     * @param mask an additive F32 key mask {@code [batch, tk]} (0 or a large negative number), or {@code null}
     * @param bias an additive F32 bias {@code [biasBatch, heads, tq, tk]} with {@code biasBatch} 1 or
     *             {@code batch} (T5's relative position bias, ALiBi...), or {@code null}
     */
    void attention(AttentionSpec spec, Storage q, Storage k, Storage v, Storage mask, Storage bias,
                   Storage out, Storage lse);

    /**
     * Backward of {@link #attention}. {@code gq}, {@code gk}, {@code gv} use the layouts of q, k, v and are
     * accumulated into (they may be one buffer when q, k, v are one fused projection); {@code gOut} uses
     * the layout of {@code out}. {@code gBias}, shaped like the bias, is accumulated into, or {@code null}.
     */
    void attentionBackward(AttentionSpec spec, Storage q, Storage k, Storage v, Storage mask, Storage bias,
                           Storage out, Storage lse, Storage gOut,
                           Storage gq, Storage gk, Storage gv, Storage gBias);

    // ---------------------------------------------------------------- dropout and optimizer

    /**
     * Inverted dropout with a counter-based RNG: element {@code i} is kept iff
     * {@link CounterRng#uniform CounterRng.uniform(seed, offset + i)} {@code >= p}, and kept elements are
     * scaled by {@code 1/(1−p)}. The same call on the upstream gradient is the backward. Every backend
     * draws the same mask.
     */
    void dropout(Storage x, Storage out, long n, float p, long seed, long offset);

    /**
     * One fused AdamW step on {@code n} parameters with {@code torch.optim.AdamW}'s arithmetic:
     * {@code p ← p·(1 − lr·wd); m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
     * p ← p − (lr/bc1)·m / (sqrt(v)/sqrt(bc2) + eps)} with {@code bc_i = 1 − β_i^step}.
     */
    void adamw(Storage param, Storage grad, Storage m, Storage v, long n, AdamWStep step);

    /** Releases backend resources. Storages of a closed backend must not be used. */
    @Override
    default void close() {
    }
}
