package dev.graft.runtime.cpu;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Transpose} against the definition, for full tiles, partial tiles, padded destinations and the
 * 12-wide GEMM panels, checking that nothing before the destination and nothing beyond its documented
 * spill is written.
 */
class TransposeTest {

    @ParameterizedTest(name = "{0} x {1}, row stride {2}, ld {3}")
    @CsvSource({"1,1,1,1", "16,16,16,16", "12,256,300,12", "32,64,64,32", "7,5,9,16", "128,64,768,128",
            "48,100,130,48", "17,33,40,20", "30,256,256,32"})
    void transposesAndZeroPads(int rows, int cols, int rowStride, int ld) {
        Random r = new Random(rows * 31L + cols);
        int so = 3;
        float[] src = new float[so + (rows - 1) * rowStride + cols + 5];
        for (int i = 0; i < src.length; i++) {
            src[i] = r.nextFloat() + 1f;
        }
        int doff = 2;
        float[] dst = new float[doff + cols * ld + 8];
        java.util.Arrays.fill(dst, Float.NaN);
        Transpose.transpose(src, so, rowStride, rows, cols, dst, doff, ld);
        for (int c = 0; c < cols; c++) {
            for (int q = 0; q < ld; q++) {
                float want = q < rows ? src[so + q * rowStride + c] : 0f;
                assertEquals(want, dst[doff + c * ld + q], "element (" + c + ", " + q + ")");
            }
        }
        assertEquals(Float.NaN, dst[0]);
        // A 12-wide destination (a GEMM A panel) may take up to 4 floats of spill past its end.
        assertEquals(Float.NaN, dst[doff + cols * ld + (ld == 12 ? 4 : 0)]);
    }
}
