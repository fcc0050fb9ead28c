package dev.graft.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.tensor.Backends;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.Device;
import dev.graft.cuda.ffm.LibraryLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selection and refusal: canned reports for every branch, and the real probe of this (GPU-less) machine. */
class CudaProbeTest {

    private static final GpuInfo H200 = new GpuInfo(0, "NVIDIA H200", 9, 0, 150_000_000_000L, 132);

    private static LibraryStatus ok(String name, String version) {
        return new LibraryStatus(name, "/usr/lib/" + name, version, null, List.of(), "p", "E");
    }

    private static CudaReport usable() {
        return new CudaReport(List.of(ok("CUDA driver", "13.0"), ok("NVRTC", "13.0"), ok("cuBLAS", "13.1.0"),
                ok("cuBLASLt", "13.1.0")), "13.0", null, List.of(H200), Map.of());
    }

    private static CudaReport noDriver() {
        return new CudaReport(List.of(new LibraryStatus("CUDA driver", null, null, "none of [libcuda.so.1] was found",
                List.of("libcuda.so.1: not found by the system loader"), "graft.cuda.driverLib", "GRAFT_CUDA_DRIVER_LIB"),
                ok("NVRTC", "13.0"), ok("cuBLAS", "13.1.0"), ok("cuBLASLt", "13.1.0")), null, null, List.of(),
                Map.of("CUDA_HOME", "(unset)"));
    }

    @Test
    void cpuNeverProbes() {
        DeviceSelection.Choice c = DeviceSelection.choose("CPU", () -> {
            throw new AssertionError("cpu must not probe CUDA");
        });
        assertEquals(Device.CPU, c.device());
        assertEquals("cpu", c.backendName());
    }

    @Test
    void autoPicksTheGpuWhenUsableAndSaysWhich() {
        DeviceSelection.Choice c = DeviceSelection.choose("auto", CudaProbeTest::usable);
        assertEquals(new Device(Device.Kind.CUDA, 0), c.device());
        assertEquals("cuda", c.backendName());
        assertTrue(c.message().contains("NVIDIA H200") && c.message().contains("cuBLAS 13.1.0"), c.message());
    }

    private static LibraryStatus missing(String name, String file) {
        return new LibraryStatus(name, null, null, "none of [" + file + "] was found", List.of(file + ": not found"),
                "p", "E");
    }

    @Test
    void autoFallsBackToTheCpuAndSaysWhy() {
        DeviceSelection.Choice c = DeviceSelection.choose("auto", CudaProbeTest::noDriver);
        assertEquals("cpu", c.backendName());
        assertEquals("auto: using cpu, because CUDA cannot be used: no NVIDIA driver (none of [libcuda.so.1] was"
                + " found)", c.message());
    }

    @Test
    void withoutADriverAutoNamesOnlyTheDriverAndWithOneItNamesWhatElseIsMissing() {
        CudaReport nothing = new CudaReport(List.of(missing("CUDA driver", "libcuda.so.1"),
                missing("NVRTC", "libnvrtc.so.13"), missing("cuBLAS", "libcublas.so.13"),
                missing("cuBLASLt", "libcublasLt.so.13")), null, null, List.of(), Map.of());
        String m = DeviceSelection.choose("auto", () -> nothing).message();
        assertTrue(m.endsWith("no NVIDIA driver (none of [libcuda.so.1] was found)"), m);
        assertFalse(m.contains("nvrtc") || m.contains("cublas"), m);

        CudaReport noNvrtc = new CudaReport(List.of(ok("CUDA driver", "13.0"), missing("NVRTC", "libnvrtc.so.13"),
                ok("cuBLAS", "13.1.0"), ok("cuBLASLt", "13.1.0")), "13.0", null, List.of(H200), Map.of());
        m = DeviceSelection.choose("auto", () -> noNvrtc).message();
        assertTrue(m.endsWith("CUDA cannot be used: NVRTC library: none of [libnvrtc.so.13] was found"), m);
    }

    @Test
    void askingForCudaWithoutItIsRefusedWithWhatWasLookedFor() {
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> DeviceSelection.choose("cuda:0", CudaProbeTest::noDriver));
        String m = e.getMessage();
        assertTrue(m.startsWith("--device cuda:0 was requested"), m);
        assertTrue(m.contains("libcuda.so.1") && m.contains("GRAFT_CUDA_DRIVER_LIB") && m.contains("CUDA_HOME"), m);
        assertTrue(m.contains("--device cpu"), m);
    }

    @Test
    void aDeviceIndexBeyondTheGpusListsThem() {
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> DeviceSelection.choose("cuda:2", CudaProbeTest::usable));
        assertTrue(e.getMessage().contains("1 CUDA device") && e.getMessage().contains("cuda:0 NVIDIA H200"),
                e.getMessage());
        assertEquals(H200, DeviceSelection.choose("cuda", CudaProbeTest::usable).gpu());
        assertThrows(IllegalArgumentException.class, () -> DeviceSelection.choose("tpu", CudaProbeTest::usable));
    }

    @Test
    void aDriverWithoutGpusIsNotUsable() {
        CudaReport r = new CudaReport(usable().libraries(), "13.0", "CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)",
                List.of(), Map.of());
        assertFalse(r.usable());
        assertTrue(r.problem().orElseThrow().contains("CUDA_ERROR_NO_DEVICE"));
        CudaReport noLt = new CudaReport(List.of(ok("CUDA driver", "13.0"), ok("NVRTC", "13.0"), ok("cuBLAS", "13.1.0"),
                new LibraryStatus("cuBLASLt", null, null, "absent", List.of(), "p", "E")), "13.0", null, List.of(H200),
                Map.of());
        assertTrue(noLt.usable(), "without cuBLASLt the backend falls back to separate epilogue kernels");
    }

    @Test
    void theProbeOfAnEmptyTreeReportsEveryLibraryAndNeverThrows(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("usr/local"));
        CudaReport r = CudaProbe.probe(new LibraryLocator(LibraryLocator.Environment.of(
                Map.of("CUDA_HOME", root.resolve("opt/cuda").toString()), Map.of(), root)));
        assertEquals(List.of("CUDA driver", "NVRTC", "cuBLAS", "cuBLASLt"),
                r.libraries().stream().map(LibraryStatus::name).toList());
        assertEquals(root.resolve("opt/cuda").toString(), r.environment().get("CUDA_HOME"));
        String d = r.describe();
        assertTrue(d.contains("CUDA_HOME="), d);
    }

    @Test
    void onThisMachineTheCudaBackendIsListedButRefusesCleanly() {
        CudaReport real = CudaProbe.probe();
        Assumptions.assumeFalse(real.usable(), "this machine has a usable GPU: the refusal cannot be observed here");
        assertTrue(Backends.available().contains("cuda"), "the cuda backend is on the class path: " + Backends.available());
        try (ComputeBackend cuda = Backends.create("cuda")) {
            assertEquals("cuda", cuda.name());
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> cuda.allocate(DType.F32, 4));
            assertTrue(e.getMessage().contains("cannot be used"), e.getMessage());
            assertTrue(e.getMessage().contains("Looked for:"), e.getMessage());
            assertTrue(e.getMessage().contains(real.problem().orElseThrow()), e.getMessage());
            CudaUnavailableException again = assertThrows(CudaUnavailableException.class, () -> cuda.upload(new float[1]));
            assertEquals(e.getMessage(), again.getMessage(), "the refusal is stable");
        }
        DeviceSelection.Choice auto = DeviceSelection.choose("auto");
        assertEquals("cpu", auto.backendName());
        assertNull(auto.gpu());
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> DeviceSelection.choose("cuda"));
        for (String lib : List.of("libcuda.so.1", "libnvrtc.so", "libcublas.so")) {
            assertTrue(e.getMessage().contains(lib), lib + " must be listed:\n" + e.getMessage());
        }
    }
}
