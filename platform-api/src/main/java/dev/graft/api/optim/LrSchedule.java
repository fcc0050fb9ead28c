package dev.graft.api.optim;

/**
 * A learning rate as a function of the 0-based step. Implementations are immutable records.
 */
public sealed interface LrSchedule permits LrSchedule.Constant, LrSchedule.LinearWarmupDecay, LrSchedule.Cosine {
    /** @return the learning rate for a step */
    float at(int step);

    /** A constant rate. */
    record Constant(float lr) implements LrSchedule {
        @Override
        public float at(int step) {
            return lr;
        }
    }

    /**
     * Linear warm-up from 0 to {@code peak} over {@code warmup} steps, then linear decay to 0 at {@code total}
     * (Hugging Face's {@code get_linear_schedule_with_warmup}).
     */
    record LinearWarmupDecay(float peak, int warmup, int total) implements LrSchedule {
        @Override
        public float at(int step) {
            if (step < warmup) {
                return peak * step / Math.max(1, warmup);
            }
            return peak * Math.max(0f, (float) (total - step) / Math.max(1, total - warmup));
        }
    }

    /**
     * Linear warm-up, then half a cosine from {@code peak} down to {@code floor} at {@code total}
     * (Hugging Face's {@code get_cosine_schedule_with_warmup} when floor is 0).
     */
    record Cosine(float peak, float floor, int warmup, int total) implements LrSchedule {
        @Override
        public float at(int step) {
            if (step < warmup) {
                return peak * step / Math.max(1, warmup);
            }
            double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, total - warmup));
            return (float) (floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }
    }
}
