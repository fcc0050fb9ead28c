/**
 * GPT-2: {@link dev.graft.api.model.gpt2.Gpt2Config}, {@link dev.graft.api.model.gpt2.Gpt2LMHeadModel} with
 * key/value-cache generation, and the {@code gpt2} {@link dev.graft.api.spi.ModelFamily model family}. Module
 * paths are Hugging Face's checkpoint keys.
 */
package dev.graft.api.model.gpt2;
