package dev.graft.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix transposition for packing operands: {@code dst[doff + c·ld + r] = src[so + r·rowStride + c]}. With
 * 16-lane vectors it moves 16 x 16 tiles through registers: 16 (masked) row loads, a four-stage
 * butterfly of two-vector permutes (stage s swaps the off-diagonal s x s blocks of every 2s x 2s
 * block), and up to 16 (masked) stores. Other vector lengths use a scalar loop. Permutes are exact,
 * so the result is the same in every execution mode.
 */
final class Transpose {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final boolean TILES = S.length() == 16;
    private static final FloatVector ZERO = FloatVector.zero(S);

    private static final FloatVector A8 = TILES ? FloatVector.fromArray(S, new float[] {0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 16f, 17f, 18f, 19f, 20f, 21f, 22f, 23f}, 0) : null;
    private static final FloatVector B8 = TILES ? FloatVector.fromArray(S, new float[] {8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 24f, 25f, 26f, 27f, 28f, 29f, 30f, 31f}, 0) : null;
    private static final FloatVector A4 = TILES ? FloatVector.fromArray(S, new float[] {0f, 1f, 2f, 3f, 16f, 17f, 18f, 19f, 8f, 9f, 10f, 11f, 24f, 25f, 26f, 27f}, 0) : null;
    private static final FloatVector B4 = TILES ? FloatVector.fromArray(S, new float[] {4f, 5f, 6f, 7f, 20f, 21f, 22f, 23f, 12f, 13f, 14f, 15f, 28f, 29f, 30f, 31f}, 0) : null;
    private static final FloatVector A2 = TILES ? FloatVector.fromArray(S, new float[] {0f, 1f, 16f, 17f, 4f, 5f, 20f, 21f, 8f, 9f, 24f, 25f, 12f, 13f, 28f, 29f}, 0) : null;
    private static final FloatVector B2 = TILES ? FloatVector.fromArray(S, new float[] {2f, 3f, 18f, 19f, 6f, 7f, 22f, 23f, 10f, 11f, 26f, 27f, 14f, 15f, 30f, 31f}, 0) : null;
    private static final FloatVector A1 = TILES ? FloatVector.fromArray(S, new float[] {0f, 16f, 2f, 18f, 4f, 20f, 6f, 22f, 8f, 24f, 10f, 26f, 12f, 28f, 14f, 30f}, 0) : null;
    private static final FloatVector B1 = TILES ? FloatVector.fromArray(S, new float[] {1f, 17f, 3f, 19f, 5f, 21f, 7f, 23f, 9f, 25f, 11f, 27f, 13f, 29f, 15f, 31f}, 0) : null;

    private Transpose() {
    }

    /**
     * Transposes the {@code rows x cols} matrix at {@code src[so]} (rows {@code rowStride} apart) into
     * {@code dst[doff + c·ld + r]} for {@code c < cols} and {@code r < ld}, with zeros for {@code r >= rows}.
     *
     * <p>When {@code ld} is 12 (a GEMM A panel), full tiles are stored with full-width stores in row
     * order, so up to 4 floats past {@code dst[doff + cols·ld]} may be overwritten: the destination
     * needs that much slack, and what follows it must be written afterwards.
     *
     * @param ld the destination's row length, at least {@code rows}
     */
    static void transpose(float[] src, int so, int rowStride, int rows, int cols, float[] dst, int doff, int ld) {
        if (!TILES) {
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < ld; r++) {
                    dst[doff + c * ld + r] = r < rows ? src[so + r * rowStride + c] : 0f;
                }
            }
            return;
        }
        for (int r0 = 0; r0 < ld; r0 += 16) {
            int lanes = Math.min(16, ld - r0);
            int rr = Math.max(0, Math.min(lanes, rows - r0));
            for (int c0 = 0; c0 < cols; c0 += 16) {
                int cc = Math.min(16, cols - c0);
                if (rr == 16 && cc == 16 && lanes == 16) {
                    tileFull(src, so + r0 * rowStride + c0, rowStride, dst, doff + c0 * ld + r0, ld);
                } else if (rr == 12 && cc == 16 && lanes == 12) {
                    tile12(src, so + r0 * rowStride + c0, rowStride, dst, doff + c0 * ld + r0, ld);
                } else {
                    tile(src, so + r0 * rowStride + c0, rowStride, rr, dst, doff + c0 * ld + r0, ld, cc, lanes);
                }
            }
        }
    }

    /** Transposes one full 16 x 16 tile. */
    private static void tileFull(float[] a, int ao, int as, float[] d, int doff, int ld) {
        FloatVector r0 = FloatVector.fromArray(S, a, ao + 0 * as);
        FloatVector r1 = FloatVector.fromArray(S, a, ao + 1 * as);
        FloatVector r2 = FloatVector.fromArray(S, a, ao + 2 * as);
        FloatVector r3 = FloatVector.fromArray(S, a, ao + 3 * as);
        FloatVector r4 = FloatVector.fromArray(S, a, ao + 4 * as);
        FloatVector r5 = FloatVector.fromArray(S, a, ao + 5 * as);
        FloatVector r6 = FloatVector.fromArray(S, a, ao + 6 * as);
        FloatVector r7 = FloatVector.fromArray(S, a, ao + 7 * as);
        FloatVector r8 = FloatVector.fromArray(S, a, ao + 8 * as);
        FloatVector r9 = FloatVector.fromArray(S, a, ao + 9 * as);
        FloatVector r10 = FloatVector.fromArray(S, a, ao + 10 * as);
        FloatVector r11 = FloatVector.fromArray(S, a, ao + 11 * as);
        FloatVector r12 = FloatVector.fromArray(S, a, ao + 12 * as);
        FloatVector r13 = FloatVector.fromArray(S, a, ao + 13 * as);
        FloatVector r14 = FloatVector.fromArray(S, a, ao + 14 * as);
        FloatVector r15 = FloatVector.fromArray(S, a, ao + 15 * as);
        FloatVector t;
        t = A8.selectFrom(r0, r8);
        r8 = B8.selectFrom(r0, r8);
        r0 = t;
        t = A8.selectFrom(r1, r9);
        r9 = B8.selectFrom(r1, r9);
        r1 = t;
        t = A8.selectFrom(r2, r10);
        r10 = B8.selectFrom(r2, r10);
        r2 = t;
        t = A8.selectFrom(r3, r11);
        r11 = B8.selectFrom(r3, r11);
        r3 = t;
        t = A8.selectFrom(r4, r12);
        r12 = B8.selectFrom(r4, r12);
        r4 = t;
        t = A8.selectFrom(r5, r13);
        r13 = B8.selectFrom(r5, r13);
        r5 = t;
        t = A8.selectFrom(r6, r14);
        r14 = B8.selectFrom(r6, r14);
        r6 = t;
        t = A8.selectFrom(r7, r15);
        r15 = B8.selectFrom(r7, r15);
        r7 = t;
        t = A4.selectFrom(r0, r4);
        r4 = B4.selectFrom(r0, r4);
        r0 = t;
        t = A4.selectFrom(r1, r5);
        r5 = B4.selectFrom(r1, r5);
        r1 = t;
        t = A4.selectFrom(r2, r6);
        r6 = B4.selectFrom(r2, r6);
        r2 = t;
        t = A4.selectFrom(r3, r7);
        r7 = B4.selectFrom(r3, r7);
        r3 = t;
        t = A4.selectFrom(r8, r12);
        r12 = B4.selectFrom(r8, r12);
        r8 = t;
        t = A4.selectFrom(r9, r13);
        r13 = B4.selectFrom(r9, r13);
        r9 = t;
        t = A4.selectFrom(r10, r14);
        r14 = B4.selectFrom(r10, r14);
        r10 = t;
        t = A4.selectFrom(r11, r15);
        r15 = B4.selectFrom(r11, r15);
        r11 = t;
        t = A2.selectFrom(r0, r2);
        r2 = B2.selectFrom(r0, r2);
        r0 = t;
        t = A2.selectFrom(r1, r3);
        r3 = B2.selectFrom(r1, r3);
        r1 = t;
        t = A2.selectFrom(r4, r6);
        r6 = B2.selectFrom(r4, r6);
        r4 = t;
        t = A2.selectFrom(r5, r7);
        r7 = B2.selectFrom(r5, r7);
        r5 = t;
        t = A2.selectFrom(r8, r10);
        r10 = B2.selectFrom(r8, r10);
        r8 = t;
        t = A2.selectFrom(r9, r11);
        r11 = B2.selectFrom(r9, r11);
        r9 = t;
        t = A2.selectFrom(r12, r14);
        r14 = B2.selectFrom(r12, r14);
        r12 = t;
        t = A2.selectFrom(r13, r15);
        r15 = B2.selectFrom(r13, r15);
        r13 = t;
        t = A1.selectFrom(r0, r1);
        r1 = B1.selectFrom(r0, r1);
        r0 = t;
        t = A1.selectFrom(r2, r3);
        r3 = B1.selectFrom(r2, r3);
        r2 = t;
        t = A1.selectFrom(r4, r5);
        r5 = B1.selectFrom(r4, r5);
        r4 = t;
        t = A1.selectFrom(r6, r7);
        r7 = B1.selectFrom(r6, r7);
        r6 = t;
        t = A1.selectFrom(r8, r9);
        r9 = B1.selectFrom(r8, r9);
        r8 = t;
        t = A1.selectFrom(r10, r11);
        r11 = B1.selectFrom(r10, r11);
        r10 = t;
        t = A1.selectFrom(r12, r13);
        r13 = B1.selectFrom(r12, r13);
        r12 = t;
        t = A1.selectFrom(r14, r15);
        r15 = B1.selectFrom(r14, r15);
        r14 = t;
        r0.intoArray(d, doff + 0 * ld);
        r1.intoArray(d, doff + 1 * ld);
        r2.intoArray(d, doff + 2 * ld);
        r3.intoArray(d, doff + 3 * ld);
        r4.intoArray(d, doff + 4 * ld);
        r5.intoArray(d, doff + 5 * ld);
        r6.intoArray(d, doff + 6 * ld);
        r7.intoArray(d, doff + 7 * ld);
        r8.intoArray(d, doff + 8 * ld);
        r9.intoArray(d, doff + 9 * ld);
        r10.intoArray(d, doff + 10 * ld);
        r11.intoArray(d, doff + 11 * ld);
        r12.intoArray(d, doff + 12 * ld);
        r13.intoArray(d, doff + 13 * ld);
        r14.intoArray(d, doff + 14 * ld);
        r15.intoArray(d, doff + 15 * ld);
    }

    /**
     * Transposes a 12 x 16 tile into 16 rows of 12 (a GEMM A panel) with full-width stores in row order:
     * each store's last 4 lanes spill into the next row and are overwritten by it; the last spills past.
     *
     * <p>The same shuffle network as {@link #tileFull}, kept as a copy on purpose: one method with a row count
     * ({@code rows > 12 ? load : ZERO} for the last four rows) made the products with a transposed A, which
     * pack through this method, slower in three alternating {@code GemmBench} runs: medians 162 against 192
     * GFLOP/s on 256x768x2048:TN, 193 against 217 on 8192x256x2048:TN, 190 against 192 on 512x2048x2048:TN.
     */
    private static void tile12(float[] a, int ao, int as, float[] d, int doff, int ld) {
        FloatVector r0 = FloatVector.fromArray(S, a, ao + 0 * as);
        FloatVector r1 = FloatVector.fromArray(S, a, ao + 1 * as);
        FloatVector r2 = FloatVector.fromArray(S, a, ao + 2 * as);
        FloatVector r3 = FloatVector.fromArray(S, a, ao + 3 * as);
        FloatVector r4 = FloatVector.fromArray(S, a, ao + 4 * as);
        FloatVector r5 = FloatVector.fromArray(S, a, ao + 5 * as);
        FloatVector r6 = FloatVector.fromArray(S, a, ao + 6 * as);
        FloatVector r7 = FloatVector.fromArray(S, a, ao + 7 * as);
        FloatVector r8 = FloatVector.fromArray(S, a, ao + 8 * as);
        FloatVector r9 = FloatVector.fromArray(S, a, ao + 9 * as);
        FloatVector r10 = FloatVector.fromArray(S, a, ao + 10 * as);
        FloatVector r11 = FloatVector.fromArray(S, a, ao + 11 * as);
        FloatVector r12 = ZERO;
        FloatVector r13 = ZERO;
        FloatVector r14 = ZERO;
        FloatVector r15 = ZERO;
        FloatVector t;
        t = A8.selectFrom(r0, r8);
        r8 = B8.selectFrom(r0, r8);
        r0 = t;
        t = A8.selectFrom(r1, r9);
        r9 = B8.selectFrom(r1, r9);
        r1 = t;
        t = A8.selectFrom(r2, r10);
        r10 = B8.selectFrom(r2, r10);
        r2 = t;
        t = A8.selectFrom(r3, r11);
        r11 = B8.selectFrom(r3, r11);
        r3 = t;
        t = A8.selectFrom(r4, r12);
        r12 = B8.selectFrom(r4, r12);
        r4 = t;
        t = A8.selectFrom(r5, r13);
        r13 = B8.selectFrom(r5, r13);
        r5 = t;
        t = A8.selectFrom(r6, r14);
        r14 = B8.selectFrom(r6, r14);
        r6 = t;
        t = A8.selectFrom(r7, r15);
        r15 = B8.selectFrom(r7, r15);
        r7 = t;
        t = A4.selectFrom(r0, r4);
        r4 = B4.selectFrom(r0, r4);
        r0 = t;
        t = A4.selectFrom(r1, r5);
        r5 = B4.selectFrom(r1, r5);
        r1 = t;
        t = A4.selectFrom(r2, r6);
        r6 = B4.selectFrom(r2, r6);
        r2 = t;
        t = A4.selectFrom(r3, r7);
        r7 = B4.selectFrom(r3, r7);
        r3 = t;
        t = A4.selectFrom(r8, r12);
        r12 = B4.selectFrom(r8, r12);
        r8 = t;
        t = A4.selectFrom(r9, r13);
        r13 = B4.selectFrom(r9, r13);
        r9 = t;
        t = A4.selectFrom(r10, r14);
        r14 = B4.selectFrom(r10, r14);
        r10 = t;
        t = A4.selectFrom(r11, r15);
        r15 = B4.selectFrom(r11, r15);
        r11 = t;
        t = A2.selectFrom(r0, r2);
        r2 = B2.selectFrom(r0, r2);
        r0 = t;
        t = A2.selectFrom(r1, r3);
        r3 = B2.selectFrom(r1, r3);
        r1 = t;
        t = A2.selectFrom(r4, r6);
        r6 = B2.selectFrom(r4, r6);
        r4 = t;
        t = A2.selectFrom(r5, r7);
        r7 = B2.selectFrom(r5, r7);
        r5 = t;
        t = A2.selectFrom(r8, r10);
        r10 = B2.selectFrom(r8, r10);
        r8 = t;
        t = A2.selectFrom(r9, r11);
        r11 = B2.selectFrom(r9, r11);
        r9 = t;
        t = A2.selectFrom(r12, r14);
        r14 = B2.selectFrom(r12, r14);
        r12 = t;
        t = A2.selectFrom(r13, r15);
        r15 = B2.selectFrom(r13, r15);
        r13 = t;
        t = A1.selectFrom(r0, r1);
        r1 = B1.selectFrom(r0, r1);
        r0 = t;
        t = A1.selectFrom(r2, r3);
        r3 = B1.selectFrom(r2, r3);
        r2 = t;
        t = A1.selectFrom(r4, r5);
        r5 = B1.selectFrom(r4, r5);
        r4 = t;
        t = A1.selectFrom(r6, r7);
        r7 = B1.selectFrom(r6, r7);
        r6 = t;
        t = A1.selectFrom(r8, r9);
        r9 = B1.selectFrom(r8, r9);
        r8 = t;
        t = A1.selectFrom(r10, r11);
        r11 = B1.selectFrom(r10, r11);
        r10 = t;
        t = A1.selectFrom(r12, r13);
        r13 = B1.selectFrom(r12, r13);
        r12 = t;
        t = A1.selectFrom(r14, r15);
        r15 = B1.selectFrom(r14, r15);
        r14 = t;
        r0.intoArray(d, doff + 0 * ld);
        r1.intoArray(d, doff + 1 * ld);
        r2.intoArray(d, doff + 2 * ld);
        r3.intoArray(d, doff + 3 * ld);
        r4.intoArray(d, doff + 4 * ld);
        r5.intoArray(d, doff + 5 * ld);
        r6.intoArray(d, doff + 6 * ld);
        r7.intoArray(d, doff + 7 * ld);
        r8.intoArray(d, doff + 8 * ld);
        r9.intoArray(d, doff + 9 * ld);
        r10.intoArray(d, doff + 10 * ld);
        r11.intoArray(d, doff + 11 * ld);
        r12.intoArray(d, doff + 12 * ld);
        r13.intoArray(d, doff + 13 * ld);
        r14.intoArray(d, doff + 14 * ld);
        r15.intoArray(d, doff + 15 * ld);
    }

    /**
     * Transposes one tile: loads {@code rows} rows (masked to the tile's columns, zeros below), stores
     * the first {@code cols} columns as rows of {@code d}, masked to the destination's lanes.
     */
    private static void tile(float[] a, int ao, int as, int rows, float[] d, int doff, int ld, int cols,
                             int lanes) {
        VectorMask<Float> colMask = S.indexInRange(0, cols);
        VectorMask<Float> store = S.indexInRange(0, lanes);
        FloatVector r0 = rows > 0 ? FloatVector.fromArray(S, a, ao + 0 * as, colMask) : ZERO;
        FloatVector r1 = rows > 1 ? FloatVector.fromArray(S, a, ao + 1 * as, colMask) : ZERO;
        FloatVector r2 = rows > 2 ? FloatVector.fromArray(S, a, ao + 2 * as, colMask) : ZERO;
        FloatVector r3 = rows > 3 ? FloatVector.fromArray(S, a, ao + 3 * as, colMask) : ZERO;
        FloatVector r4 = rows > 4 ? FloatVector.fromArray(S, a, ao + 4 * as, colMask) : ZERO;
        FloatVector r5 = rows > 5 ? FloatVector.fromArray(S, a, ao + 5 * as, colMask) : ZERO;
        FloatVector r6 = rows > 6 ? FloatVector.fromArray(S, a, ao + 6 * as, colMask) : ZERO;
        FloatVector r7 = rows > 7 ? FloatVector.fromArray(S, a, ao + 7 * as, colMask) : ZERO;
        FloatVector r8 = rows > 8 ? FloatVector.fromArray(S, a, ao + 8 * as, colMask) : ZERO;
        FloatVector r9 = rows > 9 ? FloatVector.fromArray(S, a, ao + 9 * as, colMask) : ZERO;
        FloatVector r10 = rows > 10 ? FloatVector.fromArray(S, a, ao + 10 * as, colMask) : ZERO;
        FloatVector r11 = rows > 11 ? FloatVector.fromArray(S, a, ao + 11 * as, colMask) : ZERO;
        FloatVector r12 = rows > 12 ? FloatVector.fromArray(S, a, ao + 12 * as, colMask) : ZERO;
        FloatVector r13 = rows > 13 ? FloatVector.fromArray(S, a, ao + 13 * as, colMask) : ZERO;
        FloatVector r14 = rows > 14 ? FloatVector.fromArray(S, a, ao + 14 * as, colMask) : ZERO;
        FloatVector r15 = rows > 15 ? FloatVector.fromArray(S, a, ao + 15 * as, colMask) : ZERO;
        FloatVector t;
        t = A8.selectFrom(r0, r8);
        r8 = B8.selectFrom(r0, r8);
        r0 = t;
        t = A8.selectFrom(r1, r9);
        r9 = B8.selectFrom(r1, r9);
        r1 = t;
        t = A8.selectFrom(r2, r10);
        r10 = B8.selectFrom(r2, r10);
        r2 = t;
        t = A8.selectFrom(r3, r11);
        r11 = B8.selectFrom(r3, r11);
        r3 = t;
        t = A8.selectFrom(r4, r12);
        r12 = B8.selectFrom(r4, r12);
        r4 = t;
        t = A8.selectFrom(r5, r13);
        r13 = B8.selectFrom(r5, r13);
        r5 = t;
        t = A8.selectFrom(r6, r14);
        r14 = B8.selectFrom(r6, r14);
        r6 = t;
        t = A8.selectFrom(r7, r15);
        r15 = B8.selectFrom(r7, r15);
        r7 = t;
        t = A4.selectFrom(r0, r4);
        r4 = B4.selectFrom(r0, r4);
        r0 = t;
        t = A4.selectFrom(r1, r5);
        r5 = B4.selectFrom(r1, r5);
        r1 = t;
        t = A4.selectFrom(r2, r6);
        r6 = B4.selectFrom(r2, r6);
        r2 = t;
        t = A4.selectFrom(r3, r7);
        r7 = B4.selectFrom(r3, r7);
        r3 = t;
        t = A4.selectFrom(r8, r12);
        r12 = B4.selectFrom(r8, r12);
        r8 = t;
        t = A4.selectFrom(r9, r13);
        r13 = B4.selectFrom(r9, r13);
        r9 = t;
        t = A4.selectFrom(r10, r14);
        r14 = B4.selectFrom(r10, r14);
        r10 = t;
        t = A4.selectFrom(r11, r15);
        r15 = B4.selectFrom(r11, r15);
        r11 = t;
        t = A2.selectFrom(r0, r2);
        r2 = B2.selectFrom(r0, r2);
        r0 = t;
        t = A2.selectFrom(r1, r3);
        r3 = B2.selectFrom(r1, r3);
        r1 = t;
        t = A2.selectFrom(r4, r6);
        r6 = B2.selectFrom(r4, r6);
        r4 = t;
        t = A2.selectFrom(r5, r7);
        r7 = B2.selectFrom(r5, r7);
        r5 = t;
        t = A2.selectFrom(r8, r10);
        r10 = B2.selectFrom(r8, r10);
        r8 = t;
        t = A2.selectFrom(r9, r11);
        r11 = B2.selectFrom(r9, r11);
        r9 = t;
        t = A2.selectFrom(r12, r14);
        r14 = B2.selectFrom(r12, r14);
        r12 = t;
        t = A2.selectFrom(r13, r15);
        r15 = B2.selectFrom(r13, r15);
        r13 = t;
        t = A1.selectFrom(r0, r1);
        r1 = B1.selectFrom(r0, r1);
        r0 = t;
        t = A1.selectFrom(r2, r3);
        r3 = B1.selectFrom(r2, r3);
        r2 = t;
        t = A1.selectFrom(r4, r5);
        r5 = B1.selectFrom(r4, r5);
        r4 = t;
        t = A1.selectFrom(r6, r7);
        r7 = B1.selectFrom(r6, r7);
        r6 = t;
        t = A1.selectFrom(r8, r9);
        r9 = B1.selectFrom(r8, r9);
        r8 = t;
        t = A1.selectFrom(r10, r11);
        r11 = B1.selectFrom(r10, r11);
        r10 = t;
        t = A1.selectFrom(r12, r13);
        r13 = B1.selectFrom(r12, r13);
        r12 = t;
        t = A1.selectFrom(r14, r15);
        r15 = B1.selectFrom(r14, r15);
        r14 = t;
        r0.intoArray(d, doff, store);
        if (cols > 1) {
            r1.intoArray(d, doff + 1 * ld, store);
        }
        if (cols > 2) {
            r2.intoArray(d, doff + 2 * ld, store);
        }
        if (cols > 3) {
            r3.intoArray(d, doff + 3 * ld, store);
        }
        if (cols > 4) {
            r4.intoArray(d, doff + 4 * ld, store);
        }
        if (cols > 5) {
            r5.intoArray(d, doff + 5 * ld, store);
        }
        if (cols > 6) {
            r6.intoArray(d, doff + 6 * ld, store);
        }
        if (cols > 7) {
            r7.intoArray(d, doff + 7 * ld, store);
        }
        if (cols > 8) {
            r8.intoArray(d, doff + 8 * ld, store);
        }
        if (cols > 9) {
            r9.intoArray(d, doff + 9 * ld, store);
        }
        if (cols > 10) {
            r10.intoArray(d, doff + 10 * ld, store);
        }
        if (cols > 11) {
            r11.intoArray(d, doff + 11 * ld, store);
        }
        if (cols > 12) {
            r12.intoArray(d, doff + 12 * ld, store);
        }
        if (cols > 13) {
            r13.intoArray(d, doff + 13 * ld, store);
        }
        if (cols > 14) {
            r14.intoArray(d, doff + 14 * ld, store);
        }
        if (cols > 15) {
            r15.intoArray(d, doff + 15 * ld, store);
        }
    }
}
