package dev.graft.api.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.graft.api.nn.Activation;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelFormatException.Problem;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed reads of {@code config.json} fields with Hugging Face's defaults and errors that name the field. Not API. */
public final class ConfigReader {
    private final Path source;
    private final JsonObject json;

    public ConfigReader(Path source, JsonObject json) {
        this.source = source;
        this.json = json;
    }

    /**
     * @param source the file the text came from, named in errors
     * @param json   the text of a {@code config.json}
     * @return a reader over it
     * @throws ModelFormatException if the text is not one JSON object
     */
    public static ConfigReader of(Path source, String json) throws ModelFormatException {
        return new ConfigReader(source, StrictJson.parseObject(source, json));
    }

    /** @return the JSON object being read (not a copy) */
    public JsonObject object() {
        return json;
    }

    /** @return whether the file has the field, even with a null value */
    public boolean has(String name) {
        return json.has(name);
    }

    /** A nullable integer: the file's value (null included) when it has the field, else {@code absent}. */
    public Integer nullableInteger(String name, Integer absent) throws ModelFormatException {
        return has(name) ? optionalInteger(name) : absent;
    }

    /** A non-negative number as a float, {@code fallback} when absent or null. */
    public float nonNegativeFloat(String name, float fallback) throws ModelFormatException {
        Double v = optionalNonNegative(name);
        return v == null ? fallback : v.floatValue();
    }

    /** A non-negative number as a float that may be absent or null. */
    public Float optionalNonNegativeFloat(String name) throws ModelFormatException {
        Double v = optionalNonNegative(name);
        return v == null ? null : v.floatValue();
    }

    public Path source() {
        return source;
    }

    public ModelFormatException bad(String detail) {
        return new ModelFormatException(source, Problem.BAD_FIELD, detail);
    }

    public ModelFormatException unsupported(String detail) {
        return new ModelFormatException(source, Problem.UNSUPPORTED_VALUE, detail);
    }

    private JsonElement value(String name) {
        JsonElement e = json.get(name);
        return e == null || e.isJsonNull() ? null : e;
    }

    private static String show(JsonElement e) {
        String s = e.toString();
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private BigDecimal number(String name, JsonElement e, String expected) throws ModelFormatException {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw bad("field '" + name + "' must be " + expected + ", got " + show(e));
        }
        try {
            return new BigDecimal(p.getAsString());
        } catch (NumberFormatException ex) {
            throw bad("field '" + name + "' must be " + expected + ", got " + show(e));
        }
    }

    /** An integer field, {@code fallback} when absent or null. */
    public int integer(String name, int fallback) throws ModelFormatException {
        Integer v = optionalInteger(name);
        return v == null ? fallback : v;
    }

    /** A positive integer field, {@code fallback} when absent or null. */
    public int positive(String name, int fallback) throws ModelFormatException {
        int v = integer(name, fallback);
        if (v <= 0) {
            throw bad("field '" + name + "' must be a positive integer, got " + v);
        }
        return v;
    }

    /** An integer field that may be absent or null. */
    public Integer optionalInteger(String name) throws ModelFormatException {
        JsonElement e = value(name);
        if (e == null) {
            return null;
        }
        BigDecimal d = number(name, e, "an integer");
        try {
            return d.intValueExact();
        } catch (ArithmeticException ex) {
            throw bad("field '" + name + "' must be an integer in the 32-bit range, got " + show(e));
        }
    }

    /** A non-negative number, {@code fallback} when absent or null. */
    public double nonNegative(String name, double fallback) throws ModelFormatException {
        Double v = optionalNonNegative(name);
        return v == null ? fallback : v;
    }

    /** A non-negative number that may be absent or null. */
    public Double optionalNonNegative(String name) throws ModelFormatException {
        JsonElement e = value(name);
        if (e == null) {
            return null;
        }
        double v = number(name, e, "a number").doubleValue();
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw bad("field '" + name + "' must be a non-negative number, got " + show(e));
        }
        return v;
    }

    /** A boolean field, {@code fallback} when absent or null. */
    public boolean bool(String name, boolean fallback) throws ModelFormatException {
        Boolean v = optionalBool(name);
        return v == null ? fallback : v;
    }

    /** A boolean that may be absent or null. */
    public Boolean optionalBool(String name) throws ModelFormatException {
        JsonElement e = value(name);
        if (e == null) {
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw bad("field '" + name + "' must be true or false, got " + show(e));
        }
        return p.getAsBoolean();
    }

    /** A string field, {@code fallback} when absent or null. */
    public String string(String name, String fallback) throws ModelFormatException {
        JsonElement e = value(name);
        if (e == null) {
            return fallback;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw bad("field '" + name + "' must be a string, got " + show(e));
        }
        return p.getAsString();
    }

    /** A string that must be one of {@code allowed}; anything else is refused as unsupported. */
    public String oneOf(String name, String fallback, Set<String> allowed, String family) throws ModelFormatException {
        String v = string(name, fallback);
        if (!allowed.contains(v)) {
            throw unsupported(name + " '" + v + "' is not supported for " + family + " (supported: "
                    + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
        return v;
    }

    /** An activation name, refused by field and value if Graft does not implement it. */
    public Activation activation(String name, String fallback) throws ModelFormatException {
        String v = string(name, fallback);
        try {
            return Activation.fromHf(v);
        } catch (IllegalArgumentException e) {
            String why = String.valueOf(e.getMessage());
            int list = why.indexOf("supported: ");
            throw unsupported(name + " '" + v + "' is not supported (" + (list >= 0 ? why.substring(list) : why)
                    + ")");
        }
    }

    /** Refuses a boolean field that is set to the value Graft does not implement. */
    public void refuseIf(String name, boolean refused, String why) throws ModelFormatException {
        Boolean v = optionalBool(name);
        if (v != null && v == refused) {
            throw unsupported(name + ": " + refused + " is not supported (" + why + ")");
        }
    }

    /** A list of strings that may be absent or null (then empty). */
    public List<String> strings(String name) throws ModelFormatException {
        JsonElement e = value(name);
        if (e == null) {
            return List.of();
        }
        if (!(e instanceof JsonArray a)) {
            throw bad("field '" + name + "' must be a list of strings, got " + show(e));
        }
        List<String> out = new ArrayList<>();
        for (JsonElement x : a) {
            if (!(x instanceof JsonPrimitive p) || !p.isString()) {
                throw bad("field '" + name + "' must be a list of strings, got an element " + show(x));
            }
            out.add(p.getAsString());
        }
        return Collections.unmodifiableList(out);
    }

    /** Hugging Face's {@code id2label}: an object from decimal ids to label names, ordered by id; may be absent. */
    public Map<Integer, String> id2label() throws ModelFormatException {
        JsonElement e = value("id2label");
        if (e == null) {
            return Map.of();
        }
        if (!(e instanceof JsonObject o)) {
            throw bad("field 'id2label' must be an object from ids to labels, got " + show(e));
        }
        Map<Integer, String> byId = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonElement> x : o.entrySet()) {
            int id;
            try {
                id = Integer.parseInt(x.getKey());
            } catch (NumberFormatException ex) {
                throw bad("field 'id2label' has key '" + x.getKey() + "', expected a label id");
            }
            if (!(x.getValue() instanceof JsonPrimitive p) || !p.isString()) {
                throw bad("field 'id2label' entry '" + x.getKey() + "' must be a string");
            }
            byId.put(id, p.getAsString());
        }
        int expected = 0;
        for (int id : byId.keySet()) {
            if (id != expected++) {
                throw bad("field 'id2label' must number its labels 0.." + (byId.size() - 1) + ", found id " + id);
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }
}
