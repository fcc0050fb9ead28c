package dev.graft.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every kernel module exactly as NVRTC will receive it (same text, same options except the target)
 * with a local nvcc, which needs no GPU: PTX for the oldest and CUBIN for a Hopper target, checking that every
 * declared kernel is emitted and that no kernel needs more registers or shared memory than a block may use.
 * Skipped, with the reason, where nvcc is absent.
 */
class NvccCompileTest {
    private static Path nvcc;

    @BeforeAll
    static void findNvcc() {
        nvcc = Nvcc.find().orElse(null);
        Assumptions.assumeTrue(nvcc != null, Nvcc.ABSENT);
    }

    private record Unit(KernelModule module, Map<String, String> defines) {
        String name() {
            return module.fileName() + (defines.isEmpty() ? "" : "_" + String.join("_", defines.values()));
        }
    }

    private static List<Unit> units() {
        List<Unit> u = new ArrayList<>();
        for (KernelModule m : KernelModule.values()) {
            if (m == KernelModule.ATTENTION) {
                for (int d : new int[] {7, 64, 128, 256}) {
                    u.add(new Unit(m, Map.of("HEAD_DIM", Integer.toString(d))));
                }
            } else {
                u.add(new Unit(m, Map.of()));
            }
        }
        return u;
    }

    private static List<String> command(Unit u, Path src, String... target) {
        List<String> c = new ArrayList<>(List.of(nvcc.toString(), "-std=c++17"));
        c.add("--fmad=" + (u.module().fma() ? "true" : "false"));
        u.defines().forEach((k, v) -> c.add("-D" + k + "=" + v));
        c.addAll(List.of(target));
        c.add(src.toString());
        return c;
    }

    @Test
    void everyModuleCompilesToPtxWithEveryKernel(@TempDir Path dir) throws Exception {
        for (Unit u : units()) {
            Path src = dir.resolve(u.name() + ".cu");
            Files.writeString(src, KernelSources.translationUnit(u.module()));
            Path ptx = dir.resolve(u.name() + ".ptx");
            Nvcc.Result r = Nvcc.run(command(u, src, "--ptx", "-arch=compute_75", "-o", ptx.toString()), dir, null);
            assertEquals(0, r.exit(), u.name() + " does not compile:\n" + r.output());
            String text = Files.readString(ptx);
            for (String k : u.module().kernels()) {
                assertTrue(Pattern.compile("\\.entry\\s+" + k + "\\b").matcher(text).find(),
                        u.name() + ": no PTX entry for " + k);
            }
        }
    }

    @Test
    void everyKernelFitsABlockOnHopper(@TempDir Path dir) throws Exception {
        Pattern fn = Pattern.compile("Function properties for (\\w+)[\\s\\S]*?Used (\\d+) registers(?:, used \\d+ barriers)?"
                + "(?:, (\\d+) bytes smem)?");
        for (Unit u : units()) {
            Path src = dir.resolve(u.name() + ".cu");
            Files.writeString(src, KernelSources.translationUnit(u.module()));
            Nvcc.Result r = Nvcc.run(command(u, src, "-cubin", "-arch=sm_90", "--resource-usage", "-o",
                    dir.resolve(u.name() + ".cubin").toString()), dir, null);
            assertEquals(0, r.exit(), u.name() + ":\n" + r.output());
            Matcher m = fn.matcher(r.output());
            int seen = 0;
            while (m.find()) {
                seen++;
                int regs = Integer.parseInt(m.group(2));
                int smem = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                // 65536 registers per SM: a 256-thread block may use at most 255 per thread, a 128-thread one too.
                assertTrue(regs <= 255, u.name() + " " + m.group(1) + " uses " + regs + " registers");
                assertTrue(smem <= 48 * 1024, u.name() + " " + m.group(1) + " uses " + smem + " bytes of shared memory");
            }
            assertEquals(u.module().kernels().size(), seen, u.name() + ": resource lines\n" + r.output());
        }
    }
}
