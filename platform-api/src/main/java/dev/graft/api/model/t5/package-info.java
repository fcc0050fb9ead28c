/**
 * T5: {@link dev.graft.api.model.t5.T5Config}, {@link dev.graft.api.model.t5.T5ForConditionalGeneration} with
 * relative position buckets and generation, and the {@code t5} {@link dev.graft.api.spi.ModelFamily model
 * family}. Module paths are Hugging Face's checkpoint keys.
 */
package dev.graft.api.model.t5;
