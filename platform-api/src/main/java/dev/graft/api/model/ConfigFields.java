package dev.graft.api.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.api.internal.ConfigWriter;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The fields of a {@code config.json} exactly as they were read, kept so that a configuration written back
 * holds every field it was given, including those Graft does not interpret ({@code architectures},
 * {@code transformers_version}, {@code summary_type}...). Numbers keep their original spelling.
 *
 * <p>Immutable. An empty instance stands for a configuration built in code.
 */
public final class ConfigFields {
    private static final ConfigFields EMPTY = new ConfigFields(new JsonObject());

    private final JsonObject object;

    private ConfigFields(JsonObject object) {
        this.object = object;
    }

    /**
     * @param json the text of one JSON object (as {@link #toJson()} writes it, or a {@code config.json})
     * @return its fields
     * @throws IllegalArgumentException if the text is not one JSON object
     */
    public static ConfigFields parse(String json) {
        JsonElement e;
        try {
            e = JsonParser.parseString(json);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + json.strip());
        }
        return new ConfigFields(e.getAsJsonObject());
    }

    /** @return the fields of a configuration that was not read from a file */
    public static ConfigFields empty() {
        return EMPTY;
    }

    /** @return whether this stands for a configuration built in code (no fields) */
    public boolean isEmpty() {
        return object.isEmpty();
    }

    /** @return the field names, in file order */
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(object.keySet()));
    }

    /** @return whether the file had this field */
    public boolean has(String name) {
        return object.has(name);
    }

    /** @return the JSON text of one field's value, or {@code null} if the file did not have it */
    public String json(String name) {
        JsonElement e = object.get(name);
        return e == null ? null : e.toString();
    }

    /** @return the fields as Hugging Face writes {@code config.json}: keys sorted, two-space indent, final newline */
    public String toJson() {
        return ConfigWriter.format(object);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigFields f && object.equals(f.object);
    }

    @Override
    public int hashCode() {
        return object.hashCode();
    }

    @Override
    public String toString() {
        return object.toString();
    }
}
