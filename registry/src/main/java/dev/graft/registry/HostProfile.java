package dev.graft.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The versions a host offers: the plugin API version and one version per SPI. A plugin is compatible when its
 * {@code Plugin-Requires} range contains the API version and each of its {@code Graft-Spi-Requires} ranges
 * contains the version of an SPI this host has.
 *
 * @param apiVersion  the host's API version (what {@code Plugin-Requires} is tested against)
 * @param spiVersions SPI id to version
 */
public record HostProfile(String apiVersion, Map<String, String> spiVersions) {
    public HostProfile {
        Objects.requireNonNull(apiVersion);
        spiVersions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(spiVersions));
    }

    /**
     * @param d a plugin's descriptor
     * @return every reason the plugin cannot run on this host, each naming the range and this host's version;
     *         empty when it is compatible
     */
    public List<String> incompatibilities(PluginDescriptor d) {
        List<String> out = new ArrayList<>();
        if (!Versions.satisfies(apiVersion, d.requires())) {
            out.add(d.label() + " requires the Graft API '" + d.requires() + "', this host has " + apiVersion);
        }
        d.spiRequires().forEach((spi, range) -> {
            String have = spiVersions.get(spi);
            if (have == null) {
                out.add(d.label() + " implements SPI '" + spi + "', which this host does not have (it has "
                        + String.join(", ", spiVersions.keySet().stream().sorted().toList()) + ")");
            } else if (!Versions.satisfies(have, range)) {
                out.add(d.label() + " requires SPI '" + spi + "' '" + range + "', this host has " + have);
            }
        });
        return out;
    }
}
