package dev.graft.registry;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A registry's index, {@code plugins.json}: every plugin with its releases, each release with the ranges it
 * requires, its dependencies, the SHA-256 and size of its jar and where to get it. The index carries a
 * {@code generation} that grows with every publication, so that a client can refuse an older index than one it
 * has already seen (a rollback attack). It is signed as a whole by a detached Ed25519 signature,
 * {@code plugins.json.sig}.
 *
 * @param schema     the format version, {@value #SCHEMA}
 * @param generation increases by at least one with every change, {@code >= 1}
 * @param generated  when it was written (ISO-8601), informational
 * @param plugins    the plugins, ids unique
 */
public record PluginIndex(int schema, long generation, String generated, List<Plugin> plugins) {
    /** The current format version. */
    public static final int SCHEMA = 1;
    /** The index file name in a registry. */
    public static final String FILE = "plugins.json";
    /** The detached signature's file name in a registry. */
    public static final String SIGNATURE_FILE = "plugins.json.sig";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public PluginIndex {
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
    }

    /**
     * One plugin and its releases.
     *
     * @param id          the plugin id
     * @param name        a display name
     * @param description what it does
     * @param provider    who publishes it
     * @param releases    its releases, versions unique
     */
    public record Plugin(String id, String name, String description, String provider, List<Release> releases) {
        public Plugin {
            releases = releases == null ? List.of() : List.copyOf(releases);
        }

        /** @return the release of that version */
        public Optional<Release> release(String version) {
            return releases.stream().filter(r -> r.version().equals(version)).findFirst();
        }
    }

    /**
     * One published version of a plugin.
     *
     * @param version      the plugin version
     * @param requires     the host API range (the jar's {@code Plugin-Requires})
     * @param spi          SPI id to range (the jar's {@code Graft-Spi-Requires})
     * @param dependencies other plugins it needs
     * @param sha256       the jar's SHA-256, lower-case hex
     * @param size         the jar's size in bytes
     * @param url          where the jar is: relative to the registry, or an http(s) URL
     * @param date         when it was published (ISO-8601), informational
     */
    public record Release(String version, String requires, Map<String, String> spi, List<PluginDependency> dependencies,
                          String sha256, long size, String url, String date) {
        public Release {
            spi = spi == null ? Map.of() : Map.copyOf(spi);
            dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        }

        /** @return the descriptor fields this release promises, for comparison with the jar's manifest */
        public PluginDescriptor asDescriptor(String id) {
            return new PluginDescriptor(id, version, requires, spi, dependencies, "", "", "", "");
        }
    }

    /** @return the plugin with that id */
    public Optional<Plugin> plugin(String id) {
        return plugins.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * Parses and checks an index.
     *
     * @param json  the file's bytes
     * @param where the file, for errors
     * @return the index
     * @throws RefusedException {@link RefusedException.Reason#MALFORMED} naming the field at fault, or
     *                          {@link RefusedException.Reason#DUPLICATE_ID} if two plugins share an id
     */
    public static PluginIndex parse(byte[] json, String where) {
        PluginIndex idx;
        try {
            idx = GSON.fromJson(new String(json, StandardCharsets.UTF_8), PluginIndex.class);
        } catch (JsonParseException | IllegalStateException e) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, where + ": not a valid index ("
                    + JsonProblems.describe(e) + ")", e);
        }
        if (idx == null) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, where + ": empty index");
        }
        idx.check(where);
        return idx;
    }

    /**
     * Checks every field.
     *
     * @param where the file, for errors
     * @throws RefusedException as for {@link #parse}
     */
    public void check(String where) {
        if (schema != SCHEMA) {
            throw malformed(where, "field 'schema' must be " + SCHEMA + ", got " + schema);
        }
        if (generation < 1) {
            throw malformed(where, "field 'generation' must be >= 1, got " + generation);
        }
        Set<String> ids = new HashSet<>();
        for (Plugin p : plugins) {
            String pw = where + ": plugin '" + p.id() + "'";
            PluginDescriptor.checkId(p.id(), where + ": field 'plugins[].id'");
            if (!ids.add(p.id())) {
                throw new RefusedException(RefusedException.Reason.DUPLICATE_ID,
                        where + ": two plugins with one id '" + p.id() + "'");
            }
            Set<String> versions = new HashSet<>();
            for (Release r : p.releases()) {
                Versions.parse(r.version(), pw + " field 'version'");
                if (!versions.add(r.version())) {
                    throw malformed(where, "plugin '" + p.id() + "' lists version " + r.version() + " twice");
                }
                String rw = pw + " version " + r.version();
                Versions.checkRange(r.requires(), rw + " field 'requires'");
                r.spi().forEach((k, v) -> Versions.checkRange(v, rw + " field 'spi." + k + "'"));
                for (PluginDependency d : r.dependencies()) {
                    PluginDescriptor.checkId(d.id(), rw + " field 'dependencies[].id'");
                    if (!d.range().equals("*")) {
                        Versions.checkRange(d.range(), rw + " field 'dependencies[].range'");
                    }
                }
                if (!Digests.isSha256Hex(r.sha256())) {
                    throw malformed(where, "plugin '" + p.id() + "' version " + r.version()
                            + ": field 'sha256' must be 64 lower-case hex digits, got '" + r.sha256() + "'");
                }
                if (r.size() <= 0) {
                    throw malformed(where, "plugin '" + p.id() + "' version " + r.version() + ": field 'size' must be > 0");
                }
                if (r.url() == null || r.url().isBlank()) {
                    throw malformed(where, "plugin '" + p.id() + "' version " + r.version() + ": field 'url' is empty");
                }
            }
        }
    }

    private static RefusedException malformed(String where, String what) {
        return new RefusedException(RefusedException.Reason.MALFORMED, where + ": " + what);
    }

    /** @return the index as pretty-printed UTF-8 JSON, plugins sorted by id and releases by version */
    public byte[] toJson() {
        List<Plugin> sorted = new ArrayList<>();
        for (Plugin p : plugins.stream().sorted(Comparator.comparing(Plugin::id)).toList()) {
            sorted.add(new Plugin(p.id(), p.name(), p.description(), p.provider(), p.releases().stream()
                    .sorted((a, b) -> Versions.compare(a.version(), b.version())).toList()));
        }
        return (GSON.toJson(new PluginIndex(schema, generation, generated, sorted)) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
