package dev.graft.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;

/**
 * Inspects a plugin jar without loading any of its classes: every entry name must be a safe relative path,
 * the jar must not bundle the Graft API or a plugin framework (a shaded copy breaks class identity), and the
 * manifest must hold a valid {@link PluginDescriptor}.
 */
public final class PluginJars {
    /** Most entries a plugin jar may have. */
    public static final int MAX_ENTRIES = 65_536;
    /** Largest total uncompressed size of a plugin jar, in bytes. */
    public static final long MAX_UNCOMPRESSED = 1L << 31;

    private PluginJars() {
    }

    /**
     * Checks a jar and reads its descriptor.
     *
     * @param jar the jar file
     * @return the plugin's descriptor
     * @throws RefusedException {@link RefusedException.Reason#UNSAFE_JAR} for a {@code ..} segment, an absolute
     *                          path, a backslash or drive letter in an entry, a duplicate entry, too many or too
     *                          large entries, or a bundled {@code dev/graft/api/} or {@code org/pf4j/};
     *                          {@link RefusedException.Reason#MALFORMED} for a missing or invalid manifest
     * @throws IOException if the file cannot be read
     */
    public static PluginDescriptor inspect(Path jar) throws IOException {
        String where = jar.getFileName().toString();
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            int count = 0;
            long total = 0;
            Set<String> names = new HashSet<>();
            for (Enumeration<? extends ZipEntry> en = jf.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                checkEntryName(name, where);
                if (!names.add(name)) {
                    throw unsafe(where, "entry '" + name + "' appears twice");
                }
                if (++count > MAX_ENTRIES) {
                    throw unsafe(where, "more than " + MAX_ENTRIES + " entries");
                }
                if (e.getSize() > 0) {
                    total += e.getSize();
                }
                if (total > MAX_UNCOMPRESSED) {
                    throw unsafe(where, "more than " + MAX_UNCOMPRESSED + " bytes uncompressed");
                }
                if (name.startsWith("dev/graft/api/") || name.startsWith("org/pf4j/")) {
                    throw unsafe(where, "bundles '" + name + "': the Graft API and the plugin framework come from the "
                            + "host; declare platform-api with <scope>provided</scope> and do not shade it");
                }
            }
            Manifest mf = jf.getManifest();
            if (mf == null) {
                throw new RefusedException(RefusedException.Reason.MALFORMED,
                        where + ": no META-INF/MANIFEST.MF; a plugin jar carries its descriptor (Plugin-Id, ...) in the manifest");
            }
            return PluginDescriptor.fromManifest(mf, where);
        } catch (ZipException e) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, where + ": not a valid jar: " + e.getMessage(), e);
        } catch (SecurityException e) {
            throw new RefusedException(RefusedException.Reason.UNSAFE_JAR, where + ": " + e.getMessage(), e);
        }
    }

    static void checkEntryName(String name, String where) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw unsafe(where, "entry '" + name + "' is an absolute or non-portable path");
        }
        for (String seg : name.split("/")) {
            if (seg.equals("..")) {
                throw unsafe(where, "entry '" + name + "' leaves the jar's root ('..')");
            }
        }
    }

    private static RefusedException unsafe(String where, String what) {
        return new RefusedException(RefusedException.Reason.UNSAFE_JAR, where + ": unsafe plugin jar: " + what);
    }
}
