package dev.graft.cuda.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library discovery against a fake directory tree standing for {@code /}. */
class LibraryLocatorTest {

    private static Path touch(Path root, String file) throws Exception {
        Path p = root.resolve(file.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, "not a shared library\n");
        return p;
    }

    @Test
    void newestToolkitAndNewestMajorComeFirstAndStubsAreIgnored(@TempDir Path root) throws Exception {
        Path c12 = touch(root, "/usr/local/cuda-12.4/lib64/libcublas.so.12");
        Path c13 = touch(root, "/usr/local/cuda-13.0/lib64/libcublas.so.13");
        Path c9 = touch(root, "/usr/local/cuda-12.10/lib64/libcublas.so.12");
        touch(root, "/usr/local/cuda-13.0/lib64/stubs/libcuda.so");
        Path drv = touch(root, "/usr/lib/x86_64-linux-gnu/libcuda.so.1");
        LibraryLocator l = new LibraryLocator(LibraryLocator.Environment.of(Map.of(), Map.of(), root));
        assertEquals(List.of(c13, c9, c12), l.candidates(NativeLibrary.CUBLAS));
        assertEquals(List.of(drv), l.candidates(NativeLibrary.DRIVER));
        assertTrue(l.candidates(NativeLibrary.NVRTC).isEmpty());
    }

    @Test
    void cudaHomeComesBeforeUsrLocalAndLdLibraryPathBeforeSystemDirectories(@TempDir Path root) throws Exception {
        Path home = touch(root, "/opt/cuda12/lib64/libnvrtc.so.12");
        Path target = touch(root, "/opt/cuda12/targets/x86_64-linux/lib/libnvrtc.so.13");
        Path local = touch(root, "/usr/local/cuda/lib64/libnvrtc.so.13");
        Path ld = touch(root, "/venv/nvidia/cu13/lib/libnvrtc.so.13");
        Path sys = touch(root, "/usr/lib64/libnvrtc.so.12");
        Map<String, String> env = new HashMap<>();
        // Paths in the environment are as the process sees them; the locator resolves them under the fake root.
        env.put("CUDA_HOME", "/opt/cuda12");
        env.put("LD_LIBRARY_PATH", "/venv/nvidia/cu13/lib::");
        LibraryLocator l = new LibraryLocator(new LibraryLocator.Environment(env::get, k -> null, root, "amd64"));
        assertEquals(List.of(home, target, local, ld, sys), l.candidates(NativeLibrary.NVRTC));
        assertEquals(root.resolve("opt/cuda12/lib64"), l.searchDirectories().getFirst());
    }

    @Test
    void anOverrideIsTheOnlyCandidatePropertyBeforeEnvironment(@TempDir Path root) throws Exception {
        touch(root, "/usr/local/cuda/lib64/libcublasLt.so.13");
        Path mine = touch(root, "/home/me/libcublasLt.so.13");
        Path env = touch(root, "/home/env/libcublasLt.so.13");
        LibraryLocator byEnv = new LibraryLocator(LibraryLocator.Environment.of(
                Map.of("GRAFT_CUBLASLT_LIB", env.toString()), Map.of(), root));
        assertEquals(List.of(env), byEnv.candidates(NativeLibrary.CUBLAS_LT));
        LibraryLocator both = new LibraryLocator(LibraryLocator.Environment.of(
                Map.of("GRAFT_CUBLASLT_LIB", env.toString()), Map.of("graft.cuda.cublasLtLib", mine.toString()), root));
        assertEquals(List.of(mine), both.candidates(NativeLibrary.CUBLAS_LT));
        assertEquals("-Dgraft.cuda.cublasLtLib", both.override(NativeLibrary.CUBLAS_LT).orElseThrow().source());
    }

    @Test
    void aMissingOverrideFailsLoudlyInsteadOfFallingBack(@TempDir Path root) throws Exception {
        touch(root, "/usr/local/cuda/lib64/libcublas.so.13");
        LibraryLoader loader = new LibraryLoader(new LibraryLocator(LibraryLocator.Environment.of(
                Map.of("GRAFT_CUBLAS_LIB", root.resolve("nowhere/libcublas.so.13").toString()), Map.of(), root)));
        LibraryLoader.Loaded r = loader.load(NativeLibrary.CUBLAS, "cublasCreate_v2");
        assertFalse(r.probe().found());
        assertTrue(r.probe().error().contains("$GRAFT_CUBLAS_LIB"), r.probe().error());
        assertTrue(r.probe().error().contains("not a file"), r.probe().error());
    }

    @Test
    void aFileThatIsNotALibraryIsReportedAndTheSystemLoaderIsTriedLast(@TempDir Path root) throws Exception {
        Path fake = touch(root, "/usr/local/cuda/lib64/libnvrtc.so.13");
        LibraryLoader loader = new LibraryLoader(new LibraryLocator(LibraryLocator.Environment.of(Map.of(), Map.of(),
                root)));
        LibraryLoader.Loaded r = loader.load(NativeLibrary.NVRTC, "nvrtcVersion");
        List<LibraryProbe.Attempt> attempts = r.probe().attempts();
        assertEquals(fake.toString(), attempts.getFirst().candidate());
        assertTrue(attempts.getFirst().outcome().startsWith("could not be loaded"), attempts.getFirst().outcome());
        List<String> tried = attempts.stream().map(LibraryProbe.Attempt::candidate).toList();
        if (!r.probe().found()) {
            assertTrue(tried.containsAll(NativeLibrary.NVRTC.fileNames()), "bare names go to the system loader: " + tried);
        }
        String text = r.probe().describe();
        assertTrue(text.contains("-Dgraft.cuda.nvrtcLib") && text.contains("GRAFT_NVRTC_LIB"), text);
    }
}
