package dev.graft.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One plugin's dependency on another.
 *
 * @param id       the plugin id depended on
 * @param range    the accepted versions (a semantic-version range), or {@code *} for any
 * @param optional whether the dependent works without it
 */
public record PluginDependency(String id, String range, boolean optional) {
    public PluginDependency {
        Objects.requireNonNull(id);
        Objects.requireNonNull(range);
    }

    /** @return whether {@code version} lies in this dependency's range */
    public boolean acceptsVersion(String version) {
        return range.equals("*") || Versions.satisfies(version, range);
    }

    /**
     * Parses the manifest form {@code id[?][@range], ...} (commas separate dependencies).
     *
     * @param text  the entry's value; blank means none
     * @param where what is being parsed, for errors
     * @return the dependencies
     * @throws RefusedException ({@link RefusedException.Reason#MALFORMED}) naming {@code where}
     */
    public static List<PluginDependency> parseList(String text, String where) {
        List<PluginDependency> deps = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return deps;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String idPart = p;
            String range = "*";
            int at = p.indexOf('@');
            if (at >= 0) {
                idPart = p.substring(0, at).trim();
                range = Versions.checkRange(p.substring(at + 1), where + " (dependency '" + idPart + "')");
            }
            boolean optional = idPart.endsWith("?");
            if (optional) {
                idPart = idPart.substring(0, idPart.length() - 1);
            }
            PluginDescriptor.checkId(idPart, where);
            deps.add(new PluginDependency(idPart, range, optional));
        }
        return deps;
    }

    /** @return the manifest form of this dependency */
    public String toManifestForm() {
        return id + (optional ? "?" : "") + (range.equals("*") ? "" : "@" + range);
    }
}
