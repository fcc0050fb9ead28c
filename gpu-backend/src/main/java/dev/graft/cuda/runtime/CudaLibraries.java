package dev.graft.cuda.runtime;

import dev.graft.cuda.LibraryStatus;
import dev.graft.cuda.ffm.Cublas;
import dev.graft.cuda.ffm.CublasLt;
import dev.graft.cuda.ffm.Driver;
import dev.graft.cuda.ffm.LibraryLoader;
import dev.graft.cuda.ffm.LibraryLocator;
import dev.graft.cuda.ffm.LibraryProbe;
import dev.graft.cuda.ffm.NativeLibrary;
import dev.graft.cuda.ffm.Nvrtc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The four CUDA libraries, loaded and bound (or the reason each could not be). Never throws: a problem is
 * recorded in the library's {@link LibraryStatus}.
 */
public final class CudaLibraries {
    private final List<LibraryStatus> statuses = new ArrayList<>();
    private final Optional<Driver> driver;
    private final Optional<Nvrtc> nvrtc;
    private final Optional<Cublas> cublas;
    private final Optional<CublasLt> cublasLt;

    /**
     * Loads the libraries found by {@code locator}.
     *
     * @param locator where to look
     */
    public CudaLibraries(LibraryLocator locator) {
        LibraryLoader loader = new LibraryLoader(locator);
        driver = bind(loader, NativeLibrary.DRIVER, "cuInit", Driver::new, d -> {
            int v = d.driverVersion();
            return (v / 1000) + "." + (v % 1000) / 10;
        });
        nvrtc = bind(loader, NativeLibrary.NVRTC, "nvrtcVersion", Nvrtc::new, n -> {
            int[] v = n.version();
            return v[0] + "." + v[1];
        });
        cublas = bind(loader, NativeLibrary.CUBLAS, "cublasCreate_v2", Cublas::new, Cublas::version);
        cublasLt = bind(loader, NativeLibrary.CUBLAS_LT, "cublasLtCreate", CublasLt::new, lt -> {
            long v = lt.version();
            return (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100);
        });
    }

    private <T> Optional<T> bind(LibraryLoader loader, NativeLibrary lib, String sanity,
                                 BiFunction<java.lang.foreign.SymbolLookup, String, T> ctor,
                                 java.util.function.Function<T, String> version) {
        LibraryLoader.Loaded loaded = loader.load(lib, sanity);
        LibraryProbe p = loaded.probe();
        List<String> tried = p.attempts().stream().map(a -> a.candidate() + ": " + a.outcome()).toList();
        if (loaded.lookup().isEmpty()) {
            statuses.add(new LibraryStatus(lib.title(), null, null, p.error(), tried, lib.property(), lib.envVar()));
            return Optional.empty();
        }
        String file = p.chosen().orElseThrow();
        try {
            T api = ctor.apply(loaded.lookup().get(), file);
            String v;
            try {
                v = version.apply(api);
            } catch (RuntimeException e) {
                v = "unknown (" + e.getMessage() + ")";
            }
            statuses.add(new LibraryStatus(lib.title(), file, v, null, tried, lib.property(), lib.envVar()));
            return Optional.of(api);
        } catch (RuntimeException e) {
            statuses.add(new LibraryStatus(lib.title(), file, null, e.getMessage(), tried, lib.property(),
                    lib.envVar()));
            return Optional.empty();
        }
    }

    /** @return the status of every library: driver, NVRTC, cuBLAS, cuBLASLt */
    public List<LibraryStatus> statuses() {
        return List.copyOf(statuses);
    }

    /** @return the driver API, if loaded */
    public Optional<Driver> driver() {
        return driver;
    }

    /** @return NVRTC, if loaded */
    public Optional<Nvrtc> nvrtc() {
        return nvrtc;
    }

    /** @return cuBLAS, if loaded */
    public Optional<Cublas> cublas() {
        return cublas;
    }

    /** @return cuBLASLt, if loaded */
    public Optional<CublasLt> cublasLt() {
        return cublasLt;
    }
}
