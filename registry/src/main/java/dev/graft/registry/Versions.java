package dev.graft.registry;

import com.github.zafarkhaja.semver.Version;
import com.github.zafarkhaja.semver.expr.ExpressionParser;
import java.util.Optional;

/**
 * Semantic versions and ranges, with the same library and rules as the plugin host, so that the installer and
 * the host agree. Ranges use {@code &} and {@code |} ({@code >=1.0.0 & <2.0.0}, {@code ^1.2}, {@code ~1.5});
 * a comma is refused because plugin manifests separate dependencies with commas.
 */
public final class Versions {
    private Versions() {
    }

    /**
     * @param text  a strict semantic version such as {@code 1.4.2}
     * @param where what the text is, for the error (e.g. {@code "plugins.json: plugin 'x' version"})
     * @return the version
     * @throws RefusedException ({@link RefusedException.Reason#MALFORMED}) naming {@code where}
     */
    public static Version parse(String text, String where) {
        Optional<Version> v = text == null ? Optional.empty() : Version.tryParse(text.trim());
        return v.orElseThrow(() -> new RefusedException(RefusedException.Reason.MALFORMED,
                where + ": expected a semantic version like 1.2.3, got '" + text + "'"));
    }

    /**
     * Checks that a range parses.
     *
     * @param range the range text
     * @param where what the range is, for the error
     * @return the trimmed range
     * @throws RefusedException ({@link RefusedException.Reason#MALFORMED}) naming {@code where}
     */
    public static String checkRange(String range, String where) {
        if (range == null || range.isBlank() || range.contains(",")) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, where
                    + ": expected a version range like '>=1.0.0 & <2.0.0' (no commas), got '" + range + "'");
        }
        try {
            ExpressionParser.newInstance().parse(range.trim());
        } catch (RuntimeException e) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, where
                    + ": expected a version range like '>=1.0.0 & <2.0.0', got '" + range + "' (" + e.getMessage() + ")", e);
        }
        return range.trim();
    }

    /**
     * @param version a version
     * @param range   a range (a bare {@code X.Y.Z} means {@code >=X.Y.Z}, as in the plugin host)
     * @return whether the version lies in the range
     */
    public static boolean satisfies(String version, String range) {
        String r = range.trim();
        if (r.matches("^\\d+\\.\\d+\\.\\d+$")) {
            r = ">=" + r;
        }
        return Version.parse(version.trim()).satisfies(r);
    }

    /** @return negative, zero or positive as {@code a} precedes, equals or follows {@code b} */
    public static int compare(String a, String b) {
        return Version.parse(a.trim()).compareTo(Version.parse(b.trim()));
    }
}
