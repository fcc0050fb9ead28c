package dev.graft.runtime.cpu;

import dev.graft.api.tensor.GemmSpec;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

import static dev.graft.runtime.cpu.MicroKernels.L;
import static dev.graft.runtime.cpu.MicroKernels.S;

/**
 * Cache-blocked, packed, multi-threaded single-precision GEMM on heap arrays:
 * {@code C = op(A)·op(B) (+ C) (+ bias)} for all four transpose combinations, batched with strides.
 *
 * <p>Every element of C is computed by exactly one task with the same sequence of floating-point
 * operations whatever the thread count: the k range is cut into blocks that depend only on k, each
 * block's products are summed by one micro-kernel call in k order, and block results are added to C
 * in block order. Results are therefore bit-identical for 1 or n threads.
 */
final class Gemm {
    /*
     * Overview (GotoBLAS/BLIS with the roles of A and B swapped, because C is row-major and the
     * micro-kernel's vectors run along n):
     *  - k is split into nkb nearly equal blocks of at most KC (KC_NARROW when the whole of B's width
     *    fits one block: fewer passes over C, which matters when C outgrows the L2 caches), a
     *    function of the shape alone.
     *  - For each k block, the columns of B are cut into blocks of at most NC_PANELS panels of NR = 2L
     *    columns (KC x 1024 floats, 1 MB, with AVX-512); a block is packed p-major ([panel][p][NR],
     *    zero-padded at the right edge) by all workers together and stays in each core's L2.
     *  - Rows of A are handed out in groups of ROW_GROUP (or ROW_GROUP_TRANS_A) panels of MR rows. A worker packs its group
     *    ([panel][p][MR]) and runs the micro-kernel for each panel (12-24 KB, kept in L1)
     *    against every B panel of its column range, writing MR x NR tiles of C.
     *  - Packing a transposed layout (A untransposed, B transposed) is a matrix transpose, done in
     *    16 x 16 register tiles by Transpose.
     *  - Small products skip packing where the operand's layout already suits the kernel (B not
     *    transposed: rows of B are the kernel's vectors; A transposed: a k step's MR values are
     *    contiguous) and run on one thread, with the batch spread over the workers.
     */
    static final int MR = 12;
    static final int NR = 2 * L;
    static final int KC = 256;
    /** The k block for products at most NC_NARROW columns wide. */
    static final int KC_NARROW = 512;
    static final int NC_NARROW = 512;
    static final int NC_PANELS = 32;
    static final int ROW_GROUP = 4;
    /**
     * Panels per task when A is transposed: its k steps are rows of length m, and a longer contiguous
     * run per row (16 x 12 floats) costs fewer page and cache-line visits when m is large.
     */
    static final int ROW_GROUP_TRANS_A = 16;
    /** Up to this many multiply-adds a product runs on one thread and reads operands in place. */
    static final long SMALL_WORK = 1L << 21;

    private static final VectorMask<Float> MR_MASK = S.indexInRange(0, MR);

    /** Scratch space of one worker. */
    static final class Scratch {
        /** Packed A panels, plus the 4 floats a full-width transpose store may spill past the last panel. */
        final float[] aPanels = new float[ROW_GROUP_TRANS_A * MR * KC_NARROW + 4];
        final float[] bPanel = new float[KC_NARROW * NR];
        final float[] edge = new float[MR * NR];
        float[] bBlock = new float[0];

        float[] bBlock(int n) {
            if (bBlock.length < n) {
                bBlock = new float[n];
            }
            return bBlock;
        }
    }

    /** The blocking plan of one product shape; depends on the shape only. */
    private record Plan(int m, int n, int k, boolean transA, boolean transB, int nkb, int kbBase, int kbRem,
                        int npan, int nblk, int panelsPerBlock, boolean small) {
        static Plan of(int m, int n, int k, boolean transA, boolean transB) {
            int npan = (n + NR - 1) / NR;
            int kcMax = npan * NR <= NC_NARROW ? KC_NARROW : KC;
            int nkb = (k + kcMax - 1) / kcMax;
            int nblk = (npan + NC_PANELS - 1) / NC_PANELS;
            int ppb = (npan + nblk - 1) / nblk;
            boolean small = (long) m * n * k <= SMALL_WORK;
            return new Plan(m, n, k, transA, transB, nkb, k / nkb, k % nkb, npan, nblk, ppb, small);
        }

        int p0(int kb) {
            return kb * kbBase + Math.min(kb, kbRem);
        }

        int kc(int kb) {
            return kbBase + (kb < kbRem ? 1 : 0);
        }

        /** B is read in place (small products with untransposed B). */
        boolean directB() {
            return small && !transB;
        }

        /** A is read in place (small products with transposed A). */
        boolean directA() {
            return small && transA;
        }
    }

    private final WorkerPool pool;
    private final Scratch[] scratch;
    private float[] sharedBlock = new float[0];

    Gemm(WorkerPool pool) {
        this.pool = pool;
        this.scratch = new Scratch[pool.size()];
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = new Scratch();
        }
    }

    /**
     * Runs the batched product of {@link dev.graft.api.tensor.ComputeBackend#gemm}.
     *
     * @param beta any value; 0 ignores C's old contents (even NaN), 1 accumulates
     */
    void gemm(GemmSpec g, float[] a, long aOff, float[] b, long bOff, float[] c, long cOff, float[] bias,
              float beta) {
        int m = g.m();
        int n = g.n();
        int k = g.k();
        int batch = g.batch();
        if (m == 0 || n == 0) {
            return;
        }
        boolean accumulate = beta != 0f;
        if (accumulate && beta != 1f) {
            for (int bt = 0; bt < batch; bt++) {
                int co = Math.toIntExact(cOff + bt * g.strideC());
                for (int i = 0; i < m * n; i++) {
                    c[co + i] *= beta;
                }
            }
        }
        if (k == 0) {
            for (int bt = 0; bt < batch; bt++) {
                int co = Math.toIntExact(cOff + bt * g.strideC());
                for (int r = 0; r < m; r++) {
                    for (int j = 0; j < n; j++) {
                        float v = bias == null ? 0f : bias[j];
                        c[co + r * n + j] = accumulate ? v + c[co + r * n + j] : v;
                    }
                }
            }
            return;
        }
        Plan plan = Plan.of(m, n, k, g.transA(), g.transB());
        int threads = pool.size();
        boolean batchParallel = batch > 1 && threads > 1
                && (plan.small || batch >= 2 * threads || batch % threads == 0);
        if (batchParallel) {
            pool.run(batch, (bt, w) -> multiply(plan, a, Math.toIntExact(aOff + bt * g.strideA()),
                    b, Math.toIntExact(bOff + bt * g.strideB()), c, Math.toIntExact(cOff + bt * g.strideC()),
                    bias, accumulate, false, w));
        } else {
            boolean parallel = threads > 1 && !plan.small;
            for (int bt = 0; bt < batch; bt++) {
                multiply(plan, a, Math.toIntExact(aOff + bt * g.strideA()), b, Math.toIntExact(bOff + bt * g.strideB()),
                        c, Math.toIntExact(cOff + bt * g.strideC()), bias, accumulate, parallel, 0);
            }
        }
    }

    private void tasks(boolean parallel, int n, int worker, WorkerPool.Body body) {
        if (parallel) {
            pool.run(n, body);
        } else {
            for (int t = 0; t < n; t++) {
                body.run(t, worker);
            }
        }
    }

    private void multiply(Plan pl, float[] a, int ao, float[] b, int bo, float[] c, int co, float[] bias,
                          boolean beta1, boolean parallel, int worker) {
        int blockFloats = pl.kc(0) * pl.panelsPerBlock * NR;
        float[] block;
        if (pl.directB()) {
            block = null;
        } else if (parallel) {
            if (sharedBlock.length < blockFloats) {
                sharedBlock = new float[blockFloats];
            }
            block = sharedBlock;
        } else {
            block = scratch[worker].bBlock(blockFloats);
        }
        int apan = (pl.m + MR - 1) / MR;
        int group = pl.transA ? ROW_GROUP_TRANS_A : ROW_GROUP;
        int rowGroups = (apan + group - 1) / group;
        for (int kb = 0; kb < pl.nkb; kb++) {
            int kc = pl.kc(kb);
            int p0 = pl.p0(kb);
            boolean first = kb == 0;
            boolean acc = !first || beta1;
            float[] bi = first ? bias : null;
            for (int blk = 0; blk < pl.nblk; blk++) {
                int jp0 = blk * pl.panelsPerBlock;
                int jp1 = Math.min(pl.npan, jp0 + pl.panelsPerBlock);
                if (block != null) {
                    tasks(parallel, jp1 - jp0, worker, (t, w) ->
                            packB(pl, b, bo, (jp0 + t) * NR, p0, kc, block, t * kc * NR));
                }
                int panels = jp1 - jp0;
                int colGroups = 1;
                if (parallel) {
                    while (rowGroups * colGroups < 4 * pool.size() && colGroups * 4 <= panels) {
                        colGroups *= 2;
                    }
                }
                int cg = colGroups;
                tasks(parallel, rowGroups * cg, worker, (t, w) -> {
                    int rg = t / cg;
                    int cgi = t % cg;
                    int ipStart = rg * group;
                    int ipEnd = Math.min(apan, ipStart + group);
                    int jStart = jp0 + cgi * panels / cg;
                    int jEnd = jp0 + (cgi + 1) * panels / cg;
                    compute(pl, a, ao, b, bo, block, jp0, ipStart, ipEnd, jStart, jEnd, kc, p0, c, co, bi, acc,
                            scratch[w]);
                });
            }
        }
    }

    /** Computes the C tiles of A panels {@code [ip0, ip1)} x B panels {@code [jp0, jp1)} for one k block. */
    private static void compute(Plan pl, float[] a, int ao, float[] b, int bo, float[] block, int blockPanel0,
                                int ip0, int ip1, int jp0, int jp1, int kc, int p0, float[] c, int co,
                                float[] bias, boolean acc, Scratch s) {
        int m = pl.m;
        int n = pl.n;
        int edgeB = -1;
        boolean packed = !pl.directA();
        if (packed) {
            packAGroup(pl, a, ao, ip0, ip1, p0, kc, s.aPanels);
        }
        for (int ip = ip0; ip < ip1; ip++) {
            int r0 = ip * MR;
            int rows = Math.min(MR, m - r0);
            float[] ap;
            int apOff;
            int as;
            if (!packed && rows == MR) {
                ap = a;
                apOff = ao + p0 * m + r0;
                as = m;
            } else {
                if (!packed) {
                    packA(pl, a, ao, r0, p0, kc, s.aPanels, 0);
                }
                ap = s.aPanels;
                apOff = packed ? (ip - ip0) * kc * MR : 0;
                as = MR;
            }
            for (int jp = jp0; jp < jp1; jp++) {
                int c0 = jp * NR;
                int cols = Math.min(NR, n - c0);
                float[] bp;
                int bpOff;
                int bs;
                if (block != null) {
                    bp = block;
                    bpOff = (jp - blockPanel0) * kc * NR;
                    bs = NR;
                } else if (cols == NR) {
                    bp = b;
                    bpOff = bo + p0 * n + c0;
                    bs = n;
                } else {
                    if (edgeB != jp) {
                        packB(pl, b, bo, c0, p0, kc, s.bPanel, 0);
                        edgeB = jp;
                    }
                    bp = s.bPanel;
                    bpOff = 0;
                    bs = NR;
                }
                if (rows == MR && cols == NR) {
                    MicroKernels.kernel12x2(kc, ap, apOff, as, bp, bpOff, bs, c, co + r0 * n + c0, n, bias, c0, acc);
                } else {
                    float[] e = s.edge;
                    MicroKernels.kernel12x2(kc, ap, apOff, as, bp, bpOff, bs, e, 0, NR, null, 0, false);
                    for (int r = 0; r < rows; r++) {
                        int ci = co + (r0 + r) * n + c0;
                        for (int j = 0; j < cols; j++) {
                            float v = e[r * NR + j];
                            if (bias != null) {
                                v = v + bias[c0 + j];
                            }
                            if (acc) {
                                v = v + c[ci + j];
                            }
                            c[ci + j] = v;
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs A panels {@code [ip0, ip1)} for k range {@code [p0, p0+kc)} into {@code dst}, panel after
     * panel. A transposed A is read along its contiguous rows (all panels of one k step at once), which
     * touches each cache line and page once instead of once per panel.
     */
    private static void packAGroup(Plan pl, float[] a, int ao, int ip0, int ip1, int p0, int kc, float[] dst) {
        int m = pl.m;
        int r0 = ip0 * MR;
        int rows = Math.min(m, ip1 * MR) - r0;
        if (pl.transA && rows == (ip1 - ip0) * MR) {
            int panels = ip1 - ip0;
            int src = ao + p0 * m + r0;
            for (int p = 0; p < kc; p++, src += m) {
                for (int q = 0; q < panels; q++) {
                    int o = q * kc * MR + p * MR;
                    int sq = src + q * MR;
                    if (L >= MR) {
                        FloatVector.fromArray(S, a, sq, MR_MASK).intoArray(dst, o, MR_MASK);
                    } else {
                        System.arraycopy(a, sq, dst, o, MR);
                    }
                }
            }
            return;
        }
        for (int ip = ip0; ip < ip1; ip++) {
            packA(pl, a, ao, ip * MR, p0, kc, dst, (ip - ip0) * kc * MR);
        }
    }

    /** Packs rows {@code [i0, i0+MR)} x k range {@code [p0, p0+kc)} of op(A) as {@code dst[d + p*MR + r]}. */
    private static void packA(Plan pl, float[] a, int ao, int i0, int p0, int kc, float[] dst, int d) {
        int m = pl.m;
        int rows = Math.min(MR, m - i0);
        if (pl.transA) {
            // op(A)(i, p) = a[ao + p*m + i]: the MR values of one p are contiguous.
            int src = ao + p0 * m + i0;
            if (rows == MR && L >= MR) {
                for (int p = 0; p < kc; p++, src += m) {
                    FloatVector.fromArray(S, a, src, MR_MASK).intoArray(dst, d + p * MR, MR_MASK);
                }
            } else {
                for (int p = 0; p < kc; p++, src += m) {
                    int o = d + p * MR;
                    for (int r = 0; r < rows; r++) {
                        dst[o + r] = a[src + r];
                    }
                    for (int r = rows; r < MR; r++) {
                        dst[o + r] = 0f;
                    }
                }
            }
        } else {
            // op(A)(i, p) = a[ao + i*k + p]: each row is contiguous in p, so the panel is a transpose.
            Transpose.transpose(a, ao + i0 * pl.k + p0, pl.k, rows, kc, dst, d, MR);
        }
    }

    /** Packs columns {@code [j0, j0+NR)} x k range {@code [p0, p0+kc)} of op(B) as {@code dst[d + p*NR + j]}. */
    private static void packB(Plan pl, float[] b, int bo, int j0, int p0, int kc, float[] dst, int d) {
        int n = pl.n;
        int cols = Math.min(NR, n - j0);
        if (!pl.transB) {
            // op(B)(p, j) = b[bo + p*n + j]: each row of the panel is contiguous.
            int src = bo + p0 * n + j0;
            if (cols == NR) {
                for (int p = 0; p < kc; p++, src += n) {
                    int o = d + p * NR;
                    FloatVector.fromArray(S, b, src).intoArray(dst, o);
                    FloatVector.fromArray(S, b, src + L).intoArray(dst, o + L);
                }
            } else {
                for (int p = 0; p < kc; p++, src += n) {
                    int o = d + p * NR;
                    for (int j = 0; j < cols; j++) {
                        dst[o + j] = b[src + j];
                    }
                    for (int j = cols; j < NR; j++) {
                        dst[o + j] = 0f;
                    }
                }
            }
        } else {
            // op(B)(p, j) = b[bo + j*k + p]: each column of the panel is contiguous in p, a transpose again.
            Transpose.transpose(b, bo + j0 * pl.k + p0, pl.k, cols, kc, dst, d, NR);
        }
    }
}
