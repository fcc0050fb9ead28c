package dev.graft.cuda.ffm;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Downcall handles for one loaded library, bound from a table of {@link Binding}s. A missing required
 * symbol fails at construction, naming the library file and the symbol, rather than at first use.
 */
abstract class NativeApi {
    private final Map<String, MethodHandle> handles = new HashMap<>();
    private final String libraryFile;

    NativeApi(SymbolLookup lookup, String libraryFile, List<Binding> bindings) {
        this.libraryFile = libraryFile;
        Linker linker = Linker.nativeLinker();
        List<String> missing = new ArrayList<>();
        for (Binding b : bindings) {
            Optional<MemorySegment> sym = lookup.find(b.symbol());
            for (int i = 0; sym.isEmpty() && i < b.fallbacks().size(); i++) {
                sym = lookup.find(b.fallbacks().get(i));
            }
            if (sym.isPresent()) {
                handles.put(b.symbol(), linker.downcallHandle(sym.get(), b.descriptor()));
            } else if (b.required()) {
                missing.add(b.symbol());
            }
        }
        if (!missing.isEmpty()) {
            throw new CudaLibraryException(libraryFile + " does not export " + String.join(", ", missing)
                    + "; it is too old or not the expected library (CUDA 12 or 13 is needed)");
        }
    }

    /** @return the handle of a bound symbol */
    final MethodHandle h(String symbol) {
        MethodHandle h = handles.get(symbol);
        if (h == null) {
            throw new CudaLibraryException(libraryFile + " does not export " + symbol);
        }
        return h;
    }

    /** @return whether an optional symbol was found */
    final boolean has(String symbol) {
        return handles.containsKey(symbol);
    }

    /** @return the file this API was loaded from */
    final String libraryFile() {
        return libraryFile;
    }

    /** Wraps a {@link Throwable} from {@code invokeExact} (which declares {@code Throwable}). */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
