package dev.graft.api.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fields of a {@code config.json} exactly as they were read, kept so that a configuration written back
 * holds every field it was given, including those Graft does not interpret ({@code architectures},
 * {@code transformers_version}, {@code summary_type}...). Numbers keep their original spelling.
 *
 * <p>Immutable. An empty instance stands for a configuration built in code.
 */
public final class ConfigFields {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .create();
    private static final ConfigFields EMPTY = new ConfigFields(new JsonObject());

    private final JsonObject object;

    private ConfigFields(JsonObject object) {
        this.object = object;
    }

    static ConfigFields of(JsonObject object) {
        return new ConfigFields(object.deepCopy());
    }

    /** @return the fields of a configuration that was not read from a file */
    public static ConfigFields empty() {
        return EMPTY;
    }

    /** @return a deep copy of the fields, for building an output */
    JsonObject copy() {
        return object.deepCopy();
    }

    /** @return the original value of one field, or null if absent (no copy: callers must not change it) */
    JsonElement get(String name) {
        return object.get(name);
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
        return format(object);
    }

    static String format(JsonObject o) {
        JsonObject sorted = new JsonObject();
        new TreeMap<>(o.asMap()).forEach(sorted::add);
        return PRETTY.toJson(sorted) + "\n";
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
