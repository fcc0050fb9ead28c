package dev.graft.api.model;

import dev.graft.api.spi.HfConfigView;
import dev.graft.api.spi.ModelFamily;
import dev.graft.api.spi.PretrainedModel;
import dev.graft.api.tensor.ComputeBackend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.nio.file.Path;

/**
 * Finds {@link ModelFamily} implementations through {@link ServiceLoader}: the built-in {@code bert},
 * {@code roberta}, {@code gpt2} and {@code t5}, and any other on the class or module path. Nothing is cached;
 * each call looks again.
 */
public final class ModelFamilies {
    private ModelFamilies() {
    }

    /** @return every family found, sorted by name */
    public static List<ModelFamily> available() {
        List<ModelFamily> out = new ArrayList<>();
        ServiceLoader.load(ModelFamily.class, ModelFamilies.class.getClassLoader()).forEach(out::add);
        out.sort(Comparator.comparing(ModelFamily::name));
        return out;
    }

    /**
     * @param name a family name, e.g. {@code gpt2}
     * @return the family
     * @throws IllegalArgumentException listing the known names if none has this name
     */
    public static ModelFamily byName(String name) {
        for (ModelFamily f : available()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown model family '" + name + "'; known: " + names());
    }

    /**
     * @param directory a Hugging Face model directory
     * @return the first family (by name) that {@link ModelFamily#supports supports} its {@code config.json}
     * @throws IllegalArgumentException naming the file, its {@code model_type} and the known families if none does
     * @throws IOException              if {@code config.json} cannot be read
     */
    public static ModelFamily forDirectory(Path directory) throws IOException {
        HfConfigView view = HfConfigView.read(directory);
        for (ModelFamily f : available()) {
            if (f.supports(view)) {
                return f;
            }
        }
        throw new IllegalArgumentException(view.file() + ": model_type '" + view.modelType()
                + "' is not read by any model family (known: " + names() + ")");
    }

    /**
     * Loads a model directory with the family that reads it.
     *
     * @throws IllegalArgumentException if no family reads it
     * @throws IOException              if a file is missing, unreadable or not what the family expects
     */
    public static PretrainedModel load(Path directory, ComputeBackend backend) throws IOException {
        return forDirectory(directory).load(directory, backend);
    }

    private static String names() {
        List<String> names = available().stream().map(ModelFamily::name).toList();
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
