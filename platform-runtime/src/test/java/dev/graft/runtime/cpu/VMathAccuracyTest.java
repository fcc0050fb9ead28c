package dev.graft.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracy of the vectorised functions against double-precision references on dense grids, in units
 * in the last place of the float result (normal results only; subnormal results are checked for
 * absolute error below 2⁻¹²⁶).
 */
class VMathAccuracyTest {

    /** @return the largest error in ulp of {@code f} against {@code ref} on {@code n} points of [lo, hi] */
    private static double maxUlp(UnaryOperator<FloatVector> f, DoubleUnaryOperator ref, float lo, float hi, int n) {
        int l = VMath.S.length();
        float[] x = new float[l];
        float[] y = new float[l];
        double worst = 0;
        for (int i = 0; i < n; i += l) {
            for (int j = 0; j < l; j++) {
                x[j] = (float) (lo + (double) (hi - lo) * (i + j) / n);
            }
            f.apply(FloatVector.fromArray(VMath.S, x, 0)).intoArray(y, 0);
            for (int j = 0; j < l; j++) {
                double e = ref.applyAsDouble(x[j]);
                if (Math.abs(e) < Float.MIN_NORMAL) {
                    assertTrue(Math.abs(y[j] - e) < Float.MIN_NORMAL, "subnormal result at " + x[j]);
                    continue;
                }
                worst = Math.max(worst, Math.abs(y[j] - e) / Math.ulp((float) e));
            }
        }
        return worst;
    }

    private static void assertUlp(double ulp, double bound) {
        assertTrue(ulp <= bound, "largest error " + ulp + " ulp, bound " + bound);
    }

    /** erfc in double: Maclaurin series of erf below 3, Laplace's continued fraction above (both to ~1e-16). */
    static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < 3) {
            double sum = 0;
            double t = x;
            for (int n = 0; n < 200; n++) {
                double c = t / (2 * n + 1);
                sum += c;
                t *= -x * x / (n + 1);
                if (Math.abs(c) < 1e-18) {
                    break;
                }
            }
            return 1 - 2 / Math.sqrt(Math.PI) * sum;
        }
        double f = 0;
        for (int k = 80; k >= 1; k--) {
            f = k / 2.0 / (x + f);
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
    }

    @Test
    void expIsWithinOneAndAHalfUlp() {
        assertUlp(maxUlp(VMath::exp, Math::exp, -103f, 88.7f, 1 << 21), 1.5);
    }

    @Test
    void logIsWithinOneUlp() {
        assertUlp(maxUlp(VMath::log, Math::log, 1e-6f, 10f, 1 << 21), 1.0);
        assertUlp(maxUlp(VMath::log, Math::log, 10f, 3e38f, 1 << 20), 1.0);
        assertUlp(maxUlp(VMath::log, Math::log, 1e-44f, 1e-37f, 1 << 16), 1.0); // subnormal inputs
    }

    @Test
    void tanhAndSigmoidAreWithinThreeUlp() {
        assertUlp(maxUlp(VMath::tanh, Math::tanh, -10f, 10f, 1 << 21), 2.0);
        assertUlp(maxUlp(VMath::sigmoid, v -> 1 / (1 + Math.exp(-v)), -87f, 80f, 1 << 21), 3.0);
    }

    @Test
    void erfcIsWithinEightUlp() {
        assertUlp(maxUlp(VMath::erfc, VMathAccuracyTest::erfc, 0f, 9f, 1 << 21), 8.0);
    }

    @Test
    void geluErfIsWithinSixteenUlp() {
        assertUlp(maxUlp(VMath::geluErf, v -> 0.5 * v * erfc(-v / Math.sqrt(2)), -12f, 12f, 1 << 21), 16.0);
    }

    /** tanh-GELU's argument {@code −2u ≈ −1.6x − 0.07x³} is rounded in float: 4ε·|2u| relative, plus 8 ulp. */
    @Test
    void geluTanhIsWithinItsArgumentsRounding() {
        int n = 1 << 20;
        float lo = -8f;
        float hi = 8f;
        float[] x = new float[VMath.S.length()];
        float[] y = new float[x.length];
        for (int i = 0; i < n; i += x.length) {
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) (lo + (double) (hi - lo) * (i + j) / n);
            }
            VMath.geluTanh(FloatVector.fromArray(VMath.S, x, 0)).intoArray(y, 0);
            for (int j = 0; j < x.length; j++) {
                double v = x[j];
                double u2 = 2 * Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v);
                double e = v / (1 + Math.exp(-u2));
                double tol = (4 * Math.ulp(1f) * Math.abs(u2) + 8 * Math.ulp(1f)) * Math.abs(e) + Float.MIN_NORMAL;
                assertTrue(Math.abs(y[j] - e) <= tol, "geluTanh(" + v + ") = " + y[j] + ", expected " + e);
            }
        }
    }

    @Test
    void specialValues() {
        float[] in = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 0f, -0f, 200f, -200f, 1f, -1f,
                0f, 0f, 0f, 0f, 0f, 0f, 0f};
        float[] out = new float[16];
        VMath.exp(FloatVector.fromArray(VMath.S, in, 0)).intoArray(out, 0);
        assertEquals(0f, out[0]);
        assertEquals(Float.POSITIVE_INFINITY, out[1]);
        assertTrue(Float.isNaN(out[2]));
        assertEquals(1f, out[3]);
        assertEquals(Float.POSITIVE_INFINITY, out[5]);
        assertEquals(0f, out[6]);
        VMath.log(FloatVector.fromArray(VMath.S, in, 0)).intoArray(out, 0);
        assertTrue(Float.isNaN(out[0]));
        assertEquals(Float.POSITIVE_INFINITY, out[1]);
        assertTrue(Float.isNaN(out[2]));
        assertEquals(Float.NEGATIVE_INFINITY, out[3]);
        assertEquals(Float.NEGATIVE_INFINITY, out[4]);
        assertEquals(0f, out[7]);
        assertTrue(Float.isNaN(out[8]));
        VMath.tanh(FloatVector.fromArray(VMath.S, in, 0)).intoArray(out, 0);
        assertEquals(-1f, out[0]);
        assertEquals(1f, out[1]);
        assertTrue(Float.isNaN(out[2]));
        VMath.geluErf(FloatVector.fromArray(VMath.S, in, 0)).intoArray(out, 0);
        assertEquals(0f, Math.abs(out[0]) == 0f || Float.isNaN(out[0]) ? 0f : out[0]);
        assertEquals(Float.POSITIVE_INFINITY, out[1]);
        assertTrue(Float.isNaN(out[2]));
        assertEquals(200f, out[5]);
    }
}
