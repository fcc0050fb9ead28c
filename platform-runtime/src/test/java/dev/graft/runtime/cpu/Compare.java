package dev.graft.runtime.cpu;

import dev.graft.api.tensor.HeapStorage;
import dev.graft.api.tensor.Storage;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: random data and element-wise comparison with per-element tolerances. */
final class Compare {
    /** The float machine epsilon, 2⁻²³. */
    static final double EPS = Math.ulp(1.0f);

    private Compare() {
    }

    static float[] uniform(Random r, int n, float lo, float hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextFloat();
        }
        return a;
    }

    static float[] normal(Random r, int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * std);
        }
        return a;
    }

    static float[] floats(Storage s) {
        return ((HeapStorage) s).floats;
    }

    static int[] ints(Storage s) {
        return ((HeapStorage) s).ints;
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Per-element tolerance. */
    @FunctionalInterface
    interface Tolerance {
        double at(int i);
    }

    /** {@code |actual − expected| <= rtol·|expected| + atol} for every element (NaN must match NaN). */
    static void close(String what, float[] expected, float[] actual, double rtol, double atol) {
        close(what, expected, actual, i -> rtol * Math.abs(expected[i]) + atol);
    }

    static void close(String what, float[] expected, float[] actual, Tolerance tol) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.isNaN(e) || Float.isNaN(a)) {
                if (Float.isNaN(e) != Float.isNaN(a)) {
                    fail(what + "[" + i + "]: got " + a + ", expected " + e);
                }
                continue;
            }
            if (Float.isInfinite(e) || Float.isInfinite(a)) {
                if (e != a) {
                    fail(what + "[" + i + "]: got " + a + ", expected " + e);
                }
                continue;
            }
            double t = tol.at(i);
            if (!(Math.abs((double) a - e) <= t)) {
                fail(what + "[" + i + "]: got " + a + ", expected " + e + " (difference " + Math.abs((double) a - e)
                        + " > tolerance " + t + ")");
            }
        }
    }

    /** Bit-for-bit equality (NaN payloads aside). */
    static void same(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + "[" + i + "]: got " + actual[i] + " (bits " + Integer.toHexString(Float.floatToIntBits(actual[i]))
                        + "), expected " + expected[i] + " (bits " + Integer.toHexString(Float.floatToIntBits(expected[i]))
                        + ")");
            }
        }
    }
}
