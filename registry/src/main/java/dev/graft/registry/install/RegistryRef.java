package dev.graft.registry.install;

/**
 * A configured registry.
 *
 * @param name      a short name, {@code [a-z0-9][a-z0-9-]*}
 * @param location  a directory or an http(s) URL
 * @param publicKey the trusted key, {@code ed25519:<base64>}, or {@code null} for an unsigned local directory
 */
public record RegistryRef(String name, String location, String publicKey) {
}
