package dev.graft.api.spi;

/**
 * A model loaded by a {@link ModelFamily}: the handle the other SPIs pass around. Concrete model classes
 * (BERT, GPT-2, T5, ...) implement it and expose their layers through their own types.
 *
 * <p>A model owns its parameter storage on the backend it was loaded with and frees it in {@link #close()};
 * using a closed model is an error ({@link IllegalStateException}).
 */
public interface PretrainedModel extends AutoCloseable {
    /** @return the {@link ModelFamily#name()} that loaded or built it */
    String family();

    /** @return the model's configuration as read from (or to be written to) {@code config.json} */
    HfConfigView config();

    /** @return the number of scalar parameters */
    long parameterCount();

    /** Frees the model's storage. Idempotent. */
    @Override
    void close();
}
