package dev.graft.api.train;

/**
 * The training data of a run as a function of the batch index: {@code batch(i)} must depend only on {@code i}
 * and on the source's own construction (corpus, seed), never on earlier calls. That is what lets a resumed run
 * draw exactly the batches the uninterrupted run would have drawn: its data position is simply the index of
 * the next batch.
 *
 * @param <B> the batch type
 */
@FunctionalInterface
public interface BatchSource<B> {
    /**
     * @param index the 0-based batch index, {@code >= 0}
     * @return the batch at that index; the same index always gives equal batches
     */
    B batch(long index);
}
