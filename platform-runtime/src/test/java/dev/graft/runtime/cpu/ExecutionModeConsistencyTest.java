package dev.graft.runtime.cpu;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernels give the same bits whether the JIT has compiled them or not: the Vector API's interpreted
 * fallback and its compiled intrinsics must agree for every operation the kernels use (which is why the
 * backend computes transcendental functions from arithmetic instead of the Vector API's own operators).
 * The probe runs here after warm-up (compiled) and in a child JVM with {@code -Xint} (interpreted).
 */
class ExecutionModeConsistencyTest {

    @Test
    void compiledAndInterpretedKernelsGiveTheSameBits() throws IOException, InterruptedException {
        List<String> compiled;
        try (CpuBackend be = new CpuBackend(1)) {
            // Enough calls (> 600) and loop iterations (> 15000) per kernel for C2 to compile each one.
            for (int i = 0; i < 800; i++) {
                BitsProbe.probe(be, 2);
            }
            compiled = BitsProbe.probe(be, 1);
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xint", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), BitsProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "interpreted probe did not finish");
        assertEquals(0, p.exitValue(), "interpreted probe failed: " + out);
        List<String> interpreted = out.lines().toList();
        assertEquals(compiled, interpreted);
    }
}
