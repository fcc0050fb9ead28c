package dev.graft.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCacheTest {

    /** Returns a fake ELF image per call and counts the calls. */
    static final class FakeCompiler implements KernelCompiler {
        final List<List<String>> calls = new ArrayList<>();
        String version = "nvrtc 13.0";

        @Override
        public byte[] compile(String name, String source, List<String> options, boolean cubin) {
            calls.add(options);
            byte[] b = (cubin ? "\u007fELF" + name : name + "\0").getBytes();
            return b;
        }

        @Override
        public String version() {
            return version;
        }
    }

    @Test
    void theKeyChangesWithSourceOptionsAndCompilerAndOnlyThen() {
        List<String> o = List.of("--gpu-architecture=sm_90", "--fmad=false");
        String k = KernelCache.key("src", o, "nvrtc 13.0");
        assertEquals(64, k.length());
        assertEquals(k, KernelCache.key("src", List.of("--gpu-architecture=sm_90", "--fmad=false"), "nvrtc 13.0"));
        assertNotEquals(k, KernelCache.key("src ", o, "nvrtc 13.0"));
        assertNotEquals(k, KernelCache.key("src", List.of("--gpu-architecture=sm_80", "--fmad=false"), "nvrtc 13.0"));
        assertNotEquals(k, KernelCache.key("src", List.of("--fmad=false", "--gpu-architecture=sm_90"), "nvrtc 13.0"));
        assertNotEquals(k, KernelCache.key("src", o, "nvrtc 12.8"));
        // Option boundaries matter: ["ab", "c"] and ["a", "bc"] are different compilations.
        assertNotEquals(KernelCache.key("s", List.of("ab", "c"), "v"), KernelCache.key("s", List.of("a", "bc"), "v"));
    }

    @Test
    void filesAreWrittenAtomicallyUnderArchAndKey(@TempDir Path root) throws Exception {
        KernelCache c = new KernelCache(root);
        byte[] img = "\u007fELFabc".getBytes();
        Path f = c.write("sm_90", "k1", true, img);
        assertEquals(root.resolve("sm_90").resolve("k1.cubin"), f);
        assertArrayEquals(img, c.read("sm_90", "k1", true).orElseThrow());
        try (Stream<Path> s = Files.list(root.resolve("sm_90"))) {
            assertEquals(List.of(f), s.toList(), "no temporary file may remain");
        }
        assertTrue(c.read("sm_80", "k1", true).isEmpty());
    }

    @Test
    void aTruncatedOrForeignFileIsDiscarded(@TempDir Path root) throws Exception {
        KernelCache c = new KernelCache(root);
        Files.createDirectories(root.resolve("sm_90"));
        Files.write(c.file("sm_90", "bad", true), new byte[] {1, 2, 3, 4, 5});
        assertTrue(c.read("sm_90", "bad", true).isEmpty());
        assertFalse(Files.exists(c.file("sm_90", "bad", true)));
        Files.write(c.file("sm_90", "ptx", false), "// ptx without terminator".getBytes());
        assertTrue(c.read("sm_90", "ptx", false).isEmpty());
    }

    @Test
    void imagesCompileOnceThenComeFromTheCacheAcrossInstances(@TempDir Path root) {
        FakeCompiler fc = new FakeCompiler();
        CompileTarget t = new CompileTarget("sm_90", "sm_90", true);
        KernelImages first = new KernelImages(new KernelCache(root), fc, t);
        KernelImages.Image a = first.get(KernelModule.ELEMENTWISE, Map.of());
        assertFalse(a.fromCache());
        assertEquals(1, fc.calls.size());
        assertTrue(fc.calls.getFirst().contains("--gpu-architecture=sm_90"));

        KernelImages second = new KernelImages(new KernelCache(root), fc, t);
        KernelImages.Image b = second.get(KernelModule.ELEMENTWISE, Map.of());
        assertTrue(b.fromCache());
        assertArrayEquals(a.image(), b.image());
        assertEquals(1, fc.calls.size(), "a cached module must not be compiled again");

        second.get(KernelModule.ATTENTION, Map.of("HEAD_DIM", "64"));
        second.get(KernelModule.ATTENTION, Map.of("HEAD_DIM", "128"));
        assertEquals(3, fc.calls.size(), "each head size is its own compilation");

        fc.version = "nvrtc 13.1";
        new KernelImages(new KernelCache(root), fc, t).get(KernelModule.ELEMENTWISE, Map.of());
        assertEquals(4, fc.calls.size(), "a new compiler version must not reuse old binaries");

        KernelImages other = new KernelImages(new KernelCache(root), fc, new CompileTarget("sm_80", "sm_80", true));
        assertFalse(other.get(KernelModule.ELEMENTWISE, Map.of()).fromCache(), "another GPU architecture compiles anew");
    }

    @Test
    void anEvictedImageIsRebuilt(@TempDir Path root) {
        FakeCompiler fc = new FakeCompiler();
        KernelImages im = new KernelImages(new KernelCache(root), fc, new CompileTarget("sm_90", "sm_90", true));
        KernelImages.Image a = im.get(KernelModule.OPTIM, Map.of());
        im.evict(a);
        assertFalse(im.get(KernelModule.OPTIM, Map.of()).fromCache());
        assertEquals(2, im.compilations());
    }

    @Test
    void theTargetIsCubinForASupportedGpuElsePtxForTheNewestOlderArchitecture() {
        List<Integer> nvrtc = List.of(75, 80, 86, 87, 89, 90, 100, 120);
        assertEquals(new CompileTarget("sm_90", "sm_90", true), CompileTarget.choose(9, 0, nvrtc));
        assertEquals(new CompileTarget("sm_121", "compute_120", false), CompileTarget.choose(12, 1, nvrtc));
        assertEquals(new CompileTarget("sm_88", "compute_87", false), CompileTarget.choose(8, 8, nvrtc));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> CompileTarget.choose(6, 1, nvrtc));
        assertTrue(e.getMessage().contains("sm_61"));
    }
}
