package dev.graft.api.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.nn.Activation;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The KI objective against its closed form, computed here in double precision from the definition:
 * {@code (1 − α)·mean CE + α·T²·mean KL(softmax(z_t/T) ‖ softmax(z_s/T))} over the predicted positions, and its
 * gradient {@code (1 − α)(softmax(z_s) − onehot)/M + α·T·(softmax(z_s/T) − softmax(z_t/T))/M}.
 */
class KnowledgeInheritanceTest {
    private static final int ROWS = 5;
    private static final int V = 7;
    private final ComputeBackend be = new ReferenceBackend();
    private final int[] targets = {3, -100, 0, 6, -100};

    private float[] random(long seed, float scale) {
        Random r = new Random(seed);
        float[] x = new float[ROWS * V];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * scale);
        }
        return x;
    }

    private static double[] softmax(float[] z, int row, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) {
            max = Math.max(max, z[row * V + v] / temperature);
        }
        double sum = 0;
        double[] p = new double[V];
        for (int v = 0; v < V; v++) {
            p[v] = Math.exp(z[row * V + v] / temperature - max);
            sum += p[v];
        }
        for (int v = 0; v < V; v++) {
            p[v] /= sum;
        }
        return p;
    }

    @Test
    void lossAndGradientMatchTheClosedForm() {
        float[] zs = random(1, 2f);
        float[] zt = random(2, 2f);
        double temp = 2.0;
        KnowledgeInheritance ki = new KnowledgeInheritance(new AlphaSchedule.Linear(10), (float) temp);
        int step = 3;
        double alpha = 0.7;                                    // 1 − 3/10
        Tensor student = Tensor.of(be, zs, ROWS, V).requiresGrad(true);
        Tensor teacher = Tensor.of(be, zt, ROWS, V);
        KnowledgeInheritance.Loss loss = ki.loss(student, teacher, Tensor.ofInts(be, targets, ROWS), step);

        double ce = 0;
        double kl = 0;
        int m = 0;
        double[][] grad = new double[ROWS][V];
        for (int r = 0; r < ROWS; r++) {
            if (targets[r] == -100) {
                continue;
            }
            m++;
            double[] p1 = softmax(zs, r, 1);
            double[] pT = softmax(zs, r, temp);
            double[] q = softmax(zt, r, temp);
            ce -= Math.log(p1[targets[r]]);
            for (int v = 0; v < V; v++) {
                kl += q[v] * (Math.log(q[v]) - Math.log(pT[v]));
                grad[r][v] = (1 - alpha) * (p1[v] - (v == targets[r] ? 1 : 0)) + alpha * temp * (pT[v] - q[v]);
            }
        }
        ce /= m;
        double kd = temp * temp * kl / m;
        assertEquals(3, loss.count());
        assertEquals(alpha, loss.alpha(), 1e-12);
        assertEquals(ce, loss.lm(), 1e-5 * ce);
        assertEquals(kd, loss.kd(), 1e-5 * kd);
        assertEquals((1 - alpha) * ce + alpha * kd, loss.total().item(), 1e-5);

        loss.total().backward();
        float[] g = student.grad().toFloatArray();
        for (int r = 0; r < ROWS; r++) {
            for (int v = 0; v < V; v++) {
                assertEquals(grad[r][v] / m, g[r * V + v], 1e-6, "d loss / d z[" + r + "," + v + "]");
            }
        }
    }

    @Test
    void identicalLogitsHaveNoDistillationTermAndWorkOnSequenceShapes() {
        float[] z = random(3, 1f);
        KnowledgeInheritance ki = new KnowledgeInheritance(new AlphaSchedule.Constant(0.5), 2f);
        // [1, 5, V] logits with [1, 5] targets, as a sequence model produces them.
        KnowledgeInheritance.Loss loss = ki.loss(Tensor.of(be, z, 1, ROWS, V), Tensor.of(be, z, 1, ROWS, V),
                Tensor.ofInts(be, targets, 1, ROWS), 0);
        assertEquals(0.0, loss.kd(), 1e-6);
        assertEquals(0.5 * loss.lm(), loss.total().item(), 1e-6);
    }

    @Test
    void afterTheInheritanceStepsItIsPlainLanguageModelling() {
        float[] z = random(4, 1f);
        KnowledgeInheritance ki = new KnowledgeInheritance(new AlphaSchedule.Linear(4), 2f);
        assertTrue(ki.needsTeacher(3));
        assertFalse(ki.needsTeacher(4));
        KnowledgeInheritance.Loss loss = ki.loss(Tensor.of(be, z, ROWS, V), null, Tensor.ofInts(be, targets, ROWS), 4);
        double ce = 0;
        for (int r : new int[] {0, 2, 3}) {
            ce -= Math.log(softmax(z, r, 1)[targets[r]]);
        }
        assertEquals(ce / 3, loss.total().item(), 1e-5);
        assertEquals(0f, loss.kd());
        assertThrows(IllegalArgumentException.class,
                () -> ki.loss(Tensor.of(be, z, ROWS, V), null, Tensor.ofInts(be, targets, ROWS), 0));
    }

    @Test
    void pureDistillationIgnoresTheLabels() {
        float[] zs = random(5, 1f);
        float[] zt = random(6, 1f);
        KnowledgeInheritance ki = new KnowledgeInheritance(new AlphaSchedule.Step(10), 1f);
        int[] other = {1, -100, 2, 2, -100};
        float a = ki.loss(Tensor.of(be, zs, ROWS, V), Tensor.of(be, zt, ROWS, V), Tensor.ofInts(be, targets, ROWS), 0)
                .total().item();
        float b = ki.loss(Tensor.of(be, zs, ROWS, V), Tensor.of(be, zt, ROWS, V), Tensor.ofInts(be, other, ROWS), 0)
                .total().item();
        assertEquals(a, b, 0f);
    }

    @Test
    void teacherLogitsThatRequireAGradientAreRejected() {
        float[] z = random(7, 1f);
        KnowledgeInheritance ki = new KnowledgeInheritance(new AlphaSchedule.Constant(1), 2f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ki.loss(
                Tensor.of(be, z, ROWS, V), Tensor.of(be, z, ROWS, V).requiresGrad(true),
                Tensor.ofInts(be, targets, ROWS), 0));
        assertTrue(e.getMessage().contains("frozen"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KnowledgeInheritance(new AlphaSchedule.Linear(3), 0f));
    }

    @Test
    void frozenTeacherRunsInEvaluationModeWithoutGradients() {
        // Dropout 0.5 in the teacher: in training mode two forwards would differ.
        Gpt2Config c = new Gpt2Config(11, 6, 8, 1, 2, 16, Activation.GELU_NEW, 0.5f, 0.5f, 0f, 1e-5f, 0.02f, true);
        Gpt2LMHeadModel teacherModel = new Gpt2LMHeadModel(be, c, 1);
        Gpt2LMHeadModel student = new Gpt2LMHeadModel(be, Gpt2Config.of(11, 6, 16, 1, 2, 32), 2);
        Tensor ids = Tensor.ofInts(be, new int[] {1, 2, 3, 4, 5, 6}, 1, 6);
        FrozenTeacher<Tensor> teacher = new FrozenTeacher<>(teacherModel, x -> teacherModel.forward(x, null));
        teacherModel.train(true);
        Tensor t1 = teacher.logits(ids);
        Tensor t2 = teacher.logits(ids);
        assertFalse(teacherModel.isTraining());
        assertFalse(t1.requiresGrad());
        float[] a = t1.toFloatArray();
        float[] b = t2.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 0f);
        }
        KnowledgeInheritance ki = new KnowledgeInheritance(new AlphaSchedule.Linear(5), 2f);
        Tensor targets = Tensor.ofInts(be, new int[] {2, 3, 4, 5, 6, -100}, 1, 6);
        ki.loss(student.forward(ids, null), t1, targets, 0).total().backward();
        teacherModel.parameters().forEach(p -> assertNull(p.grad()));
        assertTrue(student.parameters().stream().allMatch(p -> p.grad() != null));
    }
}
