package dev.graft.runtime.cpu;

import dev.graft.api.tensor.AttentionSpec;
import dev.graft.api.tensor.AttentionSpec.HeadLayout;
import dev.graft.api.tensor.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Fused scaled-dot-product attention, forward and backward, one (batch, head) pair per task. Queries
 * are processed in blocks of {@link #QB} rows; a block holds its {@code QB x Tk} scores (and, in the
 * backward, their gradients) in per-worker scratch, so no {@code B·H·Tq·Tk} tensor is ever built. The
 * softmax of a block is exact (max, exponentials and sum over the visible keys), and the products run
 * on the GEMM micro-kernels.
 *
 * <p>Determinism: a task owns the output rows and the key/value gradient rows of its (batch, head) and
 * visits query blocks in order; when a bias gradient is shared across the batch ({@code biasBatch = 1}),
 * tasks are per head and walk the batch in order.
 */
final class Attention {
    /*
     * Per (b, h):   Kt = Kᵀ [D x Tk'] (and Vt = Vᵀ in the backward), Tk' = Tk rounded up to NR, so that a
     *               key panel of NR scores is one micro-kernel call.
     * Per block of QB queries (micro-kernel calls of MR = 12 rows):
     *   S = Q·Kᵀ    kernel12x2 with A = Qᵀ (transposed copy of the block), scaled, + bias + mask, causal limit;
     *   forward:    P = exp(S − max) row by row, lse = max + log Σ, O = (P·V)/Σ with A = Pᵀ;
     *   backward:   P = exp(S − lse), dP = dO·Vᵀ, dS = P∘(dP − Σ_d dO∘O); dV += Pᵀ·dO and dK += scale·dSᵀ·Q
     *               read P and dS as transposed A operands directly; dQ += scale·dS·K with A = dSᵀ.
     * Transposes go through Transpose (16 x 16 register tiles). Operands whose head dimension is not a
     * multiple of NR are copied into zero-padded scratch rows.
     */
    static final int QB = 4 * Gemm.MR;
    /** Rows of one micro-kernel call. */
    private static final int MR = Gemm.MR;
    private static final int NR = Gemm.NR;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Scratch of one worker; arrays grow on demand. */
    private static final class Scratch {
        float[] kt = new float[0];
        float[] vt = new float[0];
        float[] kc = new float[0];
        float[] vc = new float[0];
        float[] s = new float[0];
        float[] dp = new float[0];
        float[] ob = new float[0];
        float[] qc = new float[0];
        float[] dc = new float[0];
        float[] qtb = new float[0];
        float[] pt = new float[0];
        float[] dtb = new float[0];
        final float[] tile = new float[MR * NR];
        final float[] inv = new float[QB];
        final float[] lse = new float[QB];
        final float[] delta = new float[QB];

        static float[] grow(float[] a, int n) {
            return a.length >= n ? a : new float[n];
        }
    }

    private final WorkerPool pool;
    private final Scratch[] scratch;

    Attention(WorkerPool pool) {
        this.pool = pool;
        this.scratch = new Scratch[pool.size()];
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = new Scratch();
        }
    }

    /** The geometry shared by the forward and backward of one call. */
    private record Geometry(int d, int tq, int tk, int tkPad, int dPad, boolean directRows) {
        static Geometry of(AttentionSpec s) {
            int d = s.headDim();
            return new Geometry(d, s.tq(), s.tk(), roundUp(s.tk(), NR), roundUp(d, NR), d % NR == 0);
        }
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    private static int at(HeadLayout l, int b, int h, int t) {
        return Math.toIntExact(l.offset() + b * l.batchStride() + h * l.headStride() + t * l.rowStride());
    }

    // ---------------------------------------------------------------- forward

    void forward(AttentionSpec s, float[] q, float[] k, float[] v, float[] mask, float[] bias, float[] out,
                 float[] lse) {
        Geometry g = Geometry.of(s);
        pool.run(s.batch() * s.heads(), (t, w) -> forwardHead(s, g, t / s.heads(), t % s.heads(), q, k, v, mask,
                bias, out, lse, scratch[w]));
    }

    private static void forwardHead(AttentionSpec s, Geometry g, int b, int h, float[] q, float[] k, float[] v,
                                    float[] mask, float[] bias, float[] out, float[] lse, Scratch sc) {
        int D = g.d;
        int tq = g.tq;
        int tk = g.tk;
        int tkPad = g.tkPad;
        int dPad = g.dPad;
        sc.kt = Scratch.grow(sc.kt, D * tkPad);
        transpose(k, at(s.k(), b, h, 0), (int) s.k().rowStride(), tk, D, sc.kt, tkPad);
        float[] vb;
        int vbo;
        int vbs;
        if (g.directRows) {
            vb = v;
            vbo = at(s.v(), b, h, 0);
            vbs = (int) s.v().rowStride();
        } else {
            sc.vc = Scratch.grow(sc.vc, tk * dPad);
            padRows(v, at(s.v(), b, h, 0), (int) s.v().rowStride(), tk, D, sc.vc, dPad);
            vb = sc.vc;
            vbo = 0;
            vbs = dPad;
        }
        sc.s = Scratch.grow(sc.s, QB * tkPad + MR);
        sc.ob = Scratch.grow(sc.ob, QB * dPad);
        sc.qtb = Scratch.grow(sc.qtb, D * QB);
        float[] sb = sc.s;
        int qBase = at(s.q(), b, h, 0);
        int qRow = (int) s.q().rowStride();
        int oBase = at(s.out(), b, h, 0);
        int oRow = (int) s.out().rowStride();
        int lseBase = (b * s.heads() + h) * tq;
        for (int i0 = 0; i0 < tq; i0 += QB) {
            int rows = Math.min(QB, tq - i0);
            int tkv = visibleKeys(s, i0 + rows - 1);
            if (tkv == 0) {
                for (int r = 0; r < rows; r++) {
                    int oo = oBase + (i0 + r) * oRow;
                    Arrays.fill(out, oo, oo + D, 0f);
                    lse[lseBase + i0 + r] = Float.NEGATIVE_INFINITY;
                }
                continue;
            }
            scores(s, q, qBase, qRow, i0, rows, D, sc.kt, tkPad, tkv, sc.qtb, sb);
            boolean plain = mask == null && bias == null && s.scale() > 0f;
            for (int r = 0; r < rows; r++) {
                int i = i0 + r;
                int lim = Math.min(tkv, visibleKeys(s, i));
                int ro = r * tkPad;
                float max;
                float sum;
                if (plain) {
                    // exp(scale·s − scale·max) in one pass: the scale is folded into the exponent's FMA.
                    float raw = lim <= 0 ? Float.NEGATIVE_INFINITY : Reductions.max(sb, ro, lim);
                    max = raw * s.scale();
                    sum = raw == Float.NEGATIVE_INFINITY ? 0f : expScaledInPlace(sb, ro, lim, s.scale(), max);
                } else {
                    addBiasMask(s, sb, ro, lim, b, h, i, mask, bias);
                    max = lim <= 0 ? Float.NEGATIVE_INFINITY : Reductions.max(sb, ro, lim);
                    sum = max == Float.NEGATIVE_INFINITY ? 0f : expInPlace(sb, ro, lim, max);
                }
                if (max == Float.NEGATIVE_INFINITY) {
                    Arrays.fill(sb, ro, ro + tkv, 0f);
                    sc.lse[r] = Float.NEGATIVE_INFINITY;
                    sc.inv[r] = 0f;
                    continue;
                }
                Arrays.fill(sb, ro + lim, ro + tkv, 0f);
                sc.lse[r] = (float) (max + Math.log(sum));
                sc.inv[r] = 1f / sum;
            }
            // O = P·V with Pᵀ gathered into the micro-kernel's A layout (A(r, j) = pt[j·QB + r]).
            sc.pt = Scratch.grow(sc.pt, tkv * QB);
            Transpose.transpose(sb, 0, tkPad, rows, tkv, sc.pt, 0, QB);
            float[] ob = sc.ob;
            for (int r0 = 0; r0 < rows; r0 += MR) {
                for (int dp = 0; dp < dPad; dp += NR) {
                    MicroKernels.kernel12x2(tkv, sc.pt, r0, QB, vb, vbo + dp, vbs, ob, r0 * dPad + dp, dPad, null, 0,
                            false);
                }
            }
            for (int r = 0; r < rows; r++) {
                int oo = oBase + (i0 + r) * oRow;
                float inv = sc.inv[r];
                int d = 0;
                for (int end = S.loopBound(D); d < end; d += L) {
                    FloatVector.fromArray(S, ob, r * dPad + d).mul(inv).intoArray(out, oo + d);
                }
                for (; d < D; d++) {
                    out[oo + d] = ob[r * dPad + d] * inv;
                }
                lse[lseBase + i0 + r] = sc.lse[r];
            }
        }
    }

    /** @return how many leading keys query {@code i} may see (all {@code tk} unless causal), at least 0 */
    private static int visibleKeys(AttentionSpec s, int i) {
        if (!s.causal()) {
            return s.tk();
        }
        return Math.max(0, Math.min(s.tk(), i + s.tk() - s.tq() + 1));
    }

    /** {@code sb[r, j] = Q[i0 + r]·K[j]} for the block's rows and visible keys, via {@code qt = Q_blockᵀ}. */
    private static void scores(AttentionSpec s, float[] q, int qBase, int qRow, int i0, int rows, int D, float[] kt,
                               int tkPad, int tkv, float[] qt, float[] sb) {
        packTransposed(q, qBase, qRow, i0, rows, D, qt);
        blockProduct(s, qt, D, kt, tkPad, i0, rows, tkv, sb);
    }

    /** {@code dst[d*QB + r] = src[base + (i0 + r)*rowStride + d]} for the block's rows, zero for the rest. */
    private static void packTransposed(float[] src, int base, int rowStride, int i0, int rows, int D, float[] dst) {
        Transpose.transpose(src, base + i0 * rowStride, rowStride, rows, D, dst, 0, QB);
    }

    /**
     * {@code out[r, j] = Σ_d at[d, r]·bt[d, j]} for the block's rows in groups of MR, each over the key
     * panels its last row can see (the rest of the row is left for the caller to clear).
     */
    private static void blockProduct(AttentionSpec s, float[] at, int D, float[] bt, int tkPad, int i0, int rows,
                                     int tkv, float[] out) {
        for (int r0 = 0; r0 < rows; r0 += MR) {
            int kv = Math.min(tkv, visibleKeys(s, i0 + Math.min(rows, r0 + MR) - 1));
            for (int j = 0; j < kv; j += NR) {
                MicroKernels.kernel12x2(D, at, r0, QB, bt, j, tkPad, out, r0 * tkPad + j, tkPad, null, 0, false);
            }
        }
    }

    /** Scales the raw scores of one row and adds the bias and key-mask terms, for keys {@code j < lim}. */
    private static void addBiasMask(AttentionSpec s, float[] sb, int ro, int lim, int b, int h, int i,
                                    float[] mask, float[] bias) {
        float scale = s.scale();
        int bo = -1;
        if (bias != null) {
            int bb = s.biasBatch() == 1 ? 0 : b;
            bo = ((bb * s.heads() + h) * s.tq() + i) * s.tk();
        }
        int mo = b * s.tk();
        for (int j = 0; j < lim; j += L) {
            VectorMask<Float> m = S.indexInRange(j, lim);
            FloatVector x = FloatVector.fromArray(S, sb, ro + j, m).mul(scale);
            if (bias != null) {
                x = x.add(FloatVector.fromArray(S, bias, bo + j, m));
            }
            if (mask != null) {
                x = x.add(FloatVector.fromArray(S, mask, mo + j, m));
            }
            x.intoArray(sb, ro + j, m);
        }
    }

    /** {@code a[o, o+n) = e^{a − max}}; returns the sum. */
    private static float expInPlace(float[] a, int o, int n, float max) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector e = VMath.expCore(FloatVector.fromArray(S, a, o + j, m).sub(max));
            e = FloatVector.zero(S).blend(e, m);
            e.intoArray(a, o + j, m);
            acc = acc.add(e);
        }
        return Reductions.horizontalSum(acc);
    }

    /** {@code a[o, o+n) = e^{scale·a − max}}; returns the sum. */
    private static float expScaledInPlace(float[] a, int o, int n, float scale, float max) {
        FloatVector acc = FloatVector.zero(S);
        FloatVector sv = FloatVector.broadcast(S, scale);
        FloatVector nm = FloatVector.broadcast(S, -max);
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> m = S.indexInRange(j, n);
            FloatVector e = VMath.expCore(FloatVector.fromArray(S, a, o + j, m).fma(sv, nm));
            e = FloatVector.zero(S).blend(e, m);
            e.intoArray(a, o + j, m);
            acc = acc.add(e);
        }
        return Reductions.horizontalSum(acc);
    }

    /** {@code dst[d*ld + j] = src[so + j*rowStride + d]} for {@code j < rows, d < D}; columns {@code [rows, ld)} zeroed. */
    private static void transpose(float[] src, int so, int rowStride, int rows, int D, float[] dst, int ld) {
        Transpose.transpose(src, so, rowStride, rows, D, dst, 0, ld);
    }

    /** Copies {@code rows} rows of {@code D} elements into rows of {@code ld} elements, zero-padded. */
    private static void padRows(float[] src, int so, int rowStride, int rows, int D, float[] dst, int ld) {
        for (int j = 0; j < rows; j++) {
            System.arraycopy(src, so + j * rowStride, dst, j * ld, D);
            Arrays.fill(dst, j * ld + D, j * ld + ld, 0f);
        }
    }

    // ---------------------------------------------------------------- backward

    void backward(AttentionSpec s, float[] q, float[] k, float[] v, float[] mask, float[] bias, float[] out,
                  float[] lse, float[] gOut, float[] gq, float[] gk, float[] gv, float[] gBias) {
        Geometry g = Geometry.of(s);
        boolean sharedBias = gBias != null && s.biasBatch() == 1 && s.batch() > 1;
        if (sharedBias) {
            pool.run(s.heads(), (h, w) -> {
                for (int b = 0; b < s.batch(); b++) {
                    backwardHead(s, g, b, h, q, k, v, mask, bias, out, lse, gOut, gq, gk, gv, gBias, scratch[w]);
                }
            });
        } else {
            pool.run(s.batch() * s.heads(), (t, w) -> backwardHead(s, g, t / s.heads(), t % s.heads(), q, k, v,
                    mask, bias, out, lse, gOut, gq, gk, gv, gBias, scratch[w]));
        }
    }

    private static void backwardHead(AttentionSpec s, Geometry g, int b, int h, float[] q, float[] k, float[] v,
                                     float[] mask, float[] bias, float[] out, float[] lse, float[] gOut,
                                     float[] gq, float[] gk, float[] gv, float[] gBias, Scratch sc) {
        int D = g.d;
        int tq = g.tq;
        int tk = g.tk;
        int tkPad = g.tkPad;
        int dPad = g.dPad;
        int kBase = at(s.k(), b, h, 0);
        int kRow = (int) s.k().rowStride();
        int vBase = at(s.v(), b, h, 0);
        int vRow = (int) s.v().rowStride();
        int qBase = at(s.q(), b, h, 0);
        int qRow = (int) s.q().rowStride();
        int oBase = at(s.out(), b, h, 0);
        int oRow = (int) s.out().rowStride();
        sc.kt = Scratch.grow(sc.kt, D * tkPad);
        sc.vt = Scratch.grow(sc.vt, D * tkPad);
        transpose(k, kBase, kRow, tk, D, sc.kt, tkPad);
        transpose(v, vBase, vRow, tk, D, sc.vt, tkPad);
        float[] kb;
        int kbo;
        int kbs;
        if (g.directRows) {
            kb = k;
            kbo = kBase;
            kbs = kRow;
        } else {
            sc.kc = Scratch.grow(sc.kc, tk * dPad);
            padRows(k, kBase, kRow, tk, D, sc.kc, dPad);
            kb = sc.kc;
            kbo = 0;
            kbs = dPad;
        }
        // + MR: the transposed reads of the last key panel run up to MR elements past the last row.
        sc.s = Scratch.grow(sc.s, QB * tkPad + MR);
        sc.dp = Scratch.grow(sc.dp, QB * tkPad + MR);
        sc.qtb = Scratch.grow(sc.qtb, D * QB);
        sc.dtb = Scratch.grow(sc.dtb, D * QB);
        if (!g.directRows) {
            sc.qc = Scratch.grow(sc.qc, QB * dPad);
            sc.dc = Scratch.grow(sc.dc, QB * dPad);
        }
        float[] sb = sc.s;
        float[] db = sc.dp;
        float scale = s.scale();
        int lseBase = (b * s.heads() + h) * tq;
        for (int i0 = 0; i0 < tq; i0 += QB) {
            int rows = Math.min(QB, tq - i0);
            int tkv = visibleKeys(s, i0 + rows - 1);
            if (tkv == 0) {
                continue;
            }
            scores(s, q, qBase, qRow, i0, rows, D, sc.kt, tkPad, tkv, sc.qtb, sb);
            // dP = dO·Vᵀ through dOᵀ packed like Qᵀ; delta_r = Σ_d dO·O.
            float[] dt = sc.dtb;
            packTransposed(gOut, oBase, oRow, i0, rows, D, dt);
            for (int r = 0; r < rows; r++) {
                int go = oBase + (i0 + r) * oRow;
                float acc = 0f;
                for (int d = 0; d < D; d++) {
                    acc += gOut[go + d] * out[go + d];
                }
                sc.delta[r] = acc;
            }
            blockProduct(s, dt, D, sc.vt, tkPad, i0, rows, tkv, db);
            for (int r = 0; r < rows; r++) {
                int i = i0 + r;
                int lim = Math.min(tkv, visibleKeys(s, i));
                int ro = r * tkPad;
                float l = lse[lseBase + i];
                if (lim <= 0 || l == Float.NEGATIVE_INFINITY) {
                    Arrays.fill(sb, ro, ro + tkv, 0f);
                    Arrays.fill(db, ro, ro + tkv, 0f);
                    continue;
                }
                addBiasMask(s, sb, ro, lim, b, h, i, mask, bias);
                FloatVector dl = FloatVector.broadcast(S, sc.delta[r]);
                int gbo = -1;
                if (gBias != null) {
                    int bb = s.biasBatch() == 1 ? 0 : b;
                    gbo = ((bb * s.heads() + h) * tq + i) * tk;
                }
                for (int j = 0; j < lim; j += L) {
                    VectorMask<Float> m = S.indexInRange(j, lim);
                    FloatVector p = VMath.expCore(FloatVector.fromArray(S, sb, ro + j, m).sub(l));
                    p = FloatVector.zero(S).blend(p, m);
                    FloatVector ds = p.mul(FloatVector.fromArray(S, db, ro + j, m).sub(dl));
                    if (gBias != null) {
                        FloatVector.fromArray(S, gBias, gbo + j, m).add(ds).intoArray(gBias, gbo + j, m);
                    }
                    p.intoArray(sb, ro + j, m);
                    ds.mul(scale).intoArray(db, ro + j, m);
                }
                Arrays.fill(sb, ro + lim, ro + tkv, 0f);
                Arrays.fill(db, ro + lim, ro + tkv, 0f);
            }
            // B operands over the block's queries: dO rows (for dV) and Q rows (for dK).
            float[] dob;
            int dobo;
            int dobs;
            float[] qb;
            int qbo;
            int qbs;
            if (g.directRows) {
                dob = gOut;
                dobo = oBase + i0 * oRow;
                dobs = oRow;
                qb = q;
                qbo = qBase + i0 * qRow;
                qbs = qRow;
            } else {
                padRows(gOut, oBase + i0 * oRow, oRow, rows, D, sc.dc, dPad);
                padRows(q, qBase + i0 * qRow, qRow, rows, D, sc.qc, dPad);
                dob = sc.dc;
                dobo = 0;
                dobs = dPad;
                qb = sc.qc;
                qbo = 0;
                qbs = dPad;
            }
            // dV += Pᵀ·dO and dK += dSᵀ·Q: A(key, query) = P[query, key], contraction over the block's rows.
            for (int j0 = 0; j0 < tkv; j0 += MR) {
                int keys = Math.min(MR, tkv - j0);
                for (int dp = 0; dp < dPad; dp += NR) {
                    int cols = Math.min(NR, D - dp);
                    accumulate12(rows, sb, j0, tkPad, dob, dobo + dp, dobs, gv, vBase + j0 * vRow + dp, vRow, keys,
                            cols, sc.tile);
                    accumulate12(rows, db, j0, tkPad, qb, qbo + dp, qbs, gk, kBase + j0 * kRow + dp, kRow, keys,
                            cols, sc.tile);
                }
            }
            // dQ += dS·K (dS already scaled), with dSᵀ gathered into the micro-kernel's A layout.
            sc.pt = Scratch.grow(sc.pt, tkv * QB);
            Transpose.transpose(db, 0, tkPad, rows, tkv, sc.pt, 0, QB);
            for (int r0 = 0; r0 < rows; r0 += MR) {
                int rr = Math.min(MR, rows - r0);
                for (int dp = 0; dp < dPad; dp += NR) {
                    int cols = Math.min(NR, D - dp);
                    accumulate12(tkv, sc.pt, r0, QB, kb, kbo + dp, kbs, gq, qBase + (i0 + r0) * qRow + dp, qRow, rr,
                            cols, sc.tile);
                }
            }
        }
    }

    /** C[rows x cols] += A·B with kernel12x2; partial tiles go through {@code tile}. */
    private static void accumulate12(int kc, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co,
                                     int ldc, int rows, int cols, float[] tile) {
        if (rows == MR && cols == NR) {
            MicroKernels.kernel12x2(kc, a, ao, as, b, bo, bs, c, co, ldc, null, 0, true);
        } else {
            MicroKernels.kernel12x2(kc, a, ao, as, b, bo, bs, tile, 0, NR, null, 0, false);
            addTile(tile, c, co, ldc, rows, cols);
        }
    }

    private static void addTile(float[] tile, float[] c, int co, int ldc, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int ci = co + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[ci + j] = tile[r * NR + j] + c[ci + j];
            }
        }
    }
}
