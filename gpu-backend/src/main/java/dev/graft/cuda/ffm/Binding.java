package dev.graft.cuda.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * One C function the backend calls: its exported symbol (with the {@code _v2} suffix where the C header
 * {@code #define}s one: the bare names are older ABIs), older names accepted in its place, and its FFM
 * signature. The tables of bindings are data so that a test can check them against the C headers.
 *
 * @param symbol     the preferred exported name
 * @param fallbacks  names tried when {@code symbol} is absent (older libraries), same signature
 * @param descriptor the C signature
 * @param required   whether the library is unusable without it
 */
public record Binding(String symbol, List<String> fallbacks, FunctionDescriptor descriptor, boolean required) {

    /** {@code int}, {@code unsigned}, and every C enum. */
    public static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    /** {@code size_t}, {@code long long}, {@code CUdeviceptr}. */
    public static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG;
    /** Any pointer, including opaque handles ({@code CUstream}, {@code cublasHandle_t}, ...). */
    public static final ValueLayout P = ValueLayout.ADDRESS;
    /** {@code unsigned char}. */
    public static final ValueLayout.OfByte B = ValueLayout.JAVA_BYTE;

    /** A required function returning {@code int} (a status code). */
    public static Binding of(String symbol, MemoryLayout... args) {
        return new Binding(symbol, List.of(), FunctionDescriptor.of(I, args), true);
    }

    /** A required function returning {@code int}, with older names accepted in its place. */
    public static Binding withFallback(String symbol, List<String> fallbacks, MemoryLayout... args) {
        return new Binding(symbol, fallbacks, FunctionDescriptor.of(I, args), true);
    }

    /** A function whose absence only disables a feature. */
    public Binding optional() {
        return new Binding(symbol, fallbacks, descriptor, false);
    }

    /** A required function with an explicit descriptor (for non-{@code int} returns). */
    public static Binding returning(String symbol, FunctionDescriptor descriptor) {
        return new Binding(symbol, List.of(), descriptor, true);
    }
}
