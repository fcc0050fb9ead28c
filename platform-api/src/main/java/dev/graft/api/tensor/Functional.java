package dev.graft.api.tensor;

import java.util.Arrays;

/**
 * Neural-network ops beyond {@link Tensor}'s own, each differentiable where it says so: linear layers,
 * normalisation, activations, embeddings, fused attention, losses, dropout and concatenation. Like
 * {@code torch.nn.functional}, these are stateless; the modules in {@code dev.graft.api.nn} hold the
 * parameters.
 */
public final class Functional {
    private Functional() {
    }

    /**
     * A linear layer with a PyTorch/Hugging Face {@code [out, in]} weight: {@code x·Wᵀ + b}.
     *
     * @param x      {@code [..., in]}
     * @param weight {@code [out, in]}
     * @param bias   {@code [out]} or {@code null}
     * @return {@code [..., out]}
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return Ops.gemm(x, weight, bias, false, true);
    }

    /**
     * A linear layer with an {@code [in, out]} weight (GPT-2's {@code Conv1D}): {@code x·W + b}.
     *
     * @param x      {@code [..., in]}
     * @param weight {@code [in, out]}
     * @param bias   {@code [out]} or {@code null}
     * @return {@code [..., out]}
     */
    public static Tensor addmm(Tensor x, Tensor weight, Tensor bias) {
        return Ops.gemm(x, weight, bias, false, false);
    }

    /** @return {@code a @ op(b)} with optional transposes of the last two axes */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        return Ops.matmul(a, b, transA, transB);
    }

    /** @return GELU with the exact error function ({@code gelu} in Hugging Face) */
    public static Tensor gelu(Tensor x) {
        return x.apply(UnaryOp.GELU_ERF);
    }

    /** @return GELU with the tanh approximation ({@code gelu_new}) */
    public static Tensor geluTanh(Tensor x) {
        return x.apply(UnaryOp.GELU_TANH);
    }

    /**
     * Layer norm over the last axis.
     *
     * @param gamma {@code [cols]}
     * @param beta  {@code [cols]} or {@code null}
     */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        int cols = x.size(-1);
        checkVector("layerNorm weight", gamma, cols);
        if (beta != null) {
            checkVector("layerNorm bias", beta, cols);
        }
        int rows = Math.toIntExact(x.numel() / Math.max(cols, 1));
        ComputeBackend be = x.backend();
        Tensor out = x.emptyLike(x.shape());
        Tensor mean = x.emptyLike(rows);
        Tensor rstd = x.emptyLike(rows);
        be.layerNorm(x.storage(), gamma.storage(), beta == null ? null : beta.storage(), rows, cols, eps,
                out.storage(), mean.storage(), rstd.storage());
        return Tensor.record(out, "layerNorm", g -> {
            Tensor gx = x.emptyLike(x.shape());
            Tensor gg = gamma.requiresGrad() ? x.newLike(cols) : null;
            Tensor gb = beta != null && beta.requiresGrad() ? x.newLike(cols) : null;
            be.layerNormBackward(x.storage(), gamma.storage(), mean.storage(), rstd.storage(), g.storage(), rows, cols,
                    gx.storage(), gg == null ? null : gg.storage(), gb == null ? null : gb.storage());
            return new Tensor[] {x.requiresGrad() ? gx : null, gg, gb};
        }, x, gamma, beta);
    }

    /** RMS norm over the last axis (T5's {@code T5LayerNorm}): {@code x / sqrt(mean(x²) + eps) · gamma}. */
    public static Tensor rmsNorm(Tensor x, Tensor gamma, float eps) {
        int cols = x.size(-1);
        checkVector("rmsNorm weight", gamma, cols);
        int rows = Math.toIntExact(x.numel() / Math.max(cols, 1));
        ComputeBackend be = x.backend();
        Tensor out = x.emptyLike(x.shape());
        Tensor rstd = x.emptyLike(rows);
        be.rmsNorm(x.storage(), gamma.storage(), rows, cols, eps, out.storage(), rstd.storage());
        return Tensor.record(out, "rmsNorm", g -> {
            Tensor gx = x.emptyLike(x.shape());
            Tensor gg = gamma.requiresGrad() ? x.newLike(cols) : null;
            be.rmsNormBackward(x.storage(), gamma.storage(), rstd.storage(), g.storage(), rows, cols, gx.storage(),
                    gg == null ? null : gg.storage());
            return new Tensor[] {x.requiresGrad() ? gx : null, gg};
        }, x, gamma);
    }

    private static void checkVector(String what, Tensor v, int cols) {
        if (v.rank() != 1 || v.size(0) != cols) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(v.shape()) + ", expected ["
                    + cols + "]");
        }
    }

    /**
     * Embedding lookup: rows of {@code weight [V, d]} picked by I32 {@code ids} of any shape; the result has
     * shape {@code ids.shape + [d]}. The backward scatter-adds into the weight's gradient.
     */
    public static Tensor embedding(Tensor weight, Tensor ids) {
        return Ops.indexSelect(weight, ids);
    }

    /** @return the tensors joined along an axis */
    public static Tensor concat(int axis, Tensor... parts) {
        return Ops.concat(axis, parts);
    }

    /**
     * Inverted dropout with the counter-based RNG. Identity when {@code p == 0}.
     *
     * @param rng the stream of dropout masks; advanced by {@code x.numel()}
     */
    public static Tensor dropout(Tensor x, float p, DropoutRng rng) {
        if (p == 0f) {
            return x;
        }
        if (p < 0f || p >= 1f) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        long n = x.numel();
        long seed = rng.seed();
        long offset = rng.advance(n);
        ComputeBackend be = x.backend();
        Tensor out = x.emptyLike(x.shape());
        be.dropout(x.storage(), out.storage(), n, p, seed, offset);
        return Tensor.record(out, "dropout", g -> {
            Tensor gx = x.emptyLike(x.shape());
            be.dropout(g.storage(), gx.storage(), n, p, seed, offset);
            return new Tensor[] {gx};
        }, x);
    }

    /**
     * Mean cross-entropy of {@code logits [N, C]} against I32 {@code targets [N]}, over the rows whose target is
     * not {@code ignoreIndex}, with label smoothing {@code ε}. Fused log-softmax + NLL.
     *
     * @return a scalar; 0 when every row is ignored
     */
    public static Tensor crossEntropy(Tensor logits, Tensor targets, int ignoreIndex, float smoothing) {
        logits.checkSameBackend(targets);
        logits.requireDType(DType.F32, "crossEntropy logits");
        targets.requireDType(DType.I32, "crossEntropy targets");
        int cols = logits.size(-1);
        int rows = Math.toIntExact(logits.numel() / Math.max(cols, 1));
        if (targets.numel() != rows) {
            throw new IllegalArgumentException("crossEntropy: " + targets.numel() + " targets " + Arrays.toString(
                    targets.shape()) + " for " + rows + " rows of logits " + Arrays.toString(logits.shape()));
        }
        int[] t = targets.toIntArray();
        int count = 0;
        for (int i = 0; i < rows; i++) {
            if (t[i] != ignoreIndex) {
                if (t[i] < 0 || t[i] >= cols) {
                    throw new IllegalArgumentException("crossEntropy: target " + t[i] + " at row " + i
                            + " is outside [0, " + cols + ") and is not the ignore index " + ignoreIndex);
                }
                count++;
            }
        }
        ComputeBackend be = logits.backend();
        Tensor loss = logits.newLike(rows);
        Tensor lse = logits.newLike(rows);
        be.crossEntropy(logits.storage(), targets.storage(), rows, cols, ignoreIndex, smoothing, loss.storage(),
                lse.storage());
        Tensor sum = Tensor.zeros(be);
        be.reduce(ReduceOp.SUM, loss.storage(), 1, rows, 1, sum.storage());
        final int n = count;
        if (n > 0) {
            be.affine(sum.storage(), 1f / n, 0f, sum.storage(), 1);
        }
        return Tensor.record(sum, "crossEntropy", g -> {
            float scale = n == 0 ? 0f : g.item() / n;
            Tensor gl = logits.emptyLike(logits.shape());
            be.crossEntropyBackward(logits.storage(), lse.storage(), targets.storage(), rows, cols, ignoreIndex,
                    smoothing, scale, gl.storage());
            return new Tensor[] {gl, null};
        }, logits, targets);
    }

    /**
     * Fused scaled-dot-product attention over separate query, key and value tensors laid out
     * {@code [B, T, H·D]} (as the projections produce them), giving {@code [B, Tq, H·D]}.
     *
     * @param q       {@code [B, Tq, H·D]}
     * @param k       {@code [B, Tk, H·D]}
     * @param v       {@code [B, Tk, H·D]}
     * @param heads   H
     * @param options mask, bias, causality and scale
     */
    public static Tensor attention(Tensor q, Tensor k, Tensor v, int heads, AttentionOptions options) {
        q.checkSameBackend(k);
        q.checkSameBackend(v);
        int[] qs = q.shape();
        int[] ks = k.shape();
        if (qs.length != 3 || ks.length != 3 || !Arrays.equals(ks, v.shape()) || qs[0] != ks[0] || qs[2] != ks[2]) {
            throw new IllegalArgumentException("attention expects q [B, Tq, H·D] and k, v [B, Tk, H·D]; got q "
                    + Arrays.toString(qs) + ", k " + Arrays.toString(ks) + ", v " + Arrays.toString(v.shape()));
        }
        int width = qs[2];
        if (width % heads != 0) {
            throw new IllegalArgumentException("attention width " + width + " is not divisible by " + heads + " heads");
        }
        int d = width / heads;
        int b = qs[0];
        AttentionSpec spec = new AttentionSpec(b, heads, qs[1], ks[1], d, options.scaleOr(d), options.causal(),
                AttentionSpec.HeadLayout.bthd(0, qs[1], width, d), AttentionSpec.HeadLayout.bthd(0, ks[1], width, d),
                AttentionSpec.HeadLayout.bthd(0, ks[1], width, d), AttentionSpec.HeadLayout.bthd(0, qs[1], width, d),
                biasBatch(options, b));
        return attention(spec, q, k, v, options, qs);
    }

    /**
     * Fused self-attention reading queries, keys and values from one packed projection {@code [B, T, 3·H·D]}
     * (GPT-2's {@code c_attn} output: q, then k, then v along the last axis), giving {@code [B, T, H·D]}. No
     * slicing copies are made, and the gradient flows back into the packed tensor.
     */
    public static Tensor packedSelfAttention(Tensor qkv, int heads, AttentionOptions options) {
        int[] s = qkv.shape();
        if (s.length != 3 || s[2] % (3 * heads) != 0) {
            throw new IllegalArgumentException("packed attention expects [B, T, 3·H·D] with H=" + heads + ", got "
                    + Arrays.toString(s));
        }
        int width = s[2] / 3;
        int d = width / heads;
        int t = s[1];
        AttentionSpec spec = new AttentionSpec(s[0], heads, t, t, d, options.scaleOr(d), options.causal(),
                AttentionSpec.HeadLayout.bthd(0, t, 3 * width, d), AttentionSpec.HeadLayout.bthd(width, t, 3 * width, d),
                AttentionSpec.HeadLayout.bthd(2L * width, t, 3 * width, d), AttentionSpec.HeadLayout.bthd(0, t, width, d),
                biasBatch(options, s[0]));
        return attention(spec, qkv, qkv, qkv, options, new int[] {s[0], t, width});
    }

    private static int biasBatch(AttentionOptions o, int batch) {
        return o.bias() == null ? 1 : o.bias().size(0);
    }

    private static Tensor attention(AttentionSpec spec, Tensor q, Tensor k, Tensor v, AttentionOptions o,
                                    int[] outShape) {
        ComputeBackend be = q.backend();
        Tensor mask = o.keyMask();
        Tensor bias = o.bias();
        if (mask != null) {
            q.checkSameBackend(mask);
            if (!Arrays.equals(mask.shape(), new int[] {spec.batch(), spec.tk()})) {
                throw new IllegalArgumentException("attention key mask has shape " + Arrays.toString(mask.shape())
                        + ", expected [" + spec.batch() + ", " + spec.tk() + "]");
            }
        }
        if (bias != null) {
            q.checkSameBackend(bias);
            int[] want = {spec.biasBatch(), spec.heads(), spec.tq(), spec.tk()};
            if (!Arrays.equals(bias.shape(), want)) {
                throw new IllegalArgumentException("attention bias has shape " + Arrays.toString(bias.shape())
                        + ", expected [1 or " + spec.batch() + ", " + spec.heads() + ", " + spec.tq() + ", "
                        + spec.tk() + "]");
            }
        }
        Tensor out = q.newLike(outShape);
        Tensor lse = q.newLike(spec.batch(), spec.heads(), spec.tq());
        be.attention(spec, q.storage(), k.storage(), v.storage(), mask == null ? null : mask.storage(),
                bias == null ? null : bias.storage(), out.storage(), lse.storage());
        long flops = 4L * spec.batch() * spec.heads() * spec.tq() * spec.tk() * spec.headDim();
        FlopCounter.add(flops);
        boolean packed = q == k && k == v;
        return Tensor.record(out, "attention", g -> {
            Tensor gq = q.newLike(q.shape());
            Tensor gk = packed ? gq : k.newLike(k.shape());
            Tensor gv = packed ? gq : v.newLike(v.shape());
            Tensor gb = bias != null && bias.requiresGrad() ? q.newLike(bias.shape()) : null;
            be.attentionBackward(spec, q.storage(), k.storage(), v.storage(), mask == null ? null : mask.storage(),
                    bias == null ? null : bias.storage(), out.storage(), lse.storage(), g.storage(),
                    gq.storage(), gk.storage(), gv.storage(), gb == null ? null : gb.storage());
            FlopCounter.add(2 * flops);
            if (packed) {
                return new Tensor[] {gq, null, null, null, gb};
            }
            return new Tensor[] {gq, gk, gv, null, gb};
        }, q, packed ? null : k, packed ? null : v, mask, bias);
    }

    /**
     * Builds the additive key mask that {@link AttentionOptions#keyMask()} takes from a Hugging Face
     * {@code attention_mask} of ones (attend) and zeros (padding).
     *
     * @param attentionMask I32 {@code [B, T]}
     * @return F32 {@code [B, T]}: 0 where attended, {@code -1e30} where padded
     */
    public static Tensor keyMask(Tensor attentionMask) {
        attentionMask.requireDType(DType.I32, "keyMask");
        int[] m = attentionMask.toIntArray();
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i] != 0 ? 0f : MASKED;
        }
        return Tensor.of(attentionMask.backend(), out, attentionMask.shape());
    }

    /** The additive score of a hidden key: large and negative, but finite so that a fully masked row stays finite. */
    public static final float MASKED = -1e30f;
}
