package dev.graft.api.tensor;

import java.util.Arrays;

/**
 * The tensor ops and their backward rules, written once on top of the {@link ComputeBackend} kernels.
 * {@link Tensor} and {@link Functional} are the public faces of these methods.
 */
final class Ops {
    private Ops() {
    }

    // ------------------------------------------------------------------ elementwise

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        a.checkSameBackend(b);
        a.requireDType(DType.F32, op.name().toLowerCase());
        b.requireDType(DType.F32, op.name().toLowerCase());
        int[] as = a.shape();
        int[] bs = b.shape();
        Broadcast bc = Broadcast.of(as, bs);
        ComputeBackend be = a.backend();
        Tensor out = a.emptyLike(bc.shape());
        be.binary(op, a.storage(), b.storage(), out.storage(), bc);
        if (op != BinaryOp.ADD && op != BinaryOp.SUB && op != BinaryOp.MUL && op != BinaryOp.DIV) {
            return out; // comparisons, max and min give constants: no gradient flows through them
        }
        return Tensor.record(out, op.name().toLowerCase(), g -> {
            Tensor ga = null;
            Tensor gb = null;
            switch (op) {
                case ADD -> {
                    ga = a.requiresGrad() ? sumTo(g, as) : null;
                    gb = b.requiresGrad() ? sumTo(g, bs) : null;
                }
                case SUB -> {
                    ga = a.requiresGrad() ? sumTo(g, as) : null;
                    gb = b.requiresGrad() ? sumTo(g.neg(), bs) : null;
                }
                case MUL -> {
                    ga = a.requiresGrad() ? sumTo(g.mul(b), as) : null;
                    gb = b.requiresGrad() ? sumTo(g.mul(a), bs) : null;
                }
                case DIV -> {
                    ga = a.requiresGrad() ? sumTo(g.div(b), as) : null;
                    gb = b.requiresGrad() ? sumTo(g.mul(a).div(b.mul(b)).neg(), bs) : null;
                }
                default -> throw new AssertionError(op);
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    /** Sums a broadcast gradient back to an operand's shape. */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int[] padded = new int[gs.length];
        Arrays.fill(padded, 1);
        System.arraycopy(shape, 0, padded, gs.length - shape.length, shape.length);
        Tensor out = g.newLike(padded);
        g.backend().sumToShape(g.storage(), gs, out.storage(), padded);
        return out.reshape(shape);
    }

    static Tensor affine(Tensor x, float alpha, float beta) {
        x.requireDType(DType.F32, "affine");
        Tensor out = x.emptyLike(x.shape());
        x.backend().affine(x.storage(), alpha, beta, out.storage(), x.numel());
        return Tensor.record(out, "affine", g -> new Tensor[] {alpha == 1f ? g : g.mul(alpha)}, x);
    }

    static Tensor unary(UnaryOp op, Tensor x) {
        x.requireDType(DType.F32, op.name().toLowerCase());
        Tensor out = x.emptyLike(x.shape());
        x.backend().unary(op, x.storage(), out.storage(), x.numel());
        return Tensor.record(out, op.name().toLowerCase(), g -> {
            Tensor gx = x.emptyLike(x.shape());
            x.backend().unaryBackward(op, x.storage(), g.storage(), gx.storage(), x.numel());
            return new Tensor[] {gx};
        }, x);
    }

    // ------------------------------------------------------------------ matmul

    /**
     * {@code op(a) @ op(b)} where op transposes the last two axes when asked. {@code b} is either rank 2 (shared
     * across a's batch) or has the same batch dimensions as {@code a} (or a batch of 1 on one side).
     */
    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        return gemm(a, b, null, transA, transB);
    }

    static Tensor gemm(Tensor a, Tensor b, Tensor bias, boolean transA, boolean transB) {
        a.checkSameBackend(b);
        a.requireDType(DType.F32, "matmul");
        b.requireDType(DType.F32, "matmul");
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length < 2 || bs.length < 2) {
            throw new IllegalArgumentException("matmul needs operands of rank >= 2, got " + Arrays.toString(as)
                    + " and " + Arrays.toString(bs));
        }
        int m = transA ? as[as.length - 1] : as[as.length - 2];
        int ka = transA ? as[as.length - 2] : as[as.length - 1];
        int kb = transB ? bs[bs.length - 1] : bs[bs.length - 2];
        int n = transB ? bs[bs.length - 2] : bs[bs.length - 1];
        if (ka != kb) {
            throw new IllegalArgumentException("matmul shapes do not fit: " + Arrays.toString(as)
                    + (transA ? "ᵀ" : "") + " @ " + Arrays.toString(bs) + (transB ? "ᵀ" : "")
                    + " (inner dimensions " + ka + " vs " + kb + ")");
        }
        int k = ka;
        if (bias != null) {
            a.checkSameBackend(bias);
            if (bias.numel() != n || bias.rank() != 1) {
                throw new IllegalArgumentException("bias shape " + Arrays.toString(bias.shape())
                        + " does not match the " + n + " output features");
            }
        }
        ComputeBackend be = a.backend();
        long batchA = Shapes.numel(as) / ((long) as[as.length - 1] * as[as.length - 2]);
        long batchB = Shapes.numel(bs) / ((long) bs[bs.length - 1] * bs[bs.length - 2]);
        int[] outShape;
        GemmSpec spec;
        if (bs.length == 2 && !transA) {
            // Flatten a's batch into rows: one large GEMM.
            int rows = Math.toIntExact(batchA * m);
            spec = GemmSpec.of(rows, n, k, false, transB);
            outShape = Arrays.copyOf(as, as.length);
            outShape[outShape.length - 1] = n;
        } else {
            int[] batchShapeA = Arrays.copyOf(as, as.length - 2);
            int[] batchShapeB = Arrays.copyOf(bs, bs.length - 2);
            int[] batchShape;
            if (batchA == batchB && Arrays.equals(batchShapeA, batchShapeB)) {
                batchShape = batchShapeA;
            } else if (batchB == 1) {
                batchShape = batchShapeA;
            } else if (batchA == 1) {
                batchShape = batchShapeB;
            } else {
                throw new IllegalArgumentException("matmul batch dimensions do not fit: " + Arrays.toString(as)
                        + " @ " + Arrays.toString(bs));
            }
            int batch = Math.toIntExact(Math.max(batchA, batchB));
            spec = new GemmSpec(batch, m, n, k, transA, transB,
                    batchA == 1 ? 0 : (long) m * k, batchB == 1 ? 0 : (long) k * n, (long) m * n);
            outShape = Arrays.copyOf(batchShape, batchShape.length + 2);
            outShape[outShape.length - 2] = m;
            outShape[outShape.length - 1] = n;
        }
        Tensor out = a.emptyLike(outShape);
        be.gemm(spec, a.storage(), 0, b.storage(), 0, out.storage(), 0, bias == null ? null : bias.storage(), 0f);
        FlopCounter.add(spec.flops());
        final GemmSpec fs = spec;
        return Tensor.record(out, "matmul", g -> {
            Tensor ga = null;
            Tensor gb = null;
            Tensor gbias = null;
            if (a.requiresGrad()) {
                if (fs.strideA() == 0 && fs.batch() > 1) {
                    throw new IllegalStateException("gradient of a batch-broadcast left operand of matmul is not"
                            + " supported; expand it to the full batch first");
                }
                ga = a.emptyLike(as);
                // dA = dC · op(B)ᵀ  (or its transpose when A was transposed)
                GemmSpec s = fs.transA()
                        ? new GemmSpec(fs.batch(), k, m, n, fs.transB(), true, fs.strideB(), fs.strideC(), fs.strideA())
                        : new GemmSpec(fs.batch(), fs.m(), k, n, false, !fs.transB(), fs.strideC(), fs.strideB(), fs.strideA());
                if (fs.transA()) {
                    be.gemm(s, b.storage(), 0, g.storage(), 0, ga.storage(), 0, null, 0f);
                } else {
                    be.gemm(s, g.storage(), 0, b.storage(), 0, ga.storage(), 0, null, 0f);
                }
                FlopCounter.add(s.flops());
            }
            if (b.requiresGrad()) {
                gb = b.emptyLike(bs);
                // dB = op(A)ᵀ · dC  (or its transpose when B was transposed)
                if (fs.strideB() == 0 && fs.batch() > 1) {
                    // B is shared across the batch: accumulate every batch's contribution.
                    for (int bt = 0; bt < fs.batch(); bt++) {
                        GemmSpec one = fs.transB()
                                ? GemmSpec.of(n, k, fs.m(), true, fs.transA())
                                : GemmSpec.of(k, n, fs.m(), !fs.transA(), false);
                        if (fs.transB()) {
                            be.gemm(one, g.storage(), bt * fs.strideC(), a.storage(), bt * fs.strideA(),
                                    gb.storage(), 0, null, bt == 0 ? 0f : 1f);
                        } else {
                            be.gemm(one, a.storage(), bt * fs.strideA(), g.storage(), bt * fs.strideC(),
                                    gb.storage(), 0, null, bt == 0 ? 0f : 1f);
                        }
                        FlopCounter.add(one.flops());
                    }
                } else {
                    GemmSpec s = fs.transB()
                            ? new GemmSpec(fs.batch(), n, k, fs.m(), true, fs.transA(), fs.strideC(), fs.strideA(), fs.strideB())
                            : new GemmSpec(fs.batch(), k, n, fs.m(), !fs.transA(), false, fs.strideA(), fs.strideC(), fs.strideB());
                    if (fs.transB()) {
                        be.gemm(s, g.storage(), 0, a.storage(), 0, gb.storage(), 0, null, 0f);
                    } else {
                        be.gemm(s, a.storage(), 0, g.storage(), 0, gb.storage(), 0, null, 0f);
                    }
                    FlopCounter.add(s.flops());
                }
            }
            if (bias != null && bias.requiresGrad()) {
                gbias = bias.newLike(n);
                be.reduce(ReduceOp.SUM, g.storage(), 1, Math.toIntExact(g.numel() / n), n, gbias.storage());
            }
            return new Tensor[] {ga, gb, gbias};
        }, a, b, bias);
    }

    // ------------------------------------------------------------------ reductions

    static Tensor reduce(ReduceOp op, Tensor x, int axis, boolean keepDim) {
        x.requireDType(DType.F32, op.name().toLowerCase());
        int[] s = x.shape();
        int ax = Shapes.axis(axis, s.length);
        int outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= s[i];
        }
        int inner = 1;
        for (int i = ax + 1; i < s.length; i++) {
            inner *= s[i];
        }
        int reduced = s[ax];
        int[] outShape = keepDim ? s.clone() : new int[s.length - 1];
        if (keepDim) {
            outShape[ax] = 1;
        } else {
            for (int i = 0, j = 0; i < s.length; i++) {
                if (i != ax) {
                    outShape[j++] = s[i];
                }
            }
        }
        Tensor out = x.newLike(outShape);
        x.backend().reduce(op, x.storage(), outer, reduced, inner, out.storage());
        if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
            return out;
        }
        int[] kept = s.clone();
        kept[ax] = 1;
        return Tensor.record(out, op.name().toLowerCase(), g -> {
            // Broadcast the gradient back along the reduced axis.
            Tensor gk = g.reshape(kept);
            Tensor gx = x.emptyLike(s);
            long[] src = Shapes.strides(kept);
            src[ax] = 0;
            x.backend().copyStrided(gk.storage(), 0, src, gx.storage(), 0, Shapes.strides(s), s);
            if (op == ReduceOp.MEAN) {
                x.backend().affine(gx.storage(), 1f / reduced, 0f, gx.storage(), gx.numel());
            }
            return new Tensor[] {gx};
        }, x);
    }

    static Tensor softmax(Tensor x, boolean log) {
        x.requireDType(DType.F32, log ? "logSoftmax" : "softmax");
        int cols = x.size(-1);
        int rows = Math.toIntExact(x.numel() / Math.max(cols, 1));
        Tensor out = x.emptyLike(x.shape());
        ComputeBackend be = x.backend();
        if (log) {
            be.logSoftmax(x.storage(), out.storage(), rows, cols);
        } else {
            be.softmax(x.storage(), out.storage(), rows, cols);
        }
        return Tensor.record(out, log ? "logSoftmax" : "softmax", g -> {
            Tensor gx = x.emptyLike(x.shape());
            if (log) {
                be.logSoftmaxBackward(out.storage(), g.storage(), gx.storage(), rows, cols);
            } else {
                be.softmaxBackward(out.storage(), g.storage(), gx.storage(), rows, cols);
            }
            return new Tensor[] {gx};
        }, x);
    }

    // ------------------------------------------------------------------ shape

    static Tensor reshape(Tensor x, int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(newShape));
                }
                infer = i;
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + Arrays.toString(x.shape()) + " to "
                        + Arrays.toString(newShape));
            }
            s[infer] = (int) (x.numel() / known);
        }
        if (Shapes.numel(s) != x.numel()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(x.shape()) + " ("
                    + x.numel() + " elements) to " + Arrays.toString(newShape));
        }
        int[] original = x.shape();
        Tensor out = x.view(s);
        return Tensor.record(out, "reshape", g -> new Tensor[] {g.reshape(original)}, x);
    }

    static Tensor permute(Tensor x, int[] perm) {
        int[] s = x.shape();
        if (perm.length != s.length) {
            throw new IllegalArgumentException("permute " + Arrays.toString(perm) + " does not match rank of "
                    + Arrays.toString(s));
        }
        boolean[] seen = new boolean[s.length];
        int[] outShape = new int[s.length];
        long[] xs = Shapes.strides(s);
        long[] src = new long[s.length];
        for (int i = 0; i < perm.length; i++) {
            int p = Shapes.axis(perm[i], s.length);
            if (seen[p]) {
                throw new IllegalArgumentException("permute " + Arrays.toString(perm) + " repeats axis " + p);
            }
            seen[p] = true;
            outShape[i] = s[p];
            src[i] = xs[p];
        }
        Tensor out = x.emptyLike(outShape);
        x.backend().copyStrided(x.storage(), 0, src, out.storage(), 0, Shapes.strides(outShape), outShape);
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[Shapes.axis(perm[i], s.length)] = i;
        }
        return Tensor.record(out, "permute", g -> new Tensor[] {g.permute(inverse)}, x);
    }

    static Tensor slice(Tensor x, int axis, int start, int end) {
        int[] s = x.shape();
        int ax = Shapes.axis(axis, s.length);
        if (start < 0 || end > s[ax] || start > end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") out of range for axis " + ax
                    + " of shape " + Arrays.toString(s));
        }
        int[] outShape = s.clone();
        outShape[ax] = end - start;
        long[] xs = Shapes.strides(s);
        long offset = start * xs[ax];
        Tensor out = x.emptyLike(outShape);
        x.backend().copyStrided(x.storage(), offset, xs, out.storage(), 0, Shapes.strides(outShape), outShape);
        return Tensor.record(out, "slice", g -> {
            Tensor gx = x.newLike(s);
            x.backend().addStrided(g.storage(), 0, Shapes.strides(outShape), gx.storage(), offset, xs, outShape);
            return new Tensor[] {gx};
        }, x);
    }

    static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        int[] s0 = parts[0].shape();
        int ax = Shapes.axis(axis, s0.length);
        int total = 0;
        for (Tensor p : parts) {
            parts[0].checkSameBackend(p);
            int[] s = p.shape();
            if (s.length != s0.length) {
                throw new IllegalArgumentException("concat: rank of " + Arrays.toString(s) + " differs from "
                        + Arrays.toString(s0));
            }
            for (int d = 0; d < s.length; d++) {
                if (d != ax && s[d] != s0[d]) {
                    throw new IllegalArgumentException("concat along axis " + ax + ": shapes " + Arrays.toString(s0)
                            + " and " + Arrays.toString(s) + " differ in dimension " + d);
                }
            }
            total += s[ax];
        }
        int[] outShape = s0.clone();
        outShape[ax] = total;
        ComputeBackend be = parts[0].backend();
        Tensor out = parts[0].emptyLike(outShape);
        long[] os = Shapes.strides(outShape);
        long[] offsets = new long[parts.length];
        long off = 0;
        for (int i = 0; i < parts.length; i++) {
            int[] s = parts[i].shape();
            offsets[i] = off;
            be.copyStrided(parts[i].storage(), 0, Shapes.strides(s), out.storage(), off, os, s);
            off += s[ax] * os[ax];
        }
        return Tensor.record(out, "concat", g -> {
            Tensor[] gs = new Tensor[parts.length];
            for (int i = 0; i < parts.length; i++) {
                if (!parts[i].requiresGrad()) {
                    continue;
                }
                int[] s = parts[i].shape();
                gs[i] = parts[i].newLike(s);
                be.copyStrided(g.storage(), offsets[i], os, gs[i].storage(), 0, Shapes.strides(s), s);
            }
            return gs;
        }, parts);
    }

    static Tensor indexSelect(Tensor src, Tensor idx) {
        src.checkSameBackend(idx);
        src.requireDType(DType.F32, "indexSelect");
        idx.requireDType(DType.I32, "indexSelect indices");
        int[] s = src.shape();
        int rows = s[0];
        int inner = Math.toIntExact(src.numel() / Math.max(rows, 1));
        int n = Math.toIntExact(idx.numel());
        int[] ids = idx.toIntArray();
        for (int i = 0; i < n; i++) {
            if (ids[i] < 0 || ids[i] >= rows) {
                throw new IllegalArgumentException("index " + ids[i] + " at position " + i + " is outside [0, "
                        + rows + ") for a tensor of shape " + Arrays.toString(s));
            }
        }
        int[] outShape = new int[idx.rank() + s.length - 1];
        int[] is = idx.shape();
        System.arraycopy(is, 0, outShape, 0, is.length);
        System.arraycopy(s, 1, outShape, is.length, s.length - 1);
        Tensor out = src.emptyLike(outShape);
        ComputeBackend be = src.backend();
        be.indexSelect(src.storage(), 1, rows, inner, idx.storage(), n, out.storage());
        return Tensor.record(out, "indexSelect", g -> {
            Tensor gs = src.newLike(s);
            be.indexAdd(g.storage(), 1, rows, inner, idx.storage(), n, gs.storage());
            return new Tensor[] {gs, null};
        }, src, idx);
    }
}
