package dev.graft.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * What a plugin jar's manifest says about the plugin, read without loading any of its classes.
 *
 * <p>Manifest entries: {@code Plugin-Id} ({@code [a-z0-9][a-z0-9-]{1,63}}), {@code Plugin-Version} (strict
 * semantic version), {@code Plugin-Requires} (range over the host API version), {@code Plugin-Dependencies}
 * ({@code id[?][@range]}, comma-separated), {@code Plugin-Class}, {@code Plugin-Provider},
 * {@code Plugin-Description}, {@code Plugin-License}, and Graft's {@code Graft-Spi-Requires}
 * ({@code spi=range;spi=range}, one range per SPI the plugin implements).
 *
 * @param id           the plugin id
 * @param version      the plugin version
 * @param requires     the range of host API versions it works with
 * @param spiRequires  SPI id to accepted range, in manifest order
 * @param dependencies other plugins it needs
 * @param pluginClass  the lifecycle class, or empty
 * @param provider     who made it, or empty
 * @param description  what it does, or empty
 * @param license      its licence, or empty
 */
public record PluginDescriptor(String id, String version, String requires, Map<String, String> spiRequires,
                               List<PluginDependency> dependencies, String pluginClass, String provider,
                               String description, String license) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

    public PluginDescriptor {
        Objects.requireNonNull(id);
        Objects.requireNonNull(version);
        Objects.requireNonNull(requires);
        spiRequires = Map.copyOf(spiRequires);
        dependencies = List.copyOf(dependencies);
    }

    /**
     * Checks a plugin id.
     *
     * @param id    the id
     * @param where what is being checked, for the error
     * @return the id
     * @throws RefusedException ({@link RefusedException.Reason#MALFORMED}) if it does not match {@code [a-z0-9][a-z0-9-]{1,63}}
     */
    public static String checkId(String id, String where) {
        if (id == null) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, where + " is missing; give the plugin id");
        }
        if (!ID.matcher(id).matches()) {
            throw new RefusedException(RefusedException.Reason.MALFORMED,
                    where + ": plugin id must match " + ID.pattern() + ", got '" + id + "'");
        }
        return id;
    }

    /**
     * Reads and checks a manifest.
     *
     * @param manifest the jar's manifest
     * @param where    the jar, for errors
     * @return the descriptor
     * @throws RefusedException ({@link RefusedException.Reason#MALFORMED}) naming the jar and the entry at fault
     */
    public static PluginDescriptor fromManifest(Manifest manifest, String where) {
        Attributes a = manifest.getMainAttributes();
        String id = checkId(a.getValue("Plugin-Id"), where + ": manifest entry Plugin-Id");
        String version = a.getValue("Plugin-Version");
        Versions.parse(version, where + ": manifest entry Plugin-Version");
        String requires = a.getValue("Plugin-Requires");
        if (requires == null || requires.isBlank()) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, where
                    + ": manifest entry Plugin-Requires is missing; give the host API range, e.g. '>=0.1.0 & <0.2.0'");
        }
        Versions.checkRange(requires, where + ": manifest entry Plugin-Requires");
        Map<String, String> spi = parseSpiRequires(a.getValue("Graft-Spi-Requires"), where + ": manifest entry Graft-Spi-Requires");
        List<PluginDependency> deps = PluginDependency.parseList(a.getValue("Plugin-Dependencies"),
                where + ": manifest entry Plugin-Dependencies");
        return new PluginDescriptor(id, version.trim(), requires.trim(), spi, deps, orEmpty(a.getValue("Plugin-Class")),
                orEmpty(a.getValue("Plugin-Provider")), orEmpty(a.getValue("Plugin-Description")),
                orEmpty(a.getValue("Plugin-License")));
    }

    /**
     * Parses {@code spi=range;spi=range}.
     *
     * @return SPI id to range, in order
     */
    public static Map<String, String> parseSpiRequires(String text, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new RefusedException(RefusedException.Reason.MALFORMED,
                        where + ": expected 'spi=range' such as 'experiment=>=1.0.0 & <2.0.0', got '" + part.trim() + "'");
            }
            String spi = part.substring(0, eq).trim();
            String range = Versions.checkRange(part.substring(eq + 1), where + " (SPI '" + spi + "')");
            if (out.put(spi, range) != null) {
                throw new RefusedException(RefusedException.Reason.MALFORMED, where + ": SPI '" + spi + "' is listed twice");
            }
        }
        return out;
    }

    /** @return the {@code Graft-Spi-Requires} form of {@link #spiRequires()} */
    public String spiRequiresManifestForm() {
        StringBuilder sb = new StringBuilder();
        spiRequires.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ";").append(k).append('=').append(v));
        return sb.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    /** @return {@code id@version} */
    public String label() {
        return id + "@" + version;
    }
}
