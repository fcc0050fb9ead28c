package dev.graft.runtime.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.graft.api.internal.StrictJson;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads experiment settings given by the user, as text to be parsed by each parameter: a config file (a flat
 * JSON object such as a run's {@code config.json}, or a {@code .properties} file) overridden by
 * {@code --set name=value} pairs.
 */
public final class RunSettings {
    private RunSettings() {
    }

    /**
     * @param configFile a {@code .json} or {@code .properties} file, or {@code null}
     * @param sets       {@code name=value} pairs, later ones win
     * @return name to text value
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file and entry, or the malformed pair
     */
    public static Map<String, String> read(Path configFile, List<String> sets) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (configFile != null) {
            out.putAll(readFile(configFile));
        }
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set '" + s + "': expected name=value");
            }
            out.put(s.substring(0, eq).trim(), s.substring(eq + 1));
        }
        return out;
    }

    private static Map<String, String> readFile(Path f) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String name = f.getFileName().toString();
        if (name.endsWith(".properties")) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
            return out;
        }
        if (!name.endsWith(".json")) {
            throw new IllegalArgumentException(f + ": a config file must be .json (a flat object) or .properties");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(f + ": not valid JSON (" + StrictJson.syntaxError(e) + ")", e);
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException(f + ": expected a JSON object of parameter name to value");
        }
        JsonObject o = root.getAsJsonObject();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!e.getValue().isJsonPrimitive()) {
                throw new IllegalArgumentException(f + ": field '" + e.getKey() + "' must be a number, string or boolean");
            }
            out.put(e.getKey(), e.getValue().getAsString());
        }
        return out;
    }
}
