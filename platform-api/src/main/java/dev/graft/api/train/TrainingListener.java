package dev.graft.api.train;

/**
 * Observes a {@link Trainer}: every step and every evaluation, on the training thread. A resumed run reports only
 * the steps and evaluations after its checkpoint. Listeners must not change the model.
 */
public interface TrainingListener {
    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() {
    };

    /** Called after each optimizer update. */
    default void onStep(StepMetrics metrics) {
    }

    /** Called after each validation. */
    default void onEvaluation(CurvePoint point) {
    }
}
