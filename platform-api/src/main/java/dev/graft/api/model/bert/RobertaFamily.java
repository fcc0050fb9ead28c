package dev.graft.api.model.bert;

import dev.graft.api.model.ModelType;

/**
 * The {@code roberta} model family: {@link BertFamily}'s loading and saving for RoBERTa checkpoints
 * ({@code roberta.*}, {@code lm_head.*}, {@code classifier.dense}/{@code out_proj}), whose position ids start
 * after {@code pad_token_id}.
 */
public final class RobertaFamily extends BertFamily {
    /** The {@code roberta} family. */
    public RobertaFamily() {
        super(ModelType.ROBERTA);
    }
}
