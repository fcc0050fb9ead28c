package dev.graft.api.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CIA World Factbook (about 2015) as stored in the bundle: one entry per country, dependency, ocean
 * or the world, and every text field of at least eight words. Immutable once loaded.
 */
public final class Factbook {
    /**
     * One Factbook entry.
     *
     * @param code       the Factbook's two-letter code, e.g. {@code fr}
     * @param region     the Factbook region folder, e.g. {@code europe}
     * @param name       the conventional short name (the long name when the short one is "none"), or
     *                   {@code null} for entries without a name (oceans, the world)
     * @param longName   the conventional long name, or {@code null}
     * @param aliases    other names border lists use: the Factbook's abbreviations ("UAE", "US") and both parts of
     *                   a short name with a trailing parenthesis ("Holy See (Vatican City)")
     * @param borders    the names of the land neighbours as the Factbook writes them
     * @param background the Introduction's background text, or {@code null}
     * @param fields     the nine context fields that are present (the capital included)
     */
    public record Country(String code, String region, String name, String longName, List<String> aliases,
                          List<String> borders, String background, Map<FactbookField, String> fields) {
        /** @return the capital, or {@code null} */
        public String capital() {
            return fields.get(FactbookField.CAPITAL);
        }
    }

    /**
     * One text field.
     *
     * @param code    the entry's code
     * @param section the top-level section, e.g. {@code Geography}
     * @param field   the field path below the section, joined by {@code " > "}
     * @param text    the field's text
     */
    public record Field(String code, String section, String field, String text) {
    }

    private final List<Country> countries;
    private final Map<String, Country> byCode;
    private final Map<String, Country> byName;
    private final List<Field> fields;

    private Factbook(List<Country> countries, List<Field> fields) {
        this.countries = countries;
        this.fields = fields;
        Map<String, Country> codes = new HashMap<>();
        Map<String, Country> names = new HashMap<>();
        for (Country c : countries) {
            codes.put(c.code(), c);
        }
        for (Country c : countries) {
            if (c.name() != null) {
                names.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c);
            }
        }
        for (Country c : countries) {
            if (c.longName() != null) {
                names.putIfAbsent(c.longName().toLowerCase(Locale.ROOT), c);
            }
        }
        for (Country c : countries) {
            for (String a : c.aliases()) {
                names.putIfAbsent(a.toLowerCase(Locale.ROOT), c);
            }
        }
        this.byCode = codes;
        this.byName = names;
    }

    /**
     * Loads the Factbook from a bundle.
     *
     * @param bundle the data bundle
     * @return the Factbook
     * @throws BundleException if a file is corrupt or {@code kb.json} lacks a required field
     */
    public static Factbook load(DataBundle bundle) {
        Path kbFile = bundle.directory().resolve(BundleFile.FACTBOOK_KB.path());
        JsonArray entries;
        try {
            JsonObject root = JsonParser.parseString(String.join("\n", bundle.lines(BundleFile.FACTBOOK_KB)))
                    .getAsJsonObject();
            entries = root.getAsJsonArray("entries");
        } catch (JsonParseException | IllegalStateException | ClassCastException e) {
            throw new BundleException(BundleException.Kind.MALFORMED, kbFile,
                    "is not a JSON object with an 'entries' array: " + e.getMessage(), e);
        }
        if (entries == null) {
            throw new BundleException(BundleException.Kind.MALFORMED, kbFile, "has no 'entries' array", null);
        }
        List<Country> list = new ArrayList<>();
        for (JsonElement el : entries) {
            JsonObject o = el.getAsJsonObject();
            String code = string(o, "code");
            if (code == null || string(o, "region") == null) {
                throw new BundleException(BundleException.Kind.MALFORMED, kbFile,
                        "an entry lacks 'code' or 'region': " + o.toString().substring(0, Math.min(80, o.toString().length())),
                        null);
            }
            List<String> borders = strings(o, "borders");
            Map<FactbookField, String> fields = new EnumMap<>(FactbookField.class);
            for (FactbookField f : FactbookField.values()) {
                String v = string(o, f.key());
                if (v != null && !v.isBlank()) {
                    fields.put(f, v);
                }
            }
            list.add(new Country(code, string(o, "region"), string(o, "name"), string(o, "long_name"),
                    strings(o, "aliases"), borders, string(o, "background"), Collections.unmodifiableMap(fields)));
        }
        List<Field> fields = new ArrayList<>();
        for (String[] f : bundle.rows(BundleFile.FACTBOOK_FIELDS)) {
            fields.add(new Field(f[0], f[1], f[2], f[3]));
        }
        return new Factbook(List.copyOf(list), List.copyOf(fields));
    }

    /** @return the strings of an array field, or none when it is absent */
    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        JsonElement a = o.get(key);
        if (a != null && a.isJsonArray()) {
            for (JsonElement x : a.getAsJsonArray()) {
                out.add(x.getAsString());
            }
        }
        return List.copyOf(out);
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** @return every entry, in bundle order (region, then code) */
    public List<Country> countries() {
        return countries;
    }

    /**
     * @param code an entry code
     * @return the entry, if present
     */
    public Optional<Country> byCode(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /**
     * Resolves a name as written in a border list: the short name first, then the long name, then the aliases,
     * ignoring case.
     *
     * @param name a country name
     * @return the entry, if one has this name
     */
    public Optional<Country> resolve(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * @param country an entry
     * @return the codes of the neighbours its border list names that resolve to an entry, without
     *     duplicates, in list order
     */
    public List<String> neighbours(Country country) {
        Set<String> out = new LinkedHashSet<>();
        for (String b : country.borders()) {
            resolve(b).filter(c -> !c.code().equals(country.code())).ifPresent(c -> out.add(c.code()));
        }
        return List.copyOf(out);
    }

    /** @return every text field of at least eight words, in bundle order */
    public List<Field> fields() {
        return fields;
    }
}
