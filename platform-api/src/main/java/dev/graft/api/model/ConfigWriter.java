package dev.graft.api.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.graft.api.nn.Activation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@code config.json} from the original fields overlaid with typed values: a field keeps its original
 * spelling when its typed value is unchanged, takes the typed value when it changed, and a field the original
 * lacked is added only when its value differs from Hugging Face's default (so nothing new appears on a round
 * trip, and a changed size is never lost).
 */
final class ConfigWriter {
    private final ConfigFields original;
    private final JsonObject out;

    ConfigWriter(ConfigFields original) {
        this.original = original;
        this.out = original.copy();
    }

    /** Sets a field; {@code hfDefault} is the value Hugging Face assumes when absent (null: always write). */
    ConfigWriter put(String name, JsonElement typed, JsonElement hfDefault) {
        JsonElement before = original.get(name);
        if (before != null) {
            if (!same(before, typed)) {
                out.add(name, typed);
            }
        } else if (hfDefault == null || !same(hfDefault, typed)) {
            out.add(name, typed);
        }
        return this;
    }

    ConfigWriter put(String name, int value, Integer hfDefault) {
        return put(name, new JsonPrimitive(value), hfDefault == null ? null : new JsonPrimitive(hfDefault));
    }

    ConfigWriter put(String name, double value, double hfDefault) {
        return put(name, new JsonPrimitive(value), new JsonPrimitive(hfDefault));
    }

    ConfigWriter put(String name, boolean value, boolean hfDefault) {
        return put(name, new JsonPrimitive(value), new JsonPrimitive(hfDefault));
    }

    /** An activation: an original spelling of the same function ({@code gelu_pytorch_tanh}...) is kept. */
    ConfigWriter putActivation(String name, Activation value, String hfDefault) {
        JsonElement before = original.get(name);
        if (before instanceof JsonPrimitive p && p.isString() && parses(p.getAsString(), value)) {
            return this;
        }
        if (before == null && parses(hfDefault, value)) {
            return this;
        }
        out.addProperty(name, value.hfName());
        return this;
    }

    private static boolean parses(String name, Activation value) {
        try {
            return Activation.fromHf(name) == value;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    ConfigWriter put(String name, String value, String hfDefault) {
        return put(name, new JsonPrimitive(value), hfDefault == null ? null : new JsonPrimitive(hfDefault));
    }

    /** A nullable value whose Hugging Face default is {@code hfDefault} (which may itself be null). */
    ConfigWriter putNullable(String name, Number value, Number hfDefault) {
        return put(name, value == null ? JsonNull.INSTANCE : new JsonPrimitive(value),
                hfDefault == null ? JsonNull.INSTANCE : new JsonPrimitive(hfDefault));
    }

    ConfigWriter putNullable(String name, Boolean value) {
        return put(name, value == null ? JsonNull.INSTANCE : new JsonPrimitive(value), JsonNull.INSTANCE);
    }

    ConfigWriter putStrings(String name, List<String> values) {
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        values.forEach(a::add);
        return put(name, values.isEmpty() ? JsonNull.INSTANCE : a, JsonNull.INSTANCE);
    }

    ConfigWriter putLabels(Map<Integer, String> id2label) {
        if (id2label.isEmpty()) {
            return this;
        }
        JsonObject ids = new JsonObject();
        JsonObject labels = new JsonObject();
        id2label.forEach((id, label) -> {
            ids.addProperty(String.valueOf(id), label);
            labels.addProperty(label, id);
        });
        put("id2label", ids, null);
        return put("label2id", labels, null);
    }

    String toJson() {
        return ConfigFields.format(out);
    }

    private static boolean same(JsonElement a, JsonElement b) {
        if (a.isJsonPrimitive() && b.isJsonPrimitive()
                && a.getAsJsonPrimitive().isNumber() && b.getAsJsonPrimitive().isNumber()) {
            try {
                return new BigDecimal(a.getAsString()).compareTo(new BigDecimal(b.getAsString())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return a.equals(b);
    }
}
