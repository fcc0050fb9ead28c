package dev.graft.api.tensor;

import java.util.Locale;

/**
 * Where a tensor's storage lives: the host CPU or an accelerator with an index.
 *
 * @param kind  the kind of device
 * @param index the device ordinal; always 0 for the CPU
 */
public record Device(Kind kind, int index) {
    /** The host CPU. */
    public static final Device CPU = new Device(Kind.CPU, 0);

    /** Kinds of device a backend may drive. */
    public enum Kind { CPU, CUDA }

    public Device {
        if (index < 0) {
            throw new IllegalArgumentException("device index must be >= 0, got " + index);
        }
    }

    /**
     * Parses {@code cpu}, {@code cuda} or {@code cuda:N}.
     *
     * @param text the device name
     * @return the device
     * @throws IllegalArgumentException if the name is not one of those forms
     */
    public static Device parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return CPU;
        }
        if (s.equals("cuda")) {
            return new Device(Kind.CUDA, 0);
        }
        if (s.startsWith("cuda:")) {
            try {
                return new Device(Kind.CUDA, Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "': expected cpu, cuda or cuda:N");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
