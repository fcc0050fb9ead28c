package dev.graft.registry.install;

import com.google.gson.JsonParseException;
import dev.graft.registry.AtomicFiles;
import dev.graft.registry.Ed25519;
import dev.graft.registry.JsonProblems;
import dev.graft.registry.RefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configured registries ({@code registries.json}), in the order they are searched. Immutable.
 *
 * @param registries the registries, names unique
 */
public record RegistryConfig(List<RegistryRef> registries) {
    public RegistryConfig {
        registries = registries == null ? List.of() : List.copyOf(registries);
    }

    /**
     * @return the registries, in the order they are searched
     * @throws RefusedException ({@code NOT_FOUND}) saying how to add one if none is configured
     */
    public List<RegistryRef> requireAny() {
        if (registries.isEmpty()) {
            throw new RefusedException(RefusedException.Reason.NOT_FOUND,
                    "no registry is configured; add one with 'graft registry add NAME DIR|URL --key FILE.pub'");
        }
        return registries;
    }

    /** @return the registry of that name */
    public Optional<RegistryRef> get(String name) {
        return registries.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * @return a copy with the registry added
     * @throws RefusedException if the name is taken or invalid, or the key does not parse
     */
    public RegistryConfig with(RegistryRef ref) {
        if (!ref.name().matches("[a-z0-9][a-z0-9-]*")) {
            throw new RefusedException(RefusedException.Reason.MALFORMED,
                    "registry name '" + ref.name() + "' must match [a-z0-9][a-z0-9-]*");
        }
        if (get(ref.name()).isPresent()) {
            throw new RefusedException(RefusedException.Reason.CONFLICT,
                    "a registry named '" + ref.name() + "' is already configured; remove it first");
        }
        if (ref.publicKey() != null) {
            Ed25519.decodePublic(ref.publicKey(), "registry '" + ref.name() + "' key");
        }
        List<RegistryRef> l = new ArrayList<>(registries);
        l.add(ref);
        return new RegistryConfig(l);
    }

    /** @return a copy without the registry of that name */
    public RegistryConfig without(String name) {
        List<RegistryRef> l = new ArrayList<>(registries);
        if (!l.removeIf(r -> r.name().equals(name))) {
            throw new RefusedException(RefusedException.Reason.NOT_FOUND, "no registry named '" + name + "'");
        }
        return new RegistryConfig(l);
    }

    /** @return the configuration in the file, empty if it does not exist */
    public static RegistryConfig read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new RegistryConfig(List.of());
        }
        try {
            RegistryConfig c = Lockfile.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), RegistryConfig.class);
            return c == null ? new RegistryConfig(List.of()) : c;
        } catch (JsonParseException e) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, file + ": not a valid registry list ("
                    + JsonProblems.describe(e) + "); graft registry add and remove write it", e);
        }
    }

    /** Writes the configuration atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, (Lockfile.GSON.toJson(this) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
