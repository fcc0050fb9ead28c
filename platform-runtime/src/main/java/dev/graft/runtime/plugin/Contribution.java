package dev.graft.runtime.plugin;

import java.util.Objects;

/**
 * An extension offered by a plugin, with the plugin it came from.
 *
 * @param pluginId      the plugin's id
 * @param pluginVersion the plugin's version
 * @param extension     the extension instance (one per host session)
 * @param <T>           the SPI type
 */
public record Contribution<T>(String pluginId, String pluginVersion, T extension) {
    public Contribution {
        Objects.requireNonNull(pluginId);
        Objects.requireNonNull(extension);
    }
}
