package dev.graft.api.train;

/**
 * The inheritance rate {@code α_t} of Knowledge Inheritance (Qin et al., NAACL 2022): the weight of the
 * distillation term at optimizer update {@code t} (0-based). Implementations are immutable records.
 */
public sealed interface AlphaSchedule permits AlphaSchedule.Linear, AlphaSchedule.Step, AlphaSchedule.Constant {
    /**
     * @param step the 0-based optimizer update count
     * @return {@code α_t} in {@code [0, 1]}
     * @throws IllegalArgumentException if {@code step} is negative
     */
    double at(int step);

    /**
     * The paper's default: {@code α_t = max(0, 1 − t / T_KI)}, decaying linearly from 1 to 0 over {@code steps}
     * updates, then pure self-learning.
     *
     * @param steps {@code T_KI} ({@code --max-update-distil}), positive
     */
    record Linear(int steps) implements AlphaSchedule {
        public Linear {
            if (steps < 1) {
                throw new IllegalArgumentException("the linear inheritance schedule needs T_KI >= 1 steps, got " + steps);
            }
        }

        @Override
        public double at(int step) {
            check(step);
            return Math.max(0.0, 1.0 - (double) step / steps);
        }
    }

    /**
     * Pure distillation for the first {@code steps} updates, then pure self-learning (the code's
     * {@code --distil_then_mlm}).
     *
     * @param steps updates with {@code α = 1}, at least 0
     */
    record Step(int steps) implements AlphaSchedule {
        public Step {
            if (steps < 0) {
                throw new IllegalArgumentException("the step inheritance schedule needs steps >= 0, got " + steps);
            }
        }

        @Override
        public double at(int step) {
            check(step);
            return step < steps ? 1.0 : 0.0;
        }
    }

    /**
     * A constant rate (the code's {@code masked_lm_distil_H_half} uses 0.5; 1 is pure distillation).
     *
     * @param alpha in {@code [0, 1]}
     */
    record Constant(double alpha) implements AlphaSchedule {
        public Constant {
            if (!(alpha >= 0.0 && alpha <= 1.0)) {
                throw new IllegalArgumentException("a constant inheritance rate must be in [0, 1], got " + alpha);
            }
        }

        @Override
        public double at(int step) {
            check(step);
            return alpha;
        }
    }

    private static void check(int step) {
        if (step < 0) {
            throw new IllegalArgumentException("the optimizer update count must be >= 0, got " + step);
        }
    }
}
