package dev.graft.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked GEMM micro-kernels: each computes a {@code MR x 2L} block of C (L = the preferred
 * float vector length) with every accumulator held in a vector register, over a k-range, and writes
 * it to C with an optional row bias and an optional accumulation into C's old contents.
 */
final class MicroKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private MicroKernels() {
    }

    /**
     * The 12x2L register-blocked micro-kernel: 12 rows of A (broadcast) times 2 vectors of B.
     * A element (r, p) is {@code a[ao + p*as + r]}, B element (p, j) is {@code b[bo + p*bs + j]}.
     */
    static void kernel12x2(int kc, float[] a, int ao, int as, float[] b, int bo, int bs,
            float[] c, int co, int ldc, float[] bias, int biasOff, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(S); FloatVector c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S); FloatVector c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S); FloatVector c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S); FloatVector c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S); FloatVector c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S); FloatVector c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S); FloatVector c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S); FloatVector c7_1 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S); FloatVector c8_1 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S); FloatVector c9_1 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S); FloatVector c10_1 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S); FloatVector c11_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 1 * L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[ao + 0]);
            c0_0 = av.fma(b0, c0_0); c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(S, a[ao + 1]);
            c1_0 = av.fma(b0, c1_0); c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(S, a[ao + 2]);
            c2_0 = av.fma(b0, c2_0); c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(S, a[ao + 3]);
            c3_0 = av.fma(b0, c3_0); c3_1 = av.fma(b1, c3_1);
            av = FloatVector.broadcast(S, a[ao + 4]);
            c4_0 = av.fma(b0, c4_0); c4_1 = av.fma(b1, c4_1);
            av = FloatVector.broadcast(S, a[ao + 5]);
            c5_0 = av.fma(b0, c5_0); c5_1 = av.fma(b1, c5_1);
            av = FloatVector.broadcast(S, a[ao + 6]);
            c6_0 = av.fma(b0, c6_0); c6_1 = av.fma(b1, c6_1);
            av = FloatVector.broadcast(S, a[ao + 7]);
            c7_0 = av.fma(b0, c7_0); c7_1 = av.fma(b1, c7_1);
            av = FloatVector.broadcast(S, a[ao + 8]);
            c8_0 = av.fma(b0, c8_0); c8_1 = av.fma(b1, c8_1);
            av = FloatVector.broadcast(S, a[ao + 9]);
            c9_0 = av.fma(b0, c9_0); c9_1 = av.fma(b1, c9_1);
            av = FloatVector.broadcast(S, a[ao + 10]);
            c10_0 = av.fma(b0, c10_0); c10_1 = av.fma(b1, c10_1);
            av = FloatVector.broadcast(S, a[ao + 11]);
            c11_0 = av.fma(b0, c11_0); c11_1 = av.fma(b1, c11_1);
            ao += as;
            bo += bs;
        }
        if (bias != null) {
            FloatVector bb0 = FloatVector.fromArray(S, bias, biasOff);
            FloatVector bb1 = FloatVector.fromArray(S, bias, biasOff + 1 * L);
            c0_0 = c0_0.add(bb0); c0_1 = c0_1.add(bb1);
            c1_0 = c1_0.add(bb0); c1_1 = c1_1.add(bb1);
            c2_0 = c2_0.add(bb0); c2_1 = c2_1.add(bb1);
            c3_0 = c3_0.add(bb0); c3_1 = c3_1.add(bb1);
            c4_0 = c4_0.add(bb0); c4_1 = c4_1.add(bb1);
            c5_0 = c5_0.add(bb0); c5_1 = c5_1.add(bb1);
            c6_0 = c6_0.add(bb0); c6_1 = c6_1.add(bb1);
            c7_0 = c7_0.add(bb0); c7_1 = c7_1.add(bb1);
            c8_0 = c8_0.add(bb0); c8_1 = c8_1.add(bb1);
            c9_0 = c9_0.add(bb0); c9_1 = c9_1.add(bb1);
            c10_0 = c10_0.add(bb0); c10_1 = c10_1.add(bb1);
            c11_0 = c11_0.add(bb0); c11_1 = c11_1.add(bb1);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(S, c, co));
            c0_1 = c0_1.add(FloatVector.fromArray(S, c, co + 1 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(S, c, co + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(S, c, co + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(S, c, co + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L));
            c4_0 = c4_0.add(FloatVector.fromArray(S, c, co + 4 * ldc));
            c4_1 = c4_1.add(FloatVector.fromArray(S, c, co + 4 * ldc + 1 * L));
            c5_0 = c5_0.add(FloatVector.fromArray(S, c, co + 5 * ldc));
            c5_1 = c5_1.add(FloatVector.fromArray(S, c, co + 5 * ldc + 1 * L));
            c6_0 = c6_0.add(FloatVector.fromArray(S, c, co + 6 * ldc));
            c6_1 = c6_1.add(FloatVector.fromArray(S, c, co + 6 * ldc + 1 * L));
            c7_0 = c7_0.add(FloatVector.fromArray(S, c, co + 7 * ldc));
            c7_1 = c7_1.add(FloatVector.fromArray(S, c, co + 7 * ldc + 1 * L));
            c8_0 = c8_0.add(FloatVector.fromArray(S, c, co + 8 * ldc));
            c8_1 = c8_1.add(FloatVector.fromArray(S, c, co + 8 * ldc + 1 * L));
            c9_0 = c9_0.add(FloatVector.fromArray(S, c, co + 9 * ldc));
            c9_1 = c9_1.add(FloatVector.fromArray(S, c, co + 9 * ldc + 1 * L));
            c10_0 = c10_0.add(FloatVector.fromArray(S, c, co + 10 * ldc));
            c10_1 = c10_1.add(FloatVector.fromArray(S, c, co + 10 * ldc + 1 * L));
            c11_0 = c11_0.add(FloatVector.fromArray(S, c, co + 11 * ldc));
            c11_1 = c11_1.add(FloatVector.fromArray(S, c, co + 11 * ldc + 1 * L));
        }
        c0_0.intoArray(c, co);
        c0_1.intoArray(c, co + 1 * L);
        c1_0.intoArray(c, co + 1 * ldc);
        c1_1.intoArray(c, co + 1 * ldc + 1 * L);
        c2_0.intoArray(c, co + 2 * ldc);
        c2_1.intoArray(c, co + 2 * ldc + 1 * L);
        c3_0.intoArray(c, co + 3 * ldc);
        c3_1.intoArray(c, co + 3 * ldc + 1 * L);
        c4_0.intoArray(c, co + 4 * ldc);
        c4_1.intoArray(c, co + 4 * ldc + 1 * L);
        c5_0.intoArray(c, co + 5 * ldc);
        c5_1.intoArray(c, co + 5 * ldc + 1 * L);
        c6_0.intoArray(c, co + 6 * ldc);
        c6_1.intoArray(c, co + 6 * ldc + 1 * L);
        c7_0.intoArray(c, co + 7 * ldc);
        c7_1.intoArray(c, co + 7 * ldc + 1 * L);
        c8_0.intoArray(c, co + 8 * ldc);
        c8_1.intoArray(c, co + 8 * ldc + 1 * L);
        c9_0.intoArray(c, co + 9 * ldc);
        c9_1.intoArray(c, co + 9 * ldc + 1 * L);
        c10_0.intoArray(c, co + 10 * ldc);
        c10_1.intoArray(c, co + 10 * ldc + 1 * L);
        c11_0.intoArray(c, co + 11 * ldc);
        c11_1.intoArray(c, co + 11 * ldc + 1 * L);
    }

    /**
     * The 4x2L register-blocked micro-kernel: 4 rows of A (broadcast) times 2 vectors of B.
     * A element (r, p) is {@code a[ao + p*as + r]}, B element (p, j) is {@code b[bo + p*bs + j]}.
     */
    static void kernel4x2(int kc, float[] a, int ao, int as, float[] b, int bo, int bs,
            float[] c, int co, int ldc, float[] bias, int biasOff, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(S); FloatVector c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S); FloatVector c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S); FloatVector c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S); FloatVector c3_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 1 * L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[ao + 0]);
            c0_0 = av.fma(b0, c0_0); c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(S, a[ao + 1]);
            c1_0 = av.fma(b0, c1_0); c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(S, a[ao + 2]);
            c2_0 = av.fma(b0, c2_0); c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(S, a[ao + 3]);
            c3_0 = av.fma(b0, c3_0); c3_1 = av.fma(b1, c3_1);
            ao += as;
            bo += bs;
        }
        if (bias != null) {
            FloatVector bb0 = FloatVector.fromArray(S, bias, biasOff);
            FloatVector bb1 = FloatVector.fromArray(S, bias, biasOff + 1 * L);
            c0_0 = c0_0.add(bb0); c0_1 = c0_1.add(bb1);
            c1_0 = c1_0.add(bb0); c1_1 = c1_1.add(bb1);
            c2_0 = c2_0.add(bb0); c2_1 = c2_1.add(bb1);
            c3_0 = c3_0.add(bb0); c3_1 = c3_1.add(bb1);
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(S, c, co));
            c0_1 = c0_1.add(FloatVector.fromArray(S, c, co + 1 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(S, c, co + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(S, c, co + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(S, c, co + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L));
        }
        c0_0.intoArray(c, co);
        c0_1.intoArray(c, co + 1 * L);
        c1_0.intoArray(c, co + 1 * ldc);
        c1_1.intoArray(c, co + 1 * ldc + 1 * L);
        c2_0.intoArray(c, co + 2 * ldc);
        c2_1.intoArray(c, co + 2 * ldc + 1 * L);
        c3_0.intoArray(c, co + 3 * ldc);
        c3_1.intoArray(c, co + 3 * ldc + 1 * L);
    }

    /**
     * The 4x2L micro-kernel for a row-major A: element (r, p) of A is {@code a[ao + r*lda + p]}, B element
     * (p, j) is {@code b[bo + p*bs + j]}; C gets the 4 x 2L product (plus its old contents when accumulating).
     */
    static void rows4x2(int kc, float[] a, int ao, int lda, float[] b, int bo, int bs,
            float[] c, int co, int ldc, boolean accumulate) {
        FloatVector c0_0 = FloatVector.zero(S); FloatVector c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S); FloatVector c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S); FloatVector c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S); FloatVector c3_1 = FloatVector.zero(S);
        int a0 = ao;
        int a1 = ao + 1 * lda;
        int a2 = ao + 2 * lda;
        int a3 = ao + 3 * lda;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 1 * L);
            FloatVector av;
            av = FloatVector.broadcast(S, a[a0 + p]);
            c0_0 = av.fma(b0, c0_0); c0_1 = av.fma(b1, c0_1);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c1_0 = av.fma(b0, c1_0); c1_1 = av.fma(b1, c1_1);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c2_0 = av.fma(b0, c2_0); c2_1 = av.fma(b1, c2_1);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c3_0 = av.fma(b0, c3_0); c3_1 = av.fma(b1, c3_1);
            bo += bs;
        }
        if (accumulate) {
            c0_0 = c0_0.add(FloatVector.fromArray(S, c, co));
            c0_1 = c0_1.add(FloatVector.fromArray(S, c, co + 1 * L));
            c1_0 = c1_0.add(FloatVector.fromArray(S, c, co + 1 * ldc));
            c1_1 = c1_1.add(FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L));
            c2_0 = c2_0.add(FloatVector.fromArray(S, c, co + 2 * ldc));
            c2_1 = c2_1.add(FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L));
            c3_0 = c3_0.add(FloatVector.fromArray(S, c, co + 3 * ldc));
            c3_1 = c3_1.add(FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L));
        }
        c0_0.intoArray(c, co);
        c0_1.intoArray(c, co + 1 * L);
        c1_0.intoArray(c, co + 1 * ldc);
        c1_1.intoArray(c, co + 1 * ldc + 1 * L);
        c2_0.intoArray(c, co + 2 * ldc);
        c2_1.intoArray(c, co + 2 * ldc + 1 * L);
        c3_0.intoArray(c, co + 3 * ldc);
        c3_1.intoArray(c, co + 3 * ldc + 1 * L);
    }
}
