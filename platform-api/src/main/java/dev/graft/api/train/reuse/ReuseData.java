package dev.graft.api.train.reuse;

import dev.graft.api.train.BatchSource;
import dev.graft.api.train.MlmBatch;
import java.util.List;

/**
 * The masked-language-modelling data of a study. Every batch of every source must have the same shape (the
 * same sequences, length and number of predicted positions), so that every step of a run costs the same
 * compute; the study plans equal-compute runs from one measured step.
 */
public interface ReuseData {
    /**
     * @param seed seeds the order of the data and its masking
     * @return the training batches for that seed; {@code batch(i)} depends only on {@code seed} and {@code i}
     */
    BatchSource<MlmBatch> train(long seed);

    /** @return the fixed validation batches, disjoint from the training data */
    List<MlmBatch> validation();

    /** @return the vocabulary size of the token ids */
    int vocabSize();

    /**
     * @return a digest of everything that determines the batches (corpus, tokenizer, masking, shapes): the cache
     *         key of a pre-trained source includes it
     */
    String fingerprint();
}
