package dev.graft.cuda;

import dev.graft.cuda.ffm.Driver;
import dev.graft.cuda.ffm.LibraryLocator;
import dev.graft.cuda.runtime.CudaLibraries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds out what CUDA this machine offers, without creating a context or allocating GPU memory: which
 * libraries load (and their versions), whether {@code cuInit} succeeds, and which GPUs there are.
 *
 * <p>Safe to call anywhere, any number of times: it never throws for a missing or broken installation (the
 * problem is in the {@link CudaReport}), and it keeps nothing between calls.
 */
public final class CudaProbe {
    private CudaProbe() {
    }

    /**
     * Probes this process's environment: the overrides ({@code -Dgraft.cuda.*Lib}, {@code GRAFT_*_LIB}), then
     * {@code CUDA_HOME}/{@code CUDA_PATH}, {@code /usr/local/cuda*}, {@code LD_LIBRARY_PATH}, the system
     * directories and the system loader (see {@code docs/gpu.md}).
     *
     * @return what this process can use
     */
    public static CudaReport probe() {
        return probe(new LibraryLocator(LibraryLocator.Environment.system()));
    }

    /** Probes with an explicit search (tests use a fake directory tree). */
    static CudaReport probe(LibraryLocator locator) {
        CudaLibraries libs = new CudaLibraries(locator);
        return probe(libs, locator);
    }

    static CudaReport probe(CudaLibraries libs, LibraryLocator locator) {
        String driverVersion = null;
        String initError = null;
        List<GpuInfo> gpus = new ArrayList<>();
        if (libs.driver().isPresent()) {
            Driver d = libs.driver().get();
            try {
                int v = d.driverVersion();
                driverVersion = (v / 1000) + "." + (v % 1000) / 10;
                int rc = d.tryInit();
                if (rc != Driver.SUCCESS) {
                    initError = d.errorName(rc) + " (" + d.errorString(rc) + ")";
                } else {
                    int n = d.deviceCount();
                    for (int i = 0; i < n; i++) {
                        int dev = d.device(i);
                        gpus.add(new GpuInfo(i, d.deviceName(dev), d.attribute(dev, Driver.ATTR_CC_MAJOR),
                                d.attribute(dev, Driver.ATTR_CC_MINOR), d.totalMemory(dev),
                                d.attribute(dev, Driver.ATTR_MULTIPROCESSOR_COUNT)));
                    }
                }
            } catch (RuntimeException e) {
                initError = e.getMessage();
            }
        }
        return new CudaReport(libs.statuses(), driverVersion, initError, gpus, settings(locator));
    }

    private static Map<String, String> settings(LibraryLocator locator) {
        Map<String, String> m = new LinkedHashMap<>();
        LibraryLocator.Environment env = locator.environment();
        for (String var : List.of("CUDA_HOME", "CUDA_PATH", "LD_LIBRARY_PATH")) {
            String v = env.env().apply(var);
            m.put(var, v == null ? "(unset)" : v);
        }
        String h = env.properties().apply("graft.cuda.home");
        m.put("-Dgraft.cuda.home", h == null ? "(unset)" : h);
        return m;
    }
}
