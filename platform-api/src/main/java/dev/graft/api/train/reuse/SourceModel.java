package dev.graft.api.train.reuse;

import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.train.LossCurve;
import java.util.Objects;

/**
 * The pre-trained small model of a study and what it cost.
 *
 * @param model     the model, in evaluation mode
 * @param steps     its pre-training steps
 * @param flops     its pre-training compute (the ledger's training total)
 * @param curve     its validation curve
 * @param fromCache whether it was read from the cache instead of trained by this study
 */
public record SourceModel(BertForMaskedLM model, int steps, long flops, LossCurve curve, boolean fromCache) {
    public SourceModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(curve, "curve");
    }

    /** @return its final validation loss */
    public double finalLoss() {
        return curve.finalLoss();
    }
}
