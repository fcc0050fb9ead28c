package dev.graft.registry.install;

/**
 * One installed plugin as recorded in {@code plugins.lock}.
 *
 * @param id          the plugin id
 * @param version     its version
 * @param sha256      the installed jar's SHA-256
 * @param size        its size in bytes
 * @param source      where it came from: {@code registry:<name>} or {@code file:<path>}
 * @param signed      whether it came from a signed index
 * @param installedAt when (ISO-8601)
 */
public record LockEntry(String id, String version, String sha256, long size, String source, boolean signed,
                        String installedAt) {
}
