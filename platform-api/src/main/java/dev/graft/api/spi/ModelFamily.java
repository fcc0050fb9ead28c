package dev.graft.api.spi;

import dev.graft.api.tensor.ComputeBackend;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One Hugging Face architecture (a named SPI: {@code bert}, {@code roberta}, {@code gpt2}, {@code t5}, ...):
 * reads an HF directory ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}) into a
 * {@link PretrainedModel} and writes one back that Python's {@code transformers} loads.
 *
 * <p>Names, once written into a checkpoint or run record, are kept forever. SPI version {@value #SPI_VERSION}.
 */
public interface ModelFamily {
    /** This SPI's semantic version. */
    String SPI_VERSION = "1.0.0";

    /** @return the family's name, e.g. {@code gpt2} */
    String name();

    /**
     * @param config the directory's configuration
     * @return whether this family reads that configuration (usually: its {@code model_type} matches)
     */
    boolean supports(HfConfigView config);

    /**
     * Loads a model.
     *
     * @param directory an HF model directory that {@link #supports} accepted
     * @param backend   where the parameters live; the model frees them on close
     * @return the model
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException naming the file and field if the content is not what the family expects
     */
    PretrainedModel load(Path directory, ComputeBackend backend) throws IOException;

    /**
     * Writes a model as an HF directory, each file written atomically.
     *
     * @param model     a model of this family
     * @param directory an existing, empty directory
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if the model is not of this family
     */
    void save(PretrainedModel model, Path directory) throws IOException;
}
