/**
 * Comparisons of methods that reuse a small pre-trained model to train a larger one, at equal compute: a
 * small BERT source is pre-trained (or taken from a cache), then a larger target is trained from scratch, with
 * Knowledge Inheritance from the source, and grown from the source with bert2BERT; each run records validation
 * MLM loss against training FLOPs, and the study reports the compute each method needs to reach the scratch
 * run's final loss, with and without the source's own pre-training, over several seeds, after the same
 * learning-rate sweep for every method.
 *
 * <p>Entry point: {@link dev.graft.api.train.reuse.ReuseStudyRunner}. Shared by the {@code bert2bert} and
 * {@code ki} plugins and by {@code graft quickstart}.
 */
package dev.graft.api.train.reuse;
