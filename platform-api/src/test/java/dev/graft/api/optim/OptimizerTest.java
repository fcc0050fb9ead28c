package dev.graft.api.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Optimizers and schedules against their closed forms, computed independently in double precision. */
class OptimizerTest {
    private final ComputeBackend be = new ReferenceBackend();

    @Test
    void adamwMatchesTorchFormulaOverSteps() {
        double p = 0.5;
        double m = 0;
        double v = 0;
        double lr = 0.1;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double wd = 0.01;
        Tensor param = Tensor.of(be, new float[] {0.5f}, 1).requiresGrad(true);
        AdamW opt = new AdamW(List.of(param), (float) lr, (float) b1, (float) b2, (float) eps, (float) wd);
        double[] grads = {0.3, -0.2, 0.05};
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            p *= 1 - lr * wd;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double mh = m / (1 - Math.pow(b1, t));
            double vh = v / (1 - Math.pow(b2, t));
            p -= lr * mh / (Math.sqrt(vh) + eps);
            param.setGrad(Tensor.of(be, new float[] {(float) g}, 1));
            opt.step();
            assertEquals(p, param.item(), 1e-6, "step " + t);
        }
    }

    @Test
    void sgdMomentumMatchesTorchFormula() {
        Tensor param = Tensor.of(be, new float[] {1f}, 1).requiresGrad(true);
        Sgd opt = new Sgd(List.of(param), 0.1f, 0.9f, 0.0f);
        double p = 1;
        double buf = 0;
        double[] grads = {1, 2, -1};
        for (int t = 0; t < grads.length; t++) {
            buf = t == 0 ? grads[t] : 0.9 * buf + grads[t];
            p -= 0.1 * buf;
            param.setGrad(Tensor.of(be, new float[] {(float) grads[t]}, 1));
            opt.step();
            assertEquals(p, param.item(), 1e-6);
        }
    }

    @Test
    void schedules() {
        LrSchedule lin = new LrSchedule.LinearWarmupDecay(1f, 10, 110);
        assertEquals(0f, lin.at(0));
        assertEquals(0.5f, lin.at(5), 1e-6);
        assertEquals(1f, lin.at(10), 1e-6);
        assertEquals(0.5f, lin.at(60), 1e-6);
        assertEquals(0f, lin.at(110), 1e-6);
        LrSchedule cos = new LrSchedule.Cosine(1f, 0f, 0, 100);
        assertEquals(1f, cos.at(0), 1e-6);
        assertEquals(0.5f, cos.at(50), 1e-6);
        assertEquals(0f, cos.at(100), 1e-6);
    }

    @Test
    void clipScalesToMaxNorm() {
        Tensor a = Tensor.zeros(be, 2).requiresGrad(true);
        a.setGrad(Tensor.of(be, new float[] {3f, 4f}, 2));
        double norm = GradClip.clipGlobalNorm(List.of(a), 1.0);
        assertEquals(5.0, norm, 1e-9);
        float[] g = a.grad().toFloatArray();
        assertEquals(0.6, g[0], 1e-5);
        assertEquals(0.8, g[1], 1e-5);
    }
}
