package dev.graft.api.model;

import dev.graft.api.spi.HfConfigView;
import dev.graft.api.spi.ModelFamily;
import dev.graft.api.spi.PretrainedModel;
import dev.graft.api.tensor.ComputeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What the built-in {@link ModelFamily} implementations share: {@link #supports} by {@code model_type},
 * {@link #load} (typed configuration, model built on the backend, weights checked and copied from
 * {@code model.safetensors}, side files kept) and {@link #save} ({@code config.json}, {@code model.safetensors}
 * with Hugging Face's tensor names, the side files), each file written atomically.
 *
 * @param <M> the model class the family loads
 */
public abstract class HfFamily<M extends PretrainedModule> implements ModelFamily {
    private final ModelType type;
    private final Class<M> modelClass;

    /**
     * @param type       the {@code model_type} this family reads
     * @param modelClass the model class it loads and saves
     */
    protected HfFamily(ModelType type, Class<M> modelClass) {
        this.type = type;
        this.modelClass = modelClass;
    }

    @Override
    public String name() {
        return type.hfName();
    }

    @Override
    public boolean supports(HfConfigView config) {
        return config.modelType().equals(type.hfName());
    }

    /**
     * Builds the model a configuration describes, with its initial weights drawn from {@code init}.
     *
     * @param directory the directory being loaded (a family may look at its checkpoint to pick a head)
     */
    protected abstract M build(ModelConfig config, Path directory, ComputeBackend backend, Random init)
            throws IOException;

    /** @return what a load of this model accepts besides its exact tensors */
    protected abstract HfCheckpoint.Rules rules(M model);

    /**
     * Loads a model directory.
     *
     * @return the model; its side files are the directory's tokenizer and generation files
     * @throws ModelFormatException if {@code config.json} or {@code model.safetensors} is not what this family
     *                              reads, naming the file and the field or tensor
     * @throws java.nio.file.NoSuchFileException if {@code config.json} or {@code model.safetensors} is missing
     * @throws IOException          if a file cannot be read
     */
    @Override
    public M load(Path directory, ComputeBackend backend) throws IOException {
        Path configFile = directory.resolve("config.json");
        ModelConfig config = ModelConfig.read(configFile);
        if (config.modelType() != type) {
            throw new ModelFormatException(configFile, ModelFormatException.Problem.UNSUPPORTED_VALUE,
                    "model_type '" + config.modelType().hfName() + "' is not read by the " + name() + " family");
        }
        Path weights = directory.resolve("model.safetensors");
        if (!Files.isRegularFile(weights)) {
            throw HfCheckpoint.noSafetensors(directory);
        }
        M model = build(config, directory, backend, new Unsampled());
        HfCheckpoint.load(model, weights, configFile.toString(), rules(model));
        model.setSideFiles(SideFiles.read(directory));
        return model;
    }

    /**
     * Writes a model as a Hugging Face directory: {@code config.json} (every field it was loaded with,
     * {@code architectures} filled in when it had none), {@code model.safetensors} and the side files.
     *
     * @param model     a model of this family
     * @param directory an existing, empty directory
     * @throws IllegalArgumentException if the model is not of this family or the directory is not empty
     * @throws IOException              if a file cannot be written
     */
    @Override
    public void save(PretrainedModel model, Path directory) throws IOException {
        if (!modelClass.isInstance(model) || !model.family().equals(name())) {
            throw new IllegalArgumentException("the " + name() + " family cannot save a " + model.family() + " model ("
                    + model.getClass().getSimpleName() + ")");
        }
        if (!Files.isDirectory(directory)) {
            throw new java.nio.file.NoSuchFileException(directory.toString(), null, "not an existing directory");
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(directory + ": the directory to save into must be empty");
            }
        }
        M m = modelClass.cast(model);
        HfCheckpoint.save(m, directory.resolve("model.safetensors"));
        m.configForSave().write(directory.resolve("config.json"));
        m.sideFiles().writeTo(directory);
    }

    /**
     * The initial-weight source of a model about to be loaded: every weight is overwritten by the checkpoint, so
     * drawing normal samples for them first would only cost time.
     */
    private static final class Unsampled extends Random {
        private static final long serialVersionUID = 1L;

        @Override
        public double nextGaussian() {
            return 0.0;
        }
    }
}
