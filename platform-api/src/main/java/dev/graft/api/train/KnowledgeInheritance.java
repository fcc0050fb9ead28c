package dev.graft.api.train;

import dev.graft.api.tensor.Functional;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Knowledge Inheritance objective (Qin et al., "Knowledge Inheritance for Pre-trained Language Models",
 * NAACL 2022; {@code masked_lm_distil.py} of its code): a larger student learns from its own language-modelling
 * loss and from a smaller, frozen teacher's soft targets,
 *
 * <pre>
 *   L = (1 − α_t)·L_LM + α_t·T²·KL(softmax(z_teacher / T) ‖ softmax(z_student / T))
 * </pre>
 *
 * over the predicted positions only: the masked tokens for BERT, the next tokens for GPT. Both terms are means
 * over those positions (the code sums and normalises the gradient by their count). The KL divergence is forward
 * (the teacher's distribution is the target) and the temperature divides both sides' logits.
 *
 * <p>Logits are {@code [..., V]}; targets are I32 of the leading shape with {@value #IGNORE_INDEX} at positions
 * that are not predicted. The teacher's logits must not require a gradient (compute them with
 * {@link FrozenTeacher}); when {@code α_t = 0} no teacher logits are needed ({@link #needsTeacher}), which saves
 * the teacher's forward pass. Stateless and thread-safe.
 */
public final class KnowledgeInheritance {
    /** The target value of positions that are not predicted (Hugging Face's {@code -100}). */
    public static final int IGNORE_INDEX = -100;

    private final AlphaSchedule alpha;
    private final float temperature;

    /**
     * @param alpha       the inheritance rate schedule
     * @param temperature {@code T > 0} (the paper uses 2)
     */
    public KnowledgeInheritance(AlphaSchedule alpha, float temperature) {
        this.alpha = Objects.requireNonNull(alpha, "alpha");
        if (!(temperature > 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("distillation temperature must be finite and > 0, got " + temperature);
        }
        this.temperature = temperature;
    }

    /** @return the schedule */
    public AlphaSchedule schedule() {
        return alpha;
    }

    /** @return the temperature */
    public float temperature() {
        return temperature;
    }

    /** @return whether step {@code step} needs the teacher ({@code α_t > 0}) */
    public boolean needsTeacher(int step) {
        return alpha.at(step) > 0.0;
    }

    /**
     * The loss and its two terms.
     *
     * @param total the objective to backpropagate (a scalar)
     * @param lm    the language-modelling cross-entropy (mean over predicted positions)
     * @param kd    {@code T²·KL} (mean over predicted positions); 0 when the teacher was not consulted
     * @param alpha {@code α_t}
     * @param count the number of predicted positions
     */
    public record Loss(Tensor total, float lm, float kd, double alpha, int count) {
    }

    /**
     * @param studentLogits {@code [..., V]}
     * @param teacherLogits the same shape, not requiring a gradient; may be {@code null} when
     *                      {@link #needsTeacher} is false
     * @param targets       I32 {@code [...]} (the logits' leading shape) with {@value #IGNORE_INDEX} where no
     *                      token is predicted
     * @param step          the 0-based optimizer update count
     * @throws IllegalArgumentException if shapes do not fit, the teacher logits are missing when needed, or
     *                                  they require a gradient
     */
    public Loss loss(Tensor studentLogits, Tensor teacherLogits, Tensor targets, int step) {
        double a = alpha.at(step);
        int v = studentLogits.size(-1);
        int rows = Math.toIntExact(studentLogits.numel() / Math.max(v, 1));
        if (targets.numel() != rows) {
            throw new IllegalArgumentException("knowledge inheritance: " + targets.numel() + " targets "
                    + Arrays.toString(targets.shape()) + " for " + rows + " rows of student logits "
                    + Arrays.toString(studentLogits.shape()));
        }
        Tensor flat = studentLogits.reshape(rows, v);
        Tensor lmTerm = a < 1.0 ? Functional.crossEntropy(flat, targets.reshape(rows), IGNORE_INDEX, 0f) : null;
        int[] t = targets.toIntArray();
        int m = 0;
        for (int x : t) {
            if (x != IGNORE_INDEX) {
                m++;
            }
        }
        if (a == 0.0) {
            return new Loss(lmTerm, lmTerm.item(), 0f, a, m);
        }
        if (teacherLogits == null) {
            throw new IllegalArgumentException("knowledge inheritance at step " + step + " has α = " + a
                    + " and needs the teacher's logits");
        }
        if (!Arrays.equals(teacherLogits.shape(), studentLogits.shape())) {
            throw new IllegalArgumentException("teacher logits " + Arrays.toString(teacherLogits.shape())
                    + " do not match student logits " + Arrays.toString(studentLogits.shape())
                    + " (teacher and student must share the vocabulary)");
        }
        if (teacherLogits.requiresGrad()) {
            throw new IllegalArgumentException("teacher logits require a gradient; the teacher must be frozen"
                    + " (compute its logits with FrozenTeacher or inside NoGrad)");
        }
        if (lmTerm == null) {
            try (NoGrad ignored = NoGrad.enter()) {
                lmTerm = Functional.crossEntropy(flat, targets.reshape(rows), IGNORE_INDEX, 0f);
            }
        }
        if (m == 0) {
            Tensor zero = flat.sum().mul(0f);
            return new Loss(zero, 0f, 0f, a, 0);
        }
        int[] kept = new int[m];
        for (int i = 0, j = 0; i < rows; i++) {
            if (t[i] != IGNORE_INDEX) {
                kept[j++] = i;
            }
        }
        Tensor idx = Tensor.ofInts(flat.backend(), kept, m);
        float invT = 1f / temperature;
        Tensor logP = flat.indexSelect(idx).mul(invT).logSoftmax();                  // [M, V], student
        Tensor q;
        Tensor logQ;
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor zt = teacherLogits.reshape(rows, v).indexSelect(idx).mul(invT);   // [M, V], teacher
            q = zt.softmax();
            logQ = zt.logSoftmax();
        }
        // KL(q ‖ p) = Σ q·(log q − log p), summed over the vocabulary and the M positions, then averaged.
        Tensor kd = q.mul(logQ.sub(logP)).sum().mul(temperature * temperature / m);
        Tensor total = a == 1.0 ? kd : lmTerm.mul((float) (1.0 - a)).add(kd.mul((float) a));
        return new Loss(total, lmTerm.item(), kd.item(), a, m);
    }
}
