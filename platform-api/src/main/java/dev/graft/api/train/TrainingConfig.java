package dev.graft.api.train;

import dev.graft.api.optim.LrSchedule;
import java.util.Objects;

/**
 * How a {@link Trainer} optimises: the number of steps, the learning-rate schedule, AdamW's hyper-parameters,
 * global gradient clipping, and how often it evaluates and saves a checkpoint. Immutable; its
 * {@link #toString()} is written into every checkpoint, and a run resumes only under an equal configuration.
 *
 * @param steps           optimizer updates, {@code >= 1}
 * @param schedule        the learning rate of each 0-based step
 * @param beta1           AdamW's first-moment decay
 * @param beta2           AdamW's second-moment decay
 * @param eps             AdamW's epsilon
 * @param weightDecay     decoupled weight decay of matrices; vectors (biases, LayerNorm gains and shifts) get none
 * @param clipNorm        global gradient-norm bound; {@code 0} turns clipping off
 * @param evalEvery       validate after every this many steps (and before the first and after the last), {@code >= 1}
 * @param checkpointEvery save a checkpoint after every this many steps; {@code 0} saves only when cancelled
 */
public record TrainingConfig(int steps, LrSchedule schedule, float beta1, float beta2, float eps, float weightDecay,
                             double clipNorm, int evalEvery, int checkpointEvery) {
    public TrainingConfig {
        Objects.requireNonNull(schedule, "schedule");
        if (steps < 1) {
            throw new IllegalArgumentException("training needs steps >= 1, got " + steps);
        }
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("AdamW betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0f) || !(weightDecay >= 0f) || !(clipNorm >= 0.0)) {
            throw new IllegalArgumentException("AdamW eps must be > 0, weight decay and clip norm >= 0; got eps "
                    + eps + ", weight decay " + weightDecay + ", clip norm " + clipNorm);
        }
        if (evalEvery < 1 || checkpointEvery < 0) {
            throw new IllegalArgumentException("evalEvery must be >= 1 and checkpointEvery >= 0, got " + evalEvery
                    + " and " + checkpointEvery);
        }
    }

    /**
     * The pre-training recipe of Knowledge Inheritance's and bert2BERT's code, scaled to {@code steps}: linear
     * warm-up to {@code peakLr} over {@code warmup} steps then linear decay to 0, AdamW with β = (0.9, 0.98),
     * ε = 1e-6, weight decay 0.01, gradient norm clipped at 1.
     */
    public static TrainingConfig pretraining(int steps, float peakLr, int warmup, int evalEvery) {
        return new TrainingConfig(steps, new LrSchedule.LinearWarmupDecay(peakLr, warmup, steps), 0.9f, 0.98f, 1e-6f,
                0.01f, 1.0, evalEvery, 0);
    }

    /** @return this configuration saving a checkpoint every {@code every} steps */
    public TrainingConfig withCheckpointEvery(int every) {
        return new TrainingConfig(steps, schedule, beta1, beta2, eps, weightDecay, clipNorm, evalEvery, every);
    }

    /** @return this configuration with another gradient-norm bound ({@code 0}: no clipping) */
    public TrainingConfig withClipNorm(double norm) {
        return new TrainingConfig(steps, schedule, beta1, beta2, eps, weightDecay, norm, evalEvery, checkpointEvery);
    }

    /** @return this configuration with another weight decay */
    public TrainingConfig withWeightDecay(float decay) {
        return new TrainingConfig(steps, schedule, beta1, beta2, eps, decay, clipNorm, evalEvery, checkpointEvery);
    }
}
