package dev.graft.api.spi;

import dev.graft.api.nn.Module;

/**
 * A model loaded by a {@link ModelFamily}: the handle the other SPIs pass around. Its {@link #module()} is the
 * module tree (BERT, GPT-2, T5, ... from {@code dev.graft.api.model}), whose parameter names are the Hugging
 * Face checkpoint keys, so tuning methods, growth operators and analyzers reach every layer by name.
 *
 * <p>A model owns its parameter storage on the backend it was loaded with and frees it in {@link #close()};
 * using a closed model is an error ({@link IllegalStateException}).
 */
public interface PretrainedModel extends AutoCloseable {
    /** @return the {@link ModelFamily#name()} that loaded or built it */
    String family();

    /** @return the model's configuration as read from (or to be written to) {@code config.json} */
    HfConfigView config();

    /** @return the model's module tree; its parameters live on the backend the model was loaded with */
    Module module();

    /** @return the number of scalar parameters */
    default long parameterCount() {
        return module().parameterCount();
    }

    /** Frees the model's storage. Idempotent. */
    @Override
    void close();
}
