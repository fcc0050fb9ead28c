package dev.graft.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.api.tensor.GemmSpec;
import dev.graft.api.tensor.HeapStorage;
import dev.graft.api.tensor.ReferenceBackend;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs the planned column-major calls through a plain implementation of the BLAS definition (and of
 * cuBLASLt's layout semantics) and compares with the row-major ReferenceBackend.
 */
class GemmPlanTest {

    /** BLAS sgemmStridedBatched: column-major, element (r, c) of a matrix with leading dimension ld at r + c*ld. */
    static void blasGemm(int opA, int opB, int m, int n, int k, float[] a, long aOff, int lda, long strideA,
                         float[] b, long bOff, int ldb, long strideB, float[] c, long cOff, int ldc, long strideC,
                         int batch) {
        for (int bt = 0; bt < batch; bt++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        float av = opA == GemmPlan.OP_N ? a[(int) (aOff + bt * strideA + i + (long) p * lda)]
                                : a[(int) (aOff + bt * strideA + p + (long) i * lda)];
                        float bv = opB == GemmPlan.OP_N ? b[(int) (bOff + bt * strideB + p + (long) j * ldb)]
                                : b[(int) (bOff + bt * strideB + j + (long) p * ldb)];
                        acc += (double) av * bv;
                    }
                    c[(int) (cOff + bt * strideC + i + (long) j * ldc)] = (float) acc;
                }
            }
        }
    }

    /**
     * cuBLASLt: each operand is described by its stored layout (rows x cols, ld) and an op; op(X) must be
     * [m, k] for the first and [k, n] for the second. Checks that the plan's layouts agree with its ops.
     */
    static void checkLtLayouts(GemmPlan p) {
        int firstRowsAfterOp = p.opFirst() == GemmPlan.OP_N ? p.rowsFirst() : p.colsFirst();
        int firstColsAfterOp = p.opFirst() == GemmPlan.OP_N ? p.colsFirst() : p.rowsFirst();
        int secondRowsAfterOp = p.opSecond() == GemmPlan.OP_N ? p.rowsSecond() : p.colsSecond();
        int secondColsAfterOp = p.opSecond() == GemmPlan.OP_N ? p.colsSecond() : p.rowsSecond();
        assertEquals(p.m(), firstRowsAfterOp);
        assertEquals(p.k(), firstColsAfterOp);
        assertEquals(p.k(), secondRowsAfterOp);
        assertEquals(p.n(), secondColsAfterOp);
        assertEquals(Math.max(1, p.rowsFirst()), p.ldFirst());
        assertEquals(Math.max(1, p.rowsSecond()), p.ldSecond());
        assertEquals(Math.max(1, p.m()), p.ldc());
    }

    @Test
    void swappedColumnMajorCallsEqualTheRowMajorReference() {
        Random rnd = new Random(7);
        ReferenceBackend ref = new ReferenceBackend();
        for (int trial = 0; trial < 60; trial++) {
            int batch = 1 + rnd.nextInt(3);
            int m = 1 + rnd.nextInt(7);
            int n = 1 + rnd.nextInt(7);
            int k = 1 + rnd.nextInt(7);
            boolean ta = rnd.nextBoolean();
            boolean tb = rnd.nextBoolean();
            boolean broadcastB = rnd.nextInt(4) == 0;
            long sa = (long) m * k + rnd.nextInt(3);
            long sb = broadcastB ? 0 : (long) k * n + rnd.nextInt(3);
            long sc = (long) m * n;
            GemmSpec spec = new GemmSpec(batch, m, n, k, ta, tb, sa, sb, sc);
            int aOff = rnd.nextInt(4);
            int bOff = rnd.nextInt(4);
            float[] a = random(rnd, (int) (aOff + (batch - 1) * sa + (long) m * k));
            float[] b = random(rnd, (int) (bOff + (batch - 1) * sb + (long) k * n));
            float[] expected = new float[(int) (batch * sc)];
            ref.gemm(spec, HeapStorage.ofFloats(a), aOff, HeapStorage.ofFloats(b), bOff,
                    HeapStorage.ofFloats(expected), 0, null, 0f);

            GemmPlan p = GemmPlan.of(spec);
            checkLtLayouts(p);
            float[] got = new float[expected.length];
            blasGemm(p.opFirst(), p.opSecond(), p.m(), p.n(), p.k(), b, bOff, p.ldFirst(), sb, a, aOff, p.ldSecond(),
                    sa, got, 0, p.ldc(), sc, batch);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got[i], 1e-5f * (1 + Math.abs(expected[i])), spec + " element " + i);
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextGaussian();
        }
        return f;
    }
}
