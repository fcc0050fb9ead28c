package dev.graft.runtime.cli.model;

import dev.graft.api.model.ModelFamilies;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.model.tokenizer.Tokenizer;
import dev.graft.api.spi.PretrainedModel;
import dev.graft.api.tensor.ComputeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What the model verbs share: loading a Hugging Face directory and its tokenizer. */
final class ModelDirs {
    private ModelDirs() {
    }

    /**
     * @return the model of a directory, loaded by the family that reads it
     * @throws NoSuchFileException      if the directory does not exist
     * @throws IllegalArgumentException if no family reads it, or a plugin's family returns a model these verbs
     *                                  cannot drive
     */
    static PretrainedModule load(Path dir, ComputeBackend backend) throws IOException {
        requireDirectory(dir);
        PretrainedModel m = ModelFamilies.load(dir, backend);
        if (m instanceof PretrainedModule module) {
            return module;
        }
        m.close();
        throw new IllegalArgumentException(dir + ": the " + m.family() + " family's models cannot be run by this "
                + "command (they are not Graft modules)");
    }

    /**
     * @return the directory's tokenizer
     * @throws NoSuchFileException if it has no {@code tokenizer.json}
     */
    static Tokenizer tokenizer(Path dir) throws IOException {
        return Tokenizer.load(tokenizerFile(dir));
    }

    /**
     * @return the directory's {@code tokenizer.json}
     * @throws NoSuchFileException if there is none
     */
    static Path tokenizerFile(Path dir) throws NoSuchFileException {
        requireDirectory(dir);
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "the model directory has no tokenizer.json");
        }
        return file;
    }

    /** @return a string as a JSON string literal */
    static String jsonString(String s) {
        return new com.google.gson.JsonPrimitive(s).toString();
    }

    static void requireDirectory(Path dir) throws NoSuchFileException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a model directory");
        }
    }
}
