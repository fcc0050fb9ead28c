package dev.graft.api.spi;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.graft.api.internal.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A read-only, typed view of a Hugging Face {@code config.json}: what {@link ModelFamily#supports} inspects.
 * Only top-level scalar fields are visible; nested objects and arrays are left to the model family that reads
 * the file itself. Immutable.
 */
public final class HfConfigView {
    private final Path file;
    private final String modelType;
    private final Map<String, JsonPrimitive> fields;

    private HfConfigView(Path file, String modelType, Map<String, JsonPrimitive> fields) {
        this.file = file;
        this.modelType = modelType;
        this.fields = Collections.unmodifiableMap(fields);
    }

    /**
     * Reads {@code config.json} from a model directory.
     *
     * @param modelDirectory a directory holding {@code config.json}
     * @return the view
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file if it is not a JSON object or lacks a string
     *                                  {@code model_type}
     */
    public static HfConfigView read(Path modelDirectory) throws IOException {
        Path file = modelDirectory.resolve("config.json");
        return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses the text of a {@code config.json} (for example one a model is about to write).
     *
     * @param file the file the text belongs to, named in errors and returned by {@link #file()}
     * @param text the JSON text
     * @return the view
     * @throws IllegalArgumentException naming the file if the text is not a JSON object or lacks a string
     *                                  {@code model_type}
     */
    public static HfConfigView parse(Path file, String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + StrictJson.syntaxError(e) + ")", e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object at the top level");
        }
        JsonObject o = root.getAsJsonObject();
        JsonElement type = o.get("model_type");
        if (type == null || !type.isJsonPrimitive() || !type.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(file + ": field 'model_type' must be a string (e.g. \"bert\", \"gpt2\")");
        }
        Map<String, JsonPrimitive> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getValue().isJsonPrimitive()) {
                fields.put(e.getKey(), e.getValue().getAsJsonPrimitive());
            }
        }
        return new HfConfigView(file, type.getAsString(), fields);
    }

    /** @return the file this view was read from */
    public Path file() {
        return file;
    }

    /** @return the {@code model_type} field, e.g. {@code bert} */
    public String modelType() {
        return modelType;
    }

    /** @return the names of the top-level scalar fields */
    public Set<String> keys() {
        return fields.keySet();
    }

    /** @return the field as text if it is a string */
    public Optional<String> string(String key) {
        JsonPrimitive p = fields.get(key);
        return p != null && p.isString() ? Optional.of(p.getAsString()) : Optional.empty();
    }

    /** @return the field if it is an integral number */
    public OptionalLong integer(String key) {
        JsonPrimitive p = fields.get(key);
        if (p == null || !p.isNumber()) {
            return OptionalLong.empty();
        }
        double d = p.getAsDouble();
        return d == Math.rint(d) ? OptionalLong.of(p.getAsLong()) : OptionalLong.empty();
    }

    /** @return the field if it is a number */
    public OptionalDouble number(String key) {
        JsonPrimitive p = fields.get(key);
        return p != null && p.isNumber() ? OptionalDouble.of(p.getAsDouble()) : OptionalDouble.empty();
    }

    /** @return the field if it is a boolean */
    public Optional<Boolean> bool(String key) {
        JsonPrimitive p = fields.get(key);
        return p != null && p.isBoolean() ? Optional.of(p.getAsBoolean()) : Optional.empty();
    }
}
