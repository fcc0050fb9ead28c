package dev.graft.api.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;

/**
 * Finite-difference gradient checking: the analytic gradient of {@code L = Σ w·f(inputs)} (fixed random
 * {@code w}) against central differences of {@code L} evaluated in double precision from the forward outputs.
 */
final class GradCheck {
    private GradCheck() {
    }

    /**
     * Checks every element of every input that requires a gradient.
     *
     * @param f      the function under test
     * @param h      the finite-difference step
     * @param tol    tolerance relative to {@code max(1, |analytic|, |numeric|)}
     */
    static void check(String name, Function<Tensor[], Tensor> f, double h, double tol, Tensor... inputs) {
        Tensor y0 = f.apply(inputs);
        Random rng = new Random(7);
        float[] w = new float[(int) y0.numel()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        ComputeBackend be = y0.backend();
        Tensor wt = Tensor.of(be, w, y0.shape());
        for (Tensor in : inputs) {
            if (in != null) {
                in.zeroGrad();
            }
        }
        y0.mul(wt).sum().backward();
        for (int t = 0; t < inputs.length; t++) {
            Tensor in = inputs[t];
            if (in == null || !in.requiresGrad()) {
                continue;
            }
            assertNotNull(in.grad(), name + ": input " + t + " got no gradient");
            float[] analytic = in.grad().toFloatArray();
            float[] x = in.toFloatArray();
            for (int i = 0; i < x.length; i++) {
                float orig = x[i];
                x[i] = (float) (orig + h);
                in.copyFrom(x);
                double lp = weighted(f, inputs, w);
                x[i] = (float) (orig - h);
                in.copyFrom(x);
                double lm = weighted(f, inputs, w);
                x[i] = orig;
                in.copyFrom(x);
                double numeric = (lp - lm) / (2 * h);
                double scale = Math.max(1.0, Math.max(Math.abs(numeric), Math.abs(analytic[i])));
                assertTrue(Math.abs(numeric - analytic[i]) <= tol * scale,
                        name + ": d/d input" + t + "[" + i + "] analytic " + analytic[i] + " vs numeric " + numeric);
            }
        }
    }

    private static double weighted(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] w) {
        try (NoGrad ignored = NoGrad.enter()) {
            float[] y = f.apply(inputs).toFloatArray();
            assertEquals(w.length, y.length);
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += (double) w[i] * y[i];
            }
            return s;
        }
    }

    static Tensor rand(ComputeBackend be, Random rng, int... shape) {
        return Tensor.randn(be, rng, 1f, shape).requiresGrad(true);
    }
}
