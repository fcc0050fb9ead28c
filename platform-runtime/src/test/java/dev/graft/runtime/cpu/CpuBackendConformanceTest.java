package dev.graft.runtime.cpu;

import dev.graft.api.tensor.AdamWStep;
import dev.graft.api.tensor.AttentionSpec;
import dev.graft.api.tensor.AttentionSpec.HeadLayout;
import dev.graft.api.tensor.Backends;
import dev.graft.api.tensor.BinaryOp;
import dev.graft.api.tensor.Broadcast;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.GemmSpec;
import dev.graft.api.tensor.HeapStorage;
import dev.graft.api.tensor.ReduceOp;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Shapes;
import dev.graft.api.tensor.Storage;
import dev.graft.api.tensor.UnaryOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.graft.runtime.cpu.Compare.EPS;
import static dev.graft.runtime.cpu.Compare.close;
import static dev.graft.runtime.cpu.Compare.floats;
import static dev.graft.runtime.cpu.Compare.ints;
import static dev.graft.runtime.cpu.Compare.maxAbs;
import static dev.graft.runtime.cpu.Compare.normal;
import static dev.graft.runtime.cpu.Compare.same;
import static dev.graft.runtime.cpu.Compare.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every kernel of {@link CpuBackend} against {@link ReferenceBackend} on random inputs, with shapes
 * chosen to hit the awkward cases: sizes 1, primes, sizes that are not multiples of the vector length
 * (16 floats with AVX-512) or of the GEMM tiles (12 x 32), products large enough for the packed,
 * multi-threaded paths, and inputs with ±inf and NaN where a kernel must pass them through.
 *
 * <p>Tolerances. The reference computes in double where rounding matters and rounds once; this
 * backend computes in float. A float sum of n terms carries a rounding error of at most about
 * {@code n·ε·Σ|terms|} and, with rounding errors of random sign, typically {@code √n·ε·Σ|terms|}
 * (ε = 2⁻²³). Tolerances below are that bound with a small constant, stated per kernel; kernels whose
 * float operations are the reference's own (binary ops, affine, axpy, copies, gathers, scatter-adds,
 * dropout, AdamW) must match bit for bit.
 */
class CpuBackendConformanceTest {
    static ReferenceBackend ref;
    static CpuBackend cpu;

    @BeforeAll
    static void setUp() {
        ref = new ReferenceBackend();
        cpu = new CpuBackend(2);
    }

    @AfterAll
    static void tearDown() {
        cpu.close();
    }

    private static Storage up(float[] a) {
        return HeapStorage.ofFloats(a.clone());
    }

    private static Storage upInts(int[] a) {
        return HeapStorage.ofInts(a.clone());
    }

    // ================================================================ service lookup

    @Test
    void serviceLoaderFindsTheCpuBackend() {
        try (ComputeBackend b = Backends.create("cpu")) {
            assertInstanceOf(CpuBackend.class, b);
            assertEquals("cpu", b.name());
        }
        assertEquals(true, Backends.available().contains("cpu"));
    }

    // ================================================================ GEMM

    static Stream<Arguments> gemmCases() {
        int[][] shapes = {{1, 1, 1}, {1, 1, 300}, {1, 33, 7}, {5, 1, 9}, {3, 17, 2}, {13, 31, 29}, {12, 32, 64},
                {17, 45, 101}, {64, 64, 64}, {37, 97, 263}, {131, 67, 257}, {200, 130, 96}, {29, 600, 130}};
        List<Arguments> out = new ArrayList<>();
        int i = 0;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean bias = (i % 3) != 1;
                float beta = (i % 2 == 0) ? 0f : 1f;
                out.add(Arguments.of(1, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, "packed", bias, beta));
                i++;
            }
        }
        out.add(Arguments.of(3, 7, 19, 11, false, true, "packed", true, 1f));
        out.add(Arguments.of(4, 33, 40, 24, true, false, "broadcastB", false, 0f));
        out.add(Arguments.of(2, 50, 70, 700, false, false, "broadcastA", true, 0f));
        out.add(Arguments.of(5, 16, 16, 16, true, true, "gapped", true, 1f));
        out.add(Arguments.of(3, 60, 80, 500, true, false, "gapped", false, 1f));
        out.add(Arguments.of(1, 4, 5, 0, false, false, "packed", true, 1f));
        out.add(Arguments.of(2, 9, 35, 40, false, false, "packed", true, 0.5f));
        return out.stream();
    }

    @ParameterizedTest(name = "batch {0}: [{1}x{3}]·[{3}x{2}] transA={4} transB={5} {6} bias={7} beta={8}")
    @MethodSource("gemmCases")
    void gemmMatchesReference(int batch, int m, int n, int k, boolean ta, boolean tb, String strides, boolean bias,
                              float beta) {
        Random r = new Random(31L * m + 7L * n + k + (ta ? 1 : 0) + (tb ? 2 : 0) + batch);
        long sa = (long) m * k;
        long sb = (long) k * n;
        long sc = (long) m * n;
        int aOff = 0;
        int bOff = 0;
        int cOff = 0;
        switch (strides) {
            case "broadcastA" -> sa = 0;
            case "broadcastB" -> sb = 0;
            case "gapped" -> {
                sa += 5;
                sb += 3;
                sc += 7;
                aOff = 2;
                bOff = 1;
                cOff = 4;
            }
            default -> { }
        }
        GemmSpec g = new GemmSpec(batch, m, n, k, ta, tb, sa, sb, sc);
        float[] a = normal(r, (int) (aOff + sa * (batch - 1) + (long) m * k), 1);
        float[] b = normal(r, (int) (bOff + sb * (batch - 1) + (long) k * n), 1);
        float[] c0 = normal(r, (int) (cOff + sc * (batch - 1) + (long) m * n), 1);
        if (beta == 0f) {
            Arrays.fill(c0, Float.NaN); // beta 0 must ignore C's old contents, even NaN
        }
        float[] bi = bias ? normal(r, n, 1) : null;
        Storage cr = up(c0);
        Storage cc = up(c0);
        ref.gemm(g, up(a), aOff, up(b), bOff, cr, cOff, bi == null ? null : up(bi), beta);
        cpu.gemm(g, up(a), aOff, up(b), bOff, cc, cOff, bi == null ? null : up(bi), beta);
        // Per element: 2·√k·ε·Σ_p|a_ip·b_pj| for the dot product, plus the rounding of the bias and C terms.
        float[] tol = new float[c0.length];
        for (int bt = 0; bt < batch; bt++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        float av = ta ? a[(int) (aOff + bt * sa + (long) p * m + i)] : a[(int) (aOff + bt * sa + (long) i * k + p)];
                        float bv = tb ? b[(int) (bOff + bt * sb + (long) j * k + p)] : b[(int) (bOff + bt * sb + (long) p * n + j)];
                        s += Math.abs((double) av * bv);
                    }
                    int ci = (int) (cOff + bt * sc + (long) i * n + j);
                    double extra = (bi == null ? 0 : Math.abs(bi[j])) + (beta == 0f ? 0 : Math.abs(beta * c0[ci]));
                    tol[ci] = (float) (2 * Math.sqrt(Math.max(k, 1)) * EPS * s + 4 * EPS * (extra + s));
                }
            }
        }
        close("C", floats(cr), floats(cc), i -> tol[i]);
    }

    @Test
    void gemmRejectsOperandsOutsideTheirStorage() {
        GemmSpec g = GemmSpec.of(4, 4, 4, false, false);
        assertThrows(IllegalArgumentException.class, () -> cpu.gemm(g, up(new float[15]), 0, up(new float[16]), 0,
                up(new float[16]), 0, null, 0f));
    }

    // ================================================================ unary

    static Stream<Arguments> unaryCases() {
        List<Arguments> out = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : new int[] {1, 15, 16, 17, 1000, 40_000}) {
                out.add(Arguments.of(op, n));
            }
        }
        return out.stream();
    }

    private static float[] unaryInput(UnaryOp op, Random r, int n) {
        return switch (op) {
            case LOG, SQRT, RSQRT -> uniform(r, n, 1e-3f, 100f);
            case RECIPROCAL -> {
                float[] a = uniform(r, n, 0.01f, 10f);
                for (int i = 0; i < n; i += 2) {
                    a[i] = -a[i];
                }
                yield a;
            }
            case EXP -> uniform(r, n, -30f, 30f);
            default -> uniform(r, n, -12f, 12f);
        };
    }

    /**
     * Forward: the vectorised functions are within a few ulp (VMathAccuracyTest); 2e-6 relative is ~17 ulp.
     * The reference's GELUs form {@code 1 + erf} and {@code 1 + tanh} in double, which cancels in the far
     * negative tail to an absolute error of about {@code |x|·2⁻⁵²}; this backend's forms do not cancel, so
     * the tolerance adds the reference's own error there. Conversely, in float the exponent of the tail
     * ({@code −x²/2}, {@code −2u ≈ −0.07x³}) is rounded to ~ε of its size, which is a relative error of that
     * size in the result.
     */
    private static double unaryTol(UnaryOp op, float x, float expected) {
        if (op == UnaryOp.GELU_ERF || op == UnaryOp.GELU_TANH) {
            double ax = Math.abs(x);
            double exponent = 4 * EPS * (ax * ax + 0.1 * ax * ax * ax);
            return (2e-6 + exponent) * Math.abs(expected) + 4e-16 * ax + 1e-37;
        }
        return 2e-6 * Math.abs(expected) + 1e-37;
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("unaryCases")
    void unaryMatchesReference(UnaryOp op, int n) {
        float[] x = unaryInput(op, new Random(op.ordinal() * 1000L + n), n);
        Storage or = ref.allocate(DType.F32, n);
        Storage oc = cpu.allocate(DType.F32, n);
        ref.unary(op, up(x), or, n);
        cpu.unary(op, up(x), oc, n);
        float[] e = floats(or);
        close(op.name(), e, floats(oc), i -> unaryTol(op, x[i], e[i]));
    }

    /**
     * Backward: {@code g·f'(x)}; 4e-6 relative plus 1e-6·|g| absolute, the latter for derivatives that
     * are differences of O(1) terms (GELU's near its minimum, SiLU's) and so carry ε-sized absolute error.
     */
    @ParameterizedTest(name = "{0}' n={1}")
    @MethodSource("unaryCases")
    void unaryBackwardMatchesReference(UnaryOp op, int n) {
        Random r = new Random(op.ordinal() * 7919L + n);
        float[] x = unaryInput(op, r, n);
        float[] g = normal(r, n, 1);
        Storage or = ref.allocate(DType.F32, n);
        Storage oc = cpu.allocate(DType.F32, n);
        ref.unaryBackward(op, up(x), up(g), or, n);
        cpu.unaryBackward(op, up(x), up(g), oc, n);
        float[] e = floats(or);
        close(op.name() + "'", e, floats(oc), i -> 4e-6 * Math.abs(e[i]) + 1e-6 * Math.abs(g[i]));
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryPassesSpecialValuesLikeTheReference(UnaryOp op) {
        float[] x = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 100f, -100f, 1e-30f,
                -1e-30f, 1e-42f, 88f, 89f, -87f, -104f, -110f, 0.625f, -0.625f, 1f, -1f, 9f, -9f};
        Storage or = ref.allocate(DType.F32, x.length);
        Storage oc = cpu.allocate(DType.F32, x.length);
        ref.unary(op, up(x), or, x.length);
        cpu.unary(op, up(x), oc, x.length);
        // Subnormal results may flush differently; 1e-37 absolute covers them.
        float[] e = floats(or);
        close(op.name(), e, floats(oc), i -> unaryTol(op, x[i], e[i]));
    }

    @Test
    void unaryMayWriteInPlace() {
        float[] x = uniform(new Random(3), 100, -3, 3);
        Storage s = up(x);
        Storage o = ref.allocate(DType.F32, 100);
        ref.unary(UnaryOp.GELU_TANH, up(x), o, 100);
        cpu.unary(UnaryOp.GELU_TANH, s, s, 100);
        close("in place", floats(o), floats(s), 2e-6, 1e-37);
    }

    // ================================================================ affine, axpy, fill

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void affineAxpyAndFillGiveTheReferencesBits(int n) {
        Random r = new Random(n);
        float[] x = normal(r, n, 3);
        float[] y = normal(r, n, 3);
        Storage ar = ref.allocate(DType.F32, n);
        Storage ac = cpu.allocate(DType.F32, n);
        ref.affine(up(x), 1.7f, -0.3f, ar, n);
        cpu.affine(up(x), 1.7f, -0.3f, ac, n);
        same("affine", floats(ar), floats(ac));
        Storage yr = up(y);
        Storage yc = up(y);
        ref.axpy(-0.77f, up(x), yr, n);
        cpu.axpy(-0.77f, up(x), yc, n);
        same("axpy", floats(yr), floats(yc));
        Storage fr = up(y);
        Storage fc = up(y);
        ref.fill(fr, n / 3, n - n / 3, 2.5f);
        cpu.fill(fc, n / 3, n - n / 3, 2.5f);
        same("fill", floats(fr), floats(fc));
    }

    static Stream<Integer> sizes() {
        return Stream.of(1, 7, 16, 33, 1000, 70_001);
    }

    // ================================================================ binary

    static Stream<Arguments> binaryCases() {
        int[][][] pairs = {{{7}, {7}}, {{3, 17}, {17}}, {{17}, {3, 17}}, {{3, 17}, {3, 1}}, {{5, 1, 33}, {4, 1}},
                {{}, {2, 3}}, {{2, 3}, {}}, {{1}, {40_000}}, {{300, 200}, {200}}, {{2, 1, 3}, {1, 4, 1}},
                {{6, 1}, {1, 5}}, {{1, 1}, {1, 1}}, {{13, 29}, {13, 29}}};
        List<Arguments> out = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (int[][] p : pairs) {
                out.add(Arguments.of(op, p[0], p[1]));
            }
        }
        return out.stream();
    }

    private static float[] binaryInput(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (r.nextInt(9) - 4) * 0.5f + (r.nextInt(4) == 0 ? 0f : r.nextFloat()); // ties for EQ/MAX/MIN
            if (r.nextInt(50) == 0) {
                a[i] = r.nextBoolean() ? Float.NaN : -0f;
            }
        }
        return a;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("binaryCases")
    void binaryGivesTheReferencesBits(BinaryOp op, int[] as, int[] bs) {
        Random r = new Random(Arrays.hashCode(as) * 31L + Arrays.hashCode(bs) + op.ordinal());
        float[] a = binaryInput(r, (int) Shapes.numel(as));
        float[] b = binaryInput(r, (int) Shapes.numel(bs));
        for (int i = 0; i < b.length; i++) {
            if (op == BinaryOp.DIV && b[i] == 0f) {
                b[i] = 0.25f;
            }
        }
        Broadcast bc = Broadcast.of(as, bs);
        int n = (int) bc.size();
        Storage or = ref.allocate(DType.F32, n);
        Storage oc = cpu.allocate(DType.F32, n);
        ref.binary(op, up(a), up(b), or, bc);
        cpu.binary(op, up(a), up(b), oc, bc);
        same(op.name(), floats(or), floats(oc));
    }

    @Test
    void binaryHandlesStridedInnerDimensions() {
        // a is read transposed (inner stride 4), b is broadcast along the outer dimension.
        Random r = new Random(11);
        float[] a = normal(r, 24, 1);
        float[] b = normal(r, 6, 1);
        Broadcast bc = new Broadcast(new int[] {4, 6}, new long[] {1, 4}, new long[] {0, 1});
        Storage or = ref.allocate(DType.F32, 24);
        Storage oc = cpu.allocate(DType.F32, 24);
        ref.binary(BinaryOp.SUB, up(a), up(b), or, bc);
        cpu.binary(BinaryOp.SUB, up(a), up(b), oc, bc);
        same("strided", floats(or), floats(oc));
    }

    // ================================================================ strided copies

    static Stream<Arguments> stridedCases() {
        return Stream.of(
                Arguments.of(new int[] {2, 3, 4, 5}, new int[] {0, 2, 1, 3}),
                Arguments.of(new int[] {2, 3, 4, 5}, new int[] {3, 2, 1, 0}),
                Arguments.of(new int[] {2, 3, 4, 5}, new int[] {0, 1, 3, 2}),
                Arguments.of(new int[] {16, 128, 4, 64}, new int[] {0, 2, 1, 3}),
                Arguments.of(new int[] {1, 7, 1, 13}, new int[] {2, 1, 0, 3}),
                Arguments.of(new int[] {300, 301}, new int[] {1, 0}),
                Arguments.of(new int[] {5}, new int[] {0}));
    }

    /** Permutes a contiguous tensor into a contiguous result: dst strides contiguous, src strides permuted. */
    @ParameterizedTest(name = "{0} permuted {1}")
    @MethodSource("stridedCases")
    void copyAndAddStridedGiveTheReferencesBits(int[] shape, int[] perm) {
        Random r = new Random(Arrays.hashCode(shape) + Arrays.hashCode(perm));
        int n = (int) Shapes.numel(shape);
        long[] srcStrides = Shapes.strides(shape);
        int[] outShape = new int[shape.length];
        long[] ss = new long[shape.length];
        for (int d = 0; d < shape.length; d++) {
            outShape[d] = shape[perm[d]];
            ss[d] = srcStrides[perm[d]];
        }
        long[] ds = Shapes.strides(outShape);
        float[] x = normal(r, n + 3, 1);
        float[] y = normal(r, n + 5, 1);
        Storage cr = up(y);
        Storage cc = up(y);
        ref.copyStrided(up(x), 3, ss, cr, 5, ds, outShape);
        cpu.copyStrided(up(x), 3, ss, cc, 5, ds, outShape);
        same("copy", floats(cr), floats(cc));
        Storage ar = up(y);
        Storage ac = up(y);
        ref.addStrided(up(x), 3, ss, ar, 5, ds, outShape);
        cpu.addStrided(up(x), 3, ss, ac, 5, ds, outShape);
        same("add", floats(ar), floats(ac));
        int[] xi = new int[n + 3];
        for (int i = 0; i < xi.length; i++) {
            xi[i] = r.nextInt();
        }
        Storage ir = upInts(new int[n + 5]);
        Storage ic = upInts(new int[n + 5]);
        ref.copyStrided(upInts(xi), 3, ss, ir, 5, ds, outShape);
        cpu.copyStrided(upInts(xi), 3, ss, ic, 5, ds, outShape);
        assertArrayEquals(ints(ir), ints(ic));
    }

    @Test
    void stridedBroadcastSourceAndRepeatedDestination() {
        Random r = new Random(5);
        float[] x = normal(r, 40, 1);
        int[] shape = {6, 40};
        // Materialise a broadcast: the source repeats one row.
        Storage cr = ref.allocate(DType.F32, 240);
        Storage cc = cpu.allocate(DType.F32, 240);
        ref.copyStrided(up(x), 0, new long[] {0, 1}, cr, 0, new long[] {40, 1}, shape);
        cpu.copyStrided(up(x), 0, new long[] {0, 1}, cc, 0, new long[] {40, 1}, shape);
        same("broadcast copy", floats(cr), floats(cc));
        // Accumulate into a destination that repeats (stride 0): the reference's order defines the bits.
        float[] big = normal(r, 240, 1);
        float[] d0 = normal(r, 40, 1);
        Storage ar = up(d0);
        Storage ac = up(d0);
        ref.addStrided(up(big), 0, new long[] {40, 1}, ar, 0, new long[] {0, 1}, shape);
        cpu.addStrided(up(big), 0, new long[] {40, 1}, ac, 0, new long[] {0, 1}, shape);
        same("repeated add", floats(ar), floats(ac));
    }

    // ================================================================ reductions

    static Stream<Arguments> reduceCases() {
        int[][] shapes = {{1, 1, 1}, {1, 17, 1}, {3, 100, 1}, {2, 5, 7}, {4, 33, 17}, {1, 70_001, 1}, {2, 300, 40},
                {50, 3, 1}, {3, 1, 5}, {1, 129, 300}};
        List<Arguments> out = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] s : shapes) {
                out.add(Arguments.of(op, s[0], s[1], s[2]));
            }
        }
        return out.stream();
    }

    /** Float sum tolerance: 2·(√n + 8)·ε·Σ|x| for a sum of n terms (typical random-sign rounding, with margin). */
    private static double sumTol(int n, double absSum) {
        return 2 * (Math.sqrt(n) + 8) * EPS * absSum + 1e-30;
    }

    @ParameterizedTest(name = "{0} [{1}, {2}, {3}]")
    @MethodSource("reduceCases")
    void reduceMatchesReference(ReduceOp op, int outer, int reduced, int inner) {
        Random r = new Random(outer * 31L + reduced * 17L + inner + op.ordinal());
        float[] x = normal(r, outer * reduced * inner, 2);
        Storage or = ref.allocate(DType.F32, outer * inner);
        Storage oc = cpu.allocate(DType.F32, outer * inner);
        ref.reduce(op, up(x), outer, reduced, inner, or);
        cpu.reduce(op, up(x), outer, reduced, inner, oc);
        if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
            same(op.name(), floats(or), floats(oc));
            return;
        }
        float[] abs = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            abs[i] = Math.abs(x[i]);
        }
        Storage sr = ref.allocate(DType.F32, outer * inner);
        ref.reduce(op, up(abs), outer, reduced, inner, sr);
        float[] absSum = floats(sr);
        close(op.name(), floats(or), floats(oc), i -> sumTol(reduced, absSum[i]));
    }

    static Stream<Arguments> sumToShapeCases() {
        return Stream.of(
                Arguments.of(new int[] {5, 7}, new int[] {1, 7}),
                Arguments.of(new int[] {5, 7}, new int[] {5, 1}),
                Arguments.of(new int[] {5, 7}, new int[] {1, 1}),
                Arguments.of(new int[] {3, 4, 5}, new int[] {1, 4, 1}),
                Arguments.of(new int[] {3, 4, 5}, new int[] {3, 1, 5}),
                Arguments.of(new int[] {2, 3, 4, 5}, new int[] {1, 3, 1, 5}),
                Arguments.of(new int[] {1000, 33}, new int[] {1, 33}),
                Arguments.of(new int[] {2048, 768}, new int[] {1, 768}),
                Arguments.of(new int[] {4, 1, 6}, new int[] {4, 1, 1}),
                Arguments.of(new int[] {3, 5}, new int[] {3, 5}),
                Arguments.of(new int[] {}, new int[] {}));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("sumToShapeCases")
    void sumToShapeMatchesReference(int[] xs, int[] os) {
        Random r = new Random(Arrays.hashCode(xs) + 3L * Arrays.hashCode(os));
        int n = (int) Shapes.numel(xs);
        int m = (int) Shapes.numel(os);
        float[] x = normal(r, n, 1);
        float[] abs = new float[n];
        for (int i = 0; i < n; i++) {
            abs[i] = Math.abs(x[i]);
        }
        Storage or = ref.allocate(DType.F32, m);
        Storage oc = cpu.allocate(DType.F32, m);
        Storage sr = ref.allocate(DType.F32, m);
        ref.sumToShape(up(x), xs, or, os);
        cpu.sumToShape(up(x), xs, oc, os);
        ref.sumToShape(up(abs), xs, sr, os);
        int summed = n / Math.max(1, m);
        float[] absSum = floats(sr);
        close("sum", floats(or), floats(oc), i -> sumTol(summed, absSum[i]));
    }

    @ParameterizedTest(name = "[{0} x {1}]")
    @MethodSource("rowShapes")
    void argmaxGivesTheReferencesIndex(int rows, int cols) {
        Random r = new Random(rows * 131L + cols);
        float[] x = normal(r, rows * cols, 1);
        if (rows > 2 && cols > 3) {
            x[cols + 2] = Float.NaN; // a NaN row follows the reference's scan
            x[2 * cols + 1] = x[2 * cols + cols - 1] = 50f; // a tie: the first wins
        }
        Storage or = ref.allocate(DType.I32, rows);
        Storage oc = cpu.allocate(DType.I32, rows);
        ref.argmax(up(x), rows, cols, or);
        cpu.argmax(up(x), rows, cols, oc);
        assertArrayEquals(ints(or), ints(oc));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void dotMatchesReference(int n) {
        Random r = new Random(n * 3L);
        float[] x = normal(r, n, 1);
        float[] y = normal(r, n, 1);
        double abs = 0;
        for (int i = 0; i < n; i++) {
            abs += Math.abs((double) x[i] * y[i]);
        }
        double e = ref.dot(up(x), up(y), n);
        double a = cpu.dot(up(x), up(y), n);
        assertEquals(e, a, sumTol(n, abs));
    }

    // ================================================================ softmax and losses

    static Stream<Arguments> rowShapes() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(3, 7), Arguments.of(5, 16), Arguments.of(4, 17),
                Arguments.of(2, 100), Arguments.of(64, 8192), Arguments.of(700, 33));
    }

    private static float[] logits(Random r, int rows, int cols) {
        float[] x = normal(r, rows * cols, 4);
        if (cols > 2) {
            for (int row = 0; row < rows; row += 2) {
                x[row * cols + 1] = Float.NEGATIVE_INFINITY; // masked entries
            }
        }
        return x;
    }

    /**
     * softmax: relative error of e^{x−max} is ~|x − max|·ε (rounding of the difference) plus the
     * exponential's 2 ulp, and the sum's √cols·ε; 1e-5 relative covers inputs spread over ±20.
     */
    @ParameterizedTest(name = "[{0} x {1}]")
    @MethodSource("rowShapes")
    void softmaxAndBackwardMatchReference(int rows, int cols) {
        Random r = new Random(rows * 7L + cols);
        float[] x = logits(r, rows, cols);
        int n = rows * cols;
        Storage yr = ref.allocate(DType.F32, n);
        Storage yc = up(x);
        ref.softmax(up(x), yr, rows, cols);
        cpu.softmax(yc, yc, rows, cols); // in place
        close("softmax", floats(yr), floats(yc), 1e-5, 1e-12);
        float[] y = floats(yr);
        float[] gy = normal(r, n, 1);
        Storage gr = ref.allocate(DType.F32, n);
        Storage gc = cpu.allocate(DType.F32, n);
        ref.softmaxBackward(yr, up(gy), gr, rows, cols);
        cpu.softmaxBackward(yr, up(gy), gc, rows, cols);
        double[] rowAbs = new double[rows];
        for (int i = 0; i < n; i++) {
            rowAbs[i / cols] += Math.abs((double) y[i] * gy[i]);
        }
        float[] e = floats(gr);
        close("softmax'", e, floats(gc), i -> 1e-5 * Math.abs(e[i])
                + Math.abs(y[i]) * sumTol(cols, rowAbs[i / cols] + Math.abs(gy[i])));
    }

    /** log-softmax: {@code x − lse} carries ε·(|x| + |lse|) from the subtraction and √cols·ε from the sum. */
    @ParameterizedTest(name = "[{0} x {1}]")
    @MethodSource("rowShapes")
    void logSoftmaxAndBackwardMatchReference(int rows, int cols) {
        Random r = new Random(rows * 11L + cols);
        float[] x = logits(r, rows, cols);
        int n = rows * cols;
        Storage yr = ref.allocate(DType.F32, n);
        Storage yc = cpu.allocate(DType.F32, n);
        ref.logSoftmax(up(x), yr, rows, cols);
        cpu.logSoftmax(up(x), yc, rows, cols);
        float[] y = floats(yr);
        close("logSoftmax", y, floats(yc), i -> 4 * EPS * (Math.abs(x[i]) + Math.abs(y[i]) + 1) * (Math.sqrt(cols) + 4));
        float[] gy = normal(r, n, 1);
        double[] rowAbs = new double[rows];
        for (int i = 0; i < n; i++) {
            rowAbs[i / cols] += Math.abs(gy[i]);
        }
        Storage gr = ref.allocate(DType.F32, n);
        Storage gc = cpu.allocate(DType.F32, n);
        ref.logSoftmaxBackward(yr, up(gy), gr, rows, cols);
        cpu.logSoftmaxBackward(yr, up(gy), gc, rows, cols);
        float[] e = floats(gr);
        close("logSoftmax'", e, floats(gc), i -> 4e-6 * Math.abs(e[i]) + 4 * EPS * Math.abs(gy[i])
                + Math.exp(y[i]) * sumTol(cols, rowAbs[i / cols]) * 2);
    }

    static Stream<Arguments> crossEntropyCases() {
        List<Arguments> out = new ArrayList<>();
        for (float smoothing : new float[] {0f, 0.1f}) {
            out.add(Arguments.of(1, 1, smoothing));
            out.add(Arguments.of(5, 17, smoothing));
            out.add(Arguments.of(33, 100, smoothing));
            out.add(Arguments.of(64, 8192, smoothing));
        }
        return out.stream();
    }

    /** Loss and lse: ε·|lse|·(√cols + 4) from the log-sum-exp; gradient: the softmax bound, scaled. */
    @ParameterizedTest(name = "[{0} x {1}] smoothing {2}")
    @MethodSource("crossEntropyCases")
    void crossEntropyAndBackwardMatchReference(int rows, int cols, float smoothing) {
        Random r = new Random(rows * 5L + cols);
        float[] x = normal(r, rows * cols, 3);
        int[] t = new int[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = i % 4 == 3 ? -100 : r.nextInt(cols);
        }
        Storage lr = ref.allocate(DType.F32, rows);
        Storage lc = cpu.allocate(DType.F32, rows);
        Storage sr = ref.allocate(DType.F32, rows);
        Storage sc = cpu.allocate(DType.F32, rows);
        ref.crossEntropy(up(x), upInts(t), rows, cols, -100, smoothing, lr, sr);
        cpu.crossEntropy(up(x), upInts(t), rows, cols, -100, smoothing, lc, sc);
        float[] lse = floats(sr);
        double tol = (Math.sqrt(cols) + 4) * 8 * EPS;
        close("lse", lse, floats(sc), i -> tol * (1 + Math.abs(lse[i])));
        close("loss", floats(lr), floats(lc), i -> tol * (1 + 2 * Math.abs(lse[i]) + 12));
        float scale = 1f / rows;
        Storage gr = ref.allocate(DType.F32, rows * cols);
        Storage gc = cpu.allocate(DType.F32, rows * cols);
        ref.crossEntropyBackward(up(x), sr, upInts(t), rows, cols, -100, smoothing, scale, gr);
        cpu.crossEntropyBackward(up(x), sr, upInts(t), rows, cols, -100, smoothing, scale, gc);
        float[] e = floats(gr);
        close("grad", e, floats(gc), i -> 1e-5 * Math.abs(e[i]) + 4 * EPS * scale);
    }

    @Test
    void crossEntropyRejectsATargetOutsideTheVocabulary() {
        assertThrows(IllegalArgumentException.class, () -> cpu.crossEntropy(up(new float[6]),
                upInts(new int[] {1, 3}), 2, 3, -100, 0f, cpu.allocate(DType.F32, 2), cpu.allocate(DType.F32, 2)));
    }

    // ================================================================ normalisation

    static Stream<Arguments> normCases() {
        return Stream.of(Arguments.of(1, 1, true), Arguments.of(3, 7, false), Arguments.of(5, 16, true),
                Arguments.of(4, 33, true), Arguments.of(130, 256, true), Arguments.of(70, 1000, false));
    }

    /**
     * Layer norm: x̂ carries ε·(|x| + |mean|)·rstd plus the mean's and variance's summation error; outputs
     * within 1e-5·(1 + |y|). The backward's parameter gradients sum over rows: the float-sum bound over rows.
     */
    @ParameterizedTest(name = "[{0} x {1}] beta={2}")
    @MethodSource("normCases")
    void layerNormAndBackwardMatchReference(int rows, int cols, boolean withBeta) {
        Random r = new Random(rows * 3L + cols);
        int n = rows * cols;
        float[] x = normal(r, n, 2);
        for (int i = 0; i < n; i++) {
            x[i] += 3f;
        }
        float[] gamma = normal(r, cols, 1);
        float[] beta = withBeta ? normal(r, cols, 1) : null;
        Storage yr = ref.allocate(DType.F32, n);
        Storage yc = cpu.allocate(DType.F32, n);
        Storage mr = ref.allocate(DType.F32, rows);
        Storage mc = cpu.allocate(DType.F32, rows);
        Storage rr = ref.allocate(DType.F32, rows);
        Storage rc = cpu.allocate(DType.F32, rows);
        ref.layerNorm(up(x), up(gamma), beta == null ? null : up(beta), rows, cols, 1e-5f, yr, mr, rr);
        cpu.layerNorm(up(x), up(gamma), beta == null ? null : up(beta), rows, cols, 1e-5f, yc, mc, rc);
        close("mean", floats(mr), floats(mc), 1e-6, 1e-7);
        close("rstd", floats(rr), floats(rc), 1e-5, 0);
        close("out", floats(yr), floats(yc), 1e-5, 1e-5 * (1 + maxAbs(gamma)));

        float[] gy = normal(r, n, 1);
        float[] gw0 = normal(r, cols, 1);
        float[] gb0 = normal(r, cols, 1);
        Storage gxr = ref.allocate(DType.F32, n);
        Storage gxc = cpu.allocate(DType.F32, n);
        Storage gwr = up(gw0);
        Storage gwc = up(gw0);
        Storage gbr = up(gb0);
        Storage gbc = up(gb0);
        ref.layerNormBackward(up(x), up(gamma), mr, rr, up(gy), rows, cols, gxr, gwr, gbr);
        cpu.layerNormBackward(up(x), up(gamma), mr, rr, up(gy), rows, cols, gxc, gwc, gbc);
        float[] e = floats(gxr);
        double[] termScale = normGradScale(gy, gamma, floats(rr), rows, cols);
        close("gx", e, floats(gxc), i -> 2e-5 * Math.abs(e[i]) + 2e-5 * termScale[i / cols]);
        double[] colAbs = new double[cols];
        float[] m = floats(mr);
        float[] rs = floats(rr);
        for (int i = 0; i < n; i++) {
            int row = i / cols;
            colAbs[i % cols] += Math.abs(gy[i]) * (1 + Math.abs((x[i] - m[row]) * rs[row]));
        }
        close("gGamma", floats(gwr), floats(gwc), i -> sumTol(rows, colAbs[i] + Math.abs(gw0[i])) + 1e-5 * colAbs[i] / rows);
        close("gBeta", floats(gbr), floats(gbc), i -> sumTol(rows, colAbs[i] + Math.abs(gb0[i])));
        // Without parameter gradients.
        Storage gx2 = cpu.allocate(DType.F32, n);
        cpu.layerNormBackward(up(x), up(gamma), mr, rr, up(gy), rows, cols, gx2, null, null);
        same("gx without parameter gradients", floats(gxc), floats(gx2));
    }

    /**
     * A norm's input gradient is {@code rstd·(g∘γ − projection terms)}, a difference of terms of size
     * {@code rstd·max|g∘γ|} that may cancel (completely for one column); its error scales with those terms.
     */
    private static double[] normGradScale(float[] gy, float[] gamma, float[] rstd, int rows, int cols) {
        double[] s = new double[rows];
        for (int i = 0; i < rows * cols; i++) {
            s[i / cols] = Math.max(s[i / cols], Math.abs(rstd[i / cols] * gy[i] * gamma[i % cols]));
        }
        return s;
    }

    @ParameterizedTest(name = "[{0} x {1}]")
    @MethodSource("normCases")
    void rmsNormAndBackwardMatchReference(int rows, int cols, boolean unused) {
        Random r = new Random(rows * 13L + cols);
        int n = rows * cols;
        float[] x = normal(r, n, 2);
        float[] gamma = normal(r, cols, 1);
        Storage yr = ref.allocate(DType.F32, n);
        Storage yc = cpu.allocate(DType.F32, n);
        Storage rr = ref.allocate(DType.F32, rows);
        Storage rc = cpu.allocate(DType.F32, rows);
        ref.rmsNorm(up(x), up(gamma), rows, cols, 1e-6f, yr, rr);
        cpu.rmsNorm(up(x), up(gamma), rows, cols, 1e-6f, yc, rc);
        close("rstd", floats(rr), floats(rc), 1e-5, 0);
        close("out", floats(yr), floats(yc), 1e-5, 1e-6);
        float[] gy = normal(r, n, 1);
        float[] gw0 = normal(r, cols, 1);
        Storage gxr = ref.allocate(DType.F32, n);
        Storage gxc = cpu.allocate(DType.F32, n);
        Storage gwr = up(gw0);
        Storage gwc = up(gw0);
        ref.rmsNormBackward(up(x), up(gamma), rr, up(gy), rows, cols, gxr, gwr);
        cpu.rmsNormBackward(up(x), up(gamma), rr, up(gy), rows, cols, gxc, gwc);
        float[] e = floats(gxr);
        double[] termScale = normGradScale(gy, gamma, floats(rr), rows, cols);
        close("gx", e, floats(gxc), i -> 2e-5 * Math.abs(e[i]) + 2e-5 * termScale[i / cols]);
        double[] colAbs = new double[cols];
        float[] rs = floats(rr);
        for (int i = 0; i < n; i++) {
            colAbs[i % cols] += Math.abs(gy[i] * x[i] * rs[i / cols]);
        }
        close("gGamma", floats(gwr), floats(gwc), i -> sumTol(rows, colAbs[i] + Math.abs(gw0[i])) + 1e-5 * colAbs[i] / rows);
    }

    // ================================================================ gather / scatter

    static Stream<Arguments> gatherCases() {
        return Stream.of(Arguments.of(1, 1, 1, 1), Arguments.of(1, 7, 5, 9), Arguments.of(3, 50, 16, 40),
                Arguments.of(2, 13, 17, 3), Arguments.of(1, 8192, 256, 2048), Arguments.of(1, 20, 300, 33));
    }

    @ParameterizedTest(name = "outer {0}, rows {1}, inner {2}, n {3}")
    @MethodSource("gatherCases")
    void indexSelectAndIndexAddGiveTheReferencesBits(int outer, int rows, int inner, int n) {
        Random r = new Random(outer + rows * 7L + inner * 13L + n);
        float[] src = normal(r, outer * rows * inner, 1);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = r.nextInt(Math.min(rows, 5 + i)); // repeats
        }
        Storage or = ref.allocate(DType.F32, outer * n * inner);
        Storage oc = cpu.allocate(DType.F32, outer * n * inner);
        ref.indexSelect(up(src), outer, rows, inner, upInts(idx), n, or);
        cpu.indexSelect(up(src), outer, rows, inner, upInts(idx), n, oc);
        same("indexSelect", floats(or), floats(oc));
        float[] grad = normal(r, outer * n * inner, 1);
        Storage dr = up(src);
        Storage dc = up(src);
        ref.indexAdd(up(grad), outer, rows, inner, upInts(idx), n, dr);
        cpu.indexAdd(up(grad), outer, rows, inner, upInts(idx), n, dc);
        same("indexAdd", floats(dr), floats(dc));
    }

    @Test
    void gathersRejectIndicesOutsideTheTable() {
        Storage table = up(new float[12]);
        assertThrows(IllegalArgumentException.class, () -> cpu.indexSelect(table, 1, 4, 3, upInts(new int[] {0, 4}), 2,
                cpu.allocate(DType.F32, 6)));
        float[] before = floats(table).clone();
        assertThrows(IllegalArgumentException.class, () -> cpu.indexAdd(up(new float[6]), 1, 4, 3,
                upInts(new int[] {1, -1}), 2, table));
        same("table untouched", before, floats(table));
    }

    // ================================================================ attention

    /** One attention case: sizes, flags and the head layout ("bhtd" separate tensors or "fused" QKV rows). */
    record Att(int batch, int heads, int tq, int tk, int d, boolean causal, String mask, int biasBatch, String layout) {
        @Override
        public String toString() {
            return "B" + batch + " H" + heads + " Tq" + tq + " Tk" + tk + " D" + d + (causal ? " causal" : "")
                    + " mask=" + mask + " bias=" + biasBatch + " " + layout;
        }
    }

    static Stream<Att> attentionCases() {
        return Stream.of(
                new Att(1, 1, 1, 1, 1, false, "none", 0, "bhtd"),
                new Att(2, 3, 5, 5, 8, true, "pad", 0, "bhtd"),
                new Att(1, 2, 13, 13, 64, true, "none", 0, "fused"),
                new Att(2, 2, 7, 19, 17, true, "pad", 2, "bhtd"),
                new Att(2, 2, 19, 7, 5, true, "none", 0, "bhtd"),
                new Att(1, 4, 40, 40, 32, false, "pad", 1, "fused"),
                new Att(1, 4, 33, 40, 32, false, "pad", 1, "bhtd"),
                new Att(2, 2, 70, 70, 64, true, "none", 0, "fused"),
                new Att(3, 2, 12, 24, 33, false, "pad", 1, "bhtd"),
                new Att(2, 1, 9, 9, 16, false, "all", 0, "bhtd"),
                // the first query's only visible key is masked (-1e9): its whole row is masked
                new Att(2, 2, 6, 6, 8, true, "first", 0, "bhtd"),
                new Att(1, 2, 128, 128, 64, false, "pad", 0, "fused"));
    }

    /** Storages and layouts for one case. */
    private record AttData(AttentionSpec spec, float[] qkv, float[] k, float[] v, float[] mask, float[] bias,
                           int outSize, int lseSize, int qkvSize, int kSize) {
    }

    private static AttData attData(Att c, Random r) {
        int B = c.batch();
        int H = c.heads();
        int D = c.d();
        HeadLayout q;
        HeadLayout k;
        HeadLayout v;
        float[] qkv;
        float[] kb = null;
        float[] vb = null;
        int qkvSize;
        int kSize = 0;
        if (c.layout().equals("fused")) {
            if (c.tq() != c.tk()) {
                throw new IllegalArgumentException("fused layout needs tq == tk");
            }
            int width = 3 * H * D;
            q = HeadLayout.bthd(0, c.tq(), width, D);
            k = HeadLayout.bthd(H * D, c.tk(), width, D);
            v = HeadLayout.bthd(2L * H * D, c.tk(), width, D);
            qkvSize = B * c.tq() * width;
            qkv = normal(r, qkvSize, 1);
        } else {
            q = HeadLayout.bhtd(H, c.tq(), D);
            k = HeadLayout.bhtd(H, c.tk(), D);
            v = HeadLayout.bhtd(H, c.tk(), D);
            qkvSize = B * H * c.tq() * D;
            kSize = B * H * c.tk() * D;
            qkv = normal(r, qkvSize, 1);
            kb = normal(r, kSize, 1);
            vb = normal(r, kSize, 1);
        }
        HeadLayout out = HeadLayout.bhtd(H, c.tq(), D);
        float[] mask = null;
        if (!c.mask().equals("none")) {
            mask = new float[B * c.tk()];
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < c.tk(); j++) {
                    boolean hidden = switch (c.mask()) {
                        case "all" -> b == 0;
                        case "first" -> j == 0;
                        default -> j >= c.tk() - 1 - b && j > 0;
                    };
                    mask[b * c.tk() + j] = hidden ? (c.mask().equals("all") ? Float.NEGATIVE_INFINITY : -1e9f) : 0f;
                }
            }
        }
        float[] bias = c.biasBatch() == 0 ? null : normal(r, c.biasBatch() * H * c.tq() * c.tk(), 1);
        AttentionSpec spec = new AttentionSpec(B, H, c.tq(), c.tk(), D, (float) (1 / Math.sqrt(D)), c.causal(), q, k, v,
                out, Math.max(1, c.biasBatch()));
        return new AttData(spec, qkv, kb, vb, mask, bias, B * H * c.tq() * D, B * H * c.tq(), qkvSize, kSize);
    }

    /**
     * Forward: outputs are convex combinations of value rows, so their error is bounded by the error of the
     * probabilities times max|v|; 1e-5·max|v| (probabilities to ~1e-6, see softmax). lse as in softmax.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("attentionCases")
    void attentionMatchesReference(Att c) {
        AttData a = attData(c, new Random(c.hashCode()));
        boolean fused = a.k() == null;
        Storage q = up(a.qkv());
        Storage k = fused ? q : up(a.k());
        Storage v = fused ? q : up(a.v());
        Storage mask = a.mask() == null ? null : up(a.mask());
        Storage bias = a.bias() == null ? null : up(a.bias());
        Storage or = ref.allocate(DType.F32, a.outSize());
        Storage oc = cpu.allocate(DType.F32, a.outSize());
        Storage lr = ref.allocate(DType.F32, a.lseSize());
        Storage lc = cpu.allocate(DType.F32, a.lseSize());
        ref.attention(a.spec(), q, k, v, mask, bias, or, lr);
        cpu.attention(a.spec(), q, k, v, mask, bias, oc, lc);
        float[] vv = fused ? a.qkv() : a.v();
        close("out", floats(or), floats(oc), 1e-5, 1e-5 * maxAbs(vv));
        float[] l = floats(lr);
        close("lse", l, floats(lc), i -> 1e-5 * (1 + Math.abs(l[i])));
    }

    /**
     * Backward: the gradients are accumulated into random initial values; the error of a contribution is
     * bounded like a GEMM over Tk (or Tq) terms of magnitude ~max|contribution|: 2e-5 of the largest.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("attentionCases")
    void attentionBackwardMatchesReference(Att c) {
        Random r = new Random(c.hashCode() + 1L);
        AttData a = attData(c, r);
        boolean fused = a.k() == null;
        Storage q = up(a.qkv());
        Storage k = fused ? q : up(a.k());
        Storage v = fused ? q : up(a.v());
        Storage mask = a.mask() == null ? null : up(a.mask());
        Storage bias = a.bias() == null ? null : up(a.bias());
        Storage out = ref.allocate(DType.F32, a.outSize());
        Storage lse = ref.allocate(DType.F32, a.lseSize());
        ref.attention(a.spec(), q, k, v, mask, bias, out, lse);
        float[] gOut = normal(r, a.outSize(), 1);
        float[] gq0 = normal(r, a.qkvSize(), 1);
        float[] gk0 = fused ? null : normal(r, a.kSize(), 1);
        float[] gv0 = fused ? null : normal(r, a.kSize(), 1);
        float[] gb0 = a.bias() == null ? null : normal(r, a.bias().length, 1);
        Storage[] rs = gradStorages(gq0, gk0, gv0, gb0);
        Storage[] cs = gradStorages(gq0, gk0, gv0, gb0);
        ref.attentionBackward(a.spec(), q, k, v, mask, bias, out, lse, up(gOut), rs[0], rs[1], rs[2], rs[3]);
        cpu.attentionBackward(a.spec(), q, k, v, mask, bias, out, lse, up(gOut), cs[0], cs[1], cs[2], cs[3]);
        String[] names = {"gq", "gk", "gv", "gBias"};
        float[][] initial = {gq0, gk0, gv0, gb0};
        for (int t = 0; t < 4; t++) {
            if (rs[t] == null || (t > 0 && t < 3 && fused)) {
                continue;
            }
            float[] e = floats(rs[t]);
            float[] i0 = initial[t];
            double scale = 0;
            for (int i = 0; i < e.length; i++) {
                scale = Math.max(scale, Math.abs(e[i] - i0[i]));
            }
            close(names[t], e, floats(cs[t]), 4 * EPS, 2e-5 * scale);
        }
    }

    private static Storage[] gradStorages(float[] gq, float[] gk, float[] gv, float[] gb) {
        Storage sq = up(gq);
        return new Storage[] {sq, gk == null ? sq : up(gk), gv == null ? sq : up(gv), gb == null ? null : up(gb)};
    }

    // ================================================================ dropout and AdamW

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void dropoutDrawsTheReferencesMask(int n) {
        Random r = new Random(n);
        float[] x = normal(r, n, 1);
        for (float p : new float[] {0f, 0.1f, 0.5f, 0.9f}) {
            Storage or = ref.allocate(DType.F32, n);
            Storage oc = cpu.allocate(DType.F32, n);
            ref.dropout(up(x), or, n, p, 1234L + n, 77L * n);
            cpu.dropout(up(x), oc, n, p, 1234L + n, 77L * n);
            same("dropout p=" + p, floats(or), floats(oc));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void adamwGivesTheReferencesBits(int n) {
        Random r = new Random(n + 5L);
        float[] p0 = normal(r, n, 1);
        float[] m0 = normal(r, n, 0.1);
        float[] v0 = uniform(r, n, 0f, 0.01f);
        for (AdamWStep s : new AdamWStep[] {new AdamWStep(3e-4f, 0.9f, 0.95f, 1e-8f, 0.1f, 1),
                new AdamWStep(1e-2f, 0.8f, 0.999f, 1e-6f, 0f, 17)}) {
            float[] g = normal(r, n, 1);
            Storage pr = up(p0);
            Storage mr = up(m0);
            Storage vr = up(v0);
            Storage pc = up(p0);
            Storage mc = up(m0);
            Storage vc = up(v0);
            ref.adamw(pr, up(g), mr, vr, n, s);
            cpu.adamw(pc, up(g), mc, vc, n, s);
            same("param", floats(pr), floats(pc));
            same("m", floats(mr), floats(mc));
            same("v", floats(vr), floats(vc));
        }
    }
}
