package dev.graft.runtime.plugin;

import dev.graft.api.spi.GraftApi;
import dev.graft.api.spi.Spi;
import dev.graft.registry.HostProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/** The versions this host offers plugins: the API version and each SPI's version. */
public final class HostVersions {
    private HostVersions() {
    }

    /** @return this host's profile, built from {@link GraftApi#VERSION} and {@link Spi} */
    public static HostProfile profile() {
        Map<String, String> spis = new LinkedHashMap<>();
        for (Spi s : Spi.values()) {
            spis.put(s.id(), s.version());
        }
        return new HostProfile(GraftApi.VERSION, spis);
    }
}
