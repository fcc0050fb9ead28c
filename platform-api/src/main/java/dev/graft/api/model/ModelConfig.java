package dev.graft.api.model;

import com.google.gson.JsonObject;
import dev.graft.api.internal.ConfigReader;
import dev.graft.api.internal.StrictJson;
import dev.graft.api.model.ModelFormatException.Problem;
import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.io.AtomicFiles;
import dev.graft.api.model.t5.T5Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face {@code config.json}, parsed into the typed record of its family: {@link BertConfig} (also
 * RoBERTa), {@link Gpt2Config} or {@link T5Config}, the same records the model classes are built from.
 *
 * <p>{@link #read} and {@link #parse} dispatch on {@code model_type}, fill absent fields with Hugging Face's
 * defaults for that family, and refuse with a {@link ModelFormatException} naming the field: a malformed value
 * ({@code BAD_FIELD}), a {@code model_type} other than bert, roberta, gpt2, t5, and any value the family's
 * implementation does not support, such as {@code position_embedding_type: relative_key}
 * ({@code UNSUPPORTED_VALUE}). Every field of the file, interpreted or not, is kept in {@link #fields()}, and
 * {@link #toJson()} writes them all back with the typed values overlaid: a configuration read and written
 * unchanged gives the same JSON, a changed size is written with its new value.
 *
 * <pre>{@code
 * if (ModelConfig.read(dir.resolve("config.json")) instanceof Gpt2Config gpt2) {
 *     int layers = gpt2.nLayer();
 * }
 * }</pre>
 */
public interface ModelConfig {
    /** The largest {@code config.json} accepted, in bytes. */
    long MAX_CONFIG_BYTES = 16L << 20;

    /** @return the family ({@code model_type}) */
    ModelType modelType();

    /** @return the vocabulary size: rows of the token embedding */
    int vocabSize();

    /** @return the model (residual stream) width */
    int hiddenSize();

    /** @return every field of the file this was read from; empty for a configuration built in code */
    ConfigFields fields();

    /** @return the Hugging Face class names in {@code architectures} (empty when absent) */
    List<String> architectures();

    /** @return the configuration as Hugging Face writes {@code config.json}: every original field, typed values overlaid */
    String toJson();

    /**
     * Writes {@link #toJson()} atomically.
     *
     * @throws IOException if the file cannot be written
     */
    default void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /**
     * Reads and parses a {@code config.json}.
     *
     * @throws ModelFormatException if the file is not a configuration Graft supports
     * @throws IOException          if it cannot be read
     */
    static ModelConfig read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_CONFIG_BYTES) {
            throw new ModelFormatException(file, Problem.BAD_FIELD,
                    "file is " + size + " bytes, more than the " + MAX_CONFIG_BYTES + " accepted");
        }
        return parse(file, Files.readString(file));
    }

    /**
     * Parses the text of a {@code config.json}.
     *
     * @param source the file it came from, named in errors
     * @throws ModelFormatException if it is not a configuration Graft supports
     */
    static ModelConfig parse(Path source, String json) throws ModelFormatException {
        return switch (modelType(source, json)) {
            case BERT, ROBERTA -> BertConfig.parse(source, json);
            case GPT2 -> Gpt2Config.parse(source, json);
            case T5 -> T5Config.parse(source, json);
        };
    }

    /**
     * Reads only {@code model_type}.
     *
     * @throws ModelFormatException if the text is not a JSON object with a supported {@code model_type}
     */
    static ModelType modelType(Path source, String json) throws ModelFormatException {
        JsonObject object = StrictJson.parseObject(source, json);
        String type = new ConfigReader(source, object).string("model_type", null);
        if (type == null) {
            throw new ModelFormatException(source, Problem.BAD_FIELD,
                    "has no 'model_type' field (expected one of " + ModelType.supportedNames() + ")");
        }
        return ModelType.fromHfName(source, type);
    }
}
