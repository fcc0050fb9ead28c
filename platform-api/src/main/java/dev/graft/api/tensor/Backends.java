package dev.graft.api.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds compute backends by name through {@link ServiceLoader}. Nothing is cached or chosen globally:
 * each call creates a new backend instance, which the caller owns and closes.
 */
public final class Backends {
    private Backends() {
    }

    /**
     * Creates the backend with the given service name. {@code "reference"} is always available.
     *
     * @param name the backend's {@link ComputeBackend#name()}
     * @return a new backend
     * @throws IllegalArgumentException listing the available names if none has this name
     */
    public static ComputeBackend create(String name) {
        if (name.equals(ReferenceBackend.NAME)) {
            return new ReferenceBackend();
        }
        for (ServiceLoader.Provider<ComputeBackend> p : ServiceLoader.load(ComputeBackend.class).stream().toList()) {
            ComputeBackend b = p.get();
            if (b.name().equals(name)) {
                return b;
            }
            b.close();
        }
        throw new IllegalArgumentException("unknown compute backend '" + name
                + "'; the current class path supports: " + available());
    }

    /** @return the names of every backend on the class path, {@code reference} first */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        names.add(ReferenceBackend.NAME);
        for (ServiceLoader.Provider<ComputeBackend> p : ServiceLoader.load(ComputeBackend.class).stream().toList()) {
            try (ComputeBackend b = p.get()) {
                if (!names.contains(b.name())) {
                    names.add(b.name());
                }
            }
        }
        return names;
    }
}
