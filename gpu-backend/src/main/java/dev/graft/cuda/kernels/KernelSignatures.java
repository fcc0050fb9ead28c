package dev.graft.cuda.kernels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameter kinds of every {@code extern "C" __global__} kernel, read from the CUDA sources themselves, so
 * that a launch whose Java arguments do not match the C signature fails with a message naming the kernel and
 * the argument, before the GPU reads garbage.
 */
public final class KernelSignatures {

    /** How a kernel parameter is passed. */
    public enum Kind {
        /** {@code int}. */
        I32(4),
        /** {@code long long}, {@code i64}, {@code u64}. */
        I64(8),
        /** {@code float}. */
        F32(4),
        /** Any pointer: a device address. */
        PTR(8),
        /** {@code struct NdIter} by value. */
        ND_ITER(NdIter.BYTES),
        /** {@code struct AttnParams} by value. */
        ATTN_PARAMS(AttentionPlan.PARAMS_BYTES);

        private final int bytes;

        Kind(int bytes) {
            this.bytes = bytes;
        }

        /** @return the size in bytes */
        public int bytes() {
            return bytes;
        }
    }

    private static final Pattern KERNEL = Pattern.compile(
            "extern\\s+\"C\"\\s+__global__\\s+(?:__launch_bounds__\\([^)]*\\)\\s+)?void\\s+(?:__launch_bounds__\\([^)]*\\)\\s+)?"
                    + "(\\w+)\\s*\\(([^)]*)\\)", Pattern.DOTALL);

    private KernelSignatures() {
    }

    /**
     * Reads the kernels of a source.
     *
     * @param source CUDA C
     * @return kernel name to parameter kinds, in source order
     * @throws IllegalArgumentException naming the kernel and parameter whose type is not understood
     */
    public static Map<String, List<Kind>> parse(String source) {
        Map<String, List<Kind>> out = new LinkedHashMap<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) {
            String name = m.group(1);
            List<Kind> kinds = new ArrayList<>();
            String params = m.group(2).trim();
            if (!params.isEmpty()) {
                for (String p : params.split(",")) {
                    kinds.add(kind(name, p.trim()));
                }
            }
            out.put(name, List.copyOf(kinds));
        }
        return out;
    }

    private static Kind kind(String kernel, String param) {
        String p = param.replace("__restrict__", "").replace("const ", "").trim();
        if (p.contains("*")) {
            return Kind.PTR;
        }
        String type = p.substring(0, p.lastIndexOf(' ')).trim();
        return switch (type) {
            case "int", "unsigned", "unsigned int" -> Kind.I32;
            case "i64", "u64", "long long", "unsigned long long" -> Kind.I64;
            case "float" -> Kind.F32;
            case "NdIter" -> Kind.ND_ITER;
            case "AttnParams" -> Kind.ATTN_PARAMS;
            default -> throw new IllegalArgumentException("kernel " + kernel + ": parameter '" + param
                    + "' has a type the launcher does not know");
        };
    }

    /**
     * Checks a launch's arguments against a signature.
     *
     * @throws IllegalStateException naming the kernel and the first mismatch
     */
    public static void check(String kernel, List<Kind> expected, List<Kind> actual) {
        if (expected == null) {
            throw new IllegalStateException("kernel " + kernel + " is not defined by its module's source");
        }
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            Kind e = i < expected.size() ? expected.get(i) : null;
            Kind a = i < actual.size() ? actual.get(i) : null;
            if (e != a) {
                throw new IllegalStateException("kernel " + kernel + " argument " + i + ": the source declares "
                        + (e == null ? "nothing" : e) + " but the launch passes " + (a == null ? "nothing" : a)
                        + " (declared " + expected + ", passed " + actual + ")");
            }
        }
    }
}
