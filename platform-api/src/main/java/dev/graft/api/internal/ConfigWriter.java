package dev.graft.api.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.graft.api.model.ConfigFields;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.nn.Activation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds a {@code config.json} from the original fields overlaid with typed values. Not API.
 *
 * <p>For each typed field the writer works out what the original text would mean for the new configuration
 * (its own value; or, when the field is absent or null, {@code defaultNow}, the value Hugging Face assumes given
 * the new configuration's other fields). When that equals the typed value the original is kept untouched, with
 * its spelling (or its absence); otherwise the typed value is written. So a configuration read and written
 * unchanged gives the same JSON, nothing new appears on a round trip, and a changed size is never lost, not even
 * a default that depends on another field ({@code n_inner: null} after {@code n_embd} grew).
 */
public final class ConfigWriter {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .create();
    private static final Object UNREADABLE = new Object();

    private final ConfigReader original;
    private final JsonObject out;

    /** @param original the fields the configuration was read from (empty for one built in code) */
    public ConfigWriter(ConfigFields original) {
        JsonObject o = JsonParser.parseString(original.toJson()).getAsJsonObject();
        this.original = new ConfigReader(Path.of("config.json"), o);
        this.out = o.deepCopy();
    }

    @FunctionalInterface
    private interface Read<T> {
        T read(ConfigReader r, String name) throws ModelFormatException;
    }

    private <T> ConfigWriter put(String name, T typed, T defaultNow, boolean nullIsValue, Read<T> read,
                                 Function<T, JsonElement> json) {
        Object resolved;
        JsonElement e = original.object().get(name);
        if (e == null) {
            resolved = defaultNow;
        } else if (e.isJsonNull()) {
            resolved = nullIsValue ? null : defaultNow;
        } else {
            try {
                resolved = read.read(original, name);
            } catch (ModelFormatException ex) {
                resolved = UNREADABLE;
            }
        }
        if (!Objects.equals(typed, resolved)) {
            out.add(name, typed == null ? JsonNull.INSTANCE : json.apply(typed));
        }
        return this;
    }

    /** An integer field; null or absent in the file means {@code defaultNow}. */
    public ConfigWriter putInt(String name, int value, int defaultNow) {
        return put(name, value, defaultNow, false, (r, n) -> r.integer(n, 0), JsonPrimitive::new);
    }

    /** A nullable integer; an explicit null in the file means null, absence means {@code defaultNow}. */
    public ConfigWriter putNullableInt(String name, Integer value, Integer defaultNow) {
        return put(name, value, defaultNow, true, (r, n) -> r.integer(n, 0), JsonPrimitive::new);
    }

    /** A number held as a float; null or absent in the file means {@code defaultNow}. */
    public ConfigWriter putFloat(String name, float value, float defaultNow) {
        return put(name, value, defaultNow, false, (r, n) -> r.nonNegativeFloat(n, 0f), ConfigWriter::number);
    }

    /** A nullable float; an explicit null in the file means null, absence means {@code defaultNow}. */
    public ConfigWriter putNullableFloat(String name, Float value, Float defaultNow) {
        return put(name, value, defaultNow, true, (r, n) -> r.nonNegativeFloat(n, 0f), ConfigWriter::number);
    }

    /** A boolean; null or absent in the file means {@code defaultNow}. */
    public ConfigWriter putBool(String name, boolean value, boolean defaultNow) {
        return put(name, value, defaultNow, false, (r, n) -> r.bool(n, false), JsonPrimitive::new);
    }

    /** A nullable boolean; an explicit null means null, absence means {@code defaultNow}. */
    public ConfigWriter putNullableBool(String name, Boolean value, Boolean defaultNow) {
        return put(name, value, defaultNow, true, (r, n) -> r.bool(n, false), JsonPrimitive::new);
    }

    /** A nullable string; an explicit null means null, absence means {@code defaultNow}. */
    public ConfigWriter putString(String name, String value, String defaultNow) {
        return put(name, value, defaultNow, true, (r, n) -> r.string(n, null), JsonPrimitive::new);
    }

    /** An activation: another spelling of the same function ({@code gelu_pytorch_tanh}...) is kept. */
    public ConfigWriter putActivation(String name, Activation value, Activation defaultNow) {
        return put(name, value, defaultNow, false, (r, n) -> r.activation(n, "gelu"),
                a -> new JsonPrimitive(a.hfName()));
    }

    /** A list of strings; absent or null means empty. */
    public ConfigWriter putStrings(String name, List<String> values) {
        return put(name, values.isEmpty() ? null : values, null, false,
                (r, n) -> {
                    List<String> l = r.strings(n);
                    return l.isEmpty() ? null : l;
                },
                l -> {
                    JsonArray a = new JsonArray();
                    l.forEach(a::add);
                    return a;
                });
    }

    /** {@code id2label} and its mirror {@code label2id}; nothing is written for an empty map left unchanged. */
    public ConfigWriter putLabels(Map<Integer, String> id2label) {
        Map<Integer, String> before;
        try {
            before = original.id2label();
        } catch (ModelFormatException e) {
            before = null;
        }
        if (id2label.equals(before)) {
            return this;
        }
        JsonObject ids = new JsonObject();
        JsonObject labels = new JsonObject();
        id2label.forEach((id, label) -> {
            ids.addProperty(String.valueOf(id), label);
            labels.addProperty(label, id);
        });
        out.add("id2label", ids);
        out.add("label2id", labels);
        return this;
    }

    /** Sets a field to a JSON text value whatever the original held. */
    public ConfigWriter set(String name, String jsonValue) {
        out.add(name, JsonParser.parseString(jsonValue));
        return this;
    }

    /** @return the configuration as Hugging Face writes it: keys sorted, two-space indent, final newline */
    public String toJson() {
        return format(out);
    }

    /** Formats a JSON object as Hugging Face writes {@code config.json}. */
    public static String format(JsonObject o) {
        JsonObject sorted = new JsonObject();
        new TreeMap<>(o.asMap()).forEach(sorted::add);
        return PRETTY.toJson(sorted) + "\n";
    }

    /** A float as JSON: the shortest decimal that reads back as the same float. */
    private static JsonElement number(float v) {
        return JsonParser.parseString(Float.toString(v));
    }
}
