package dev.graft.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.tensor.BinaryOp;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReduceOp;
import dev.graft.api.tensor.UnaryOp;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KernelSourcesTest {

    private static Map<String, List<KernelSignatures.Kind>> allKernels() {
        Map<String, List<KernelSignatures.Kind>> all = new HashMap<>();
        for (KernelModule m : KernelModule.values()) {
            all.putAll(KernelSignatures.parse(KernelSources.moduleSource(m)));
        }
        return all;
    }

    @Test
    void everySpiKernelHasAnImplementationAndEveryNamedKernelExists() {
        Set<String> spi = new TreeSet<>();
        for (Method m : ComputeBackend.class.getMethods()) {
            if (Modifier.isAbstract(m.getModifiers()) && !m.getName().equals("name") && !m.getName().equals("device")) {
                spi.add(m.getName());
            }
        }
        assertEquals(spi, new TreeSet<>(KernelCatalog.IMPLEMENTATIONS.keySet()),
                "the catalog must list exactly the SPI's kernel methods");
        Map<String, List<KernelSignatures.Kind>> kernels = allKernels();
        KernelCatalog.IMPLEMENTATIONS.forEach((method, impls) -> {
            for (String impl : impls) {
                if (!impl.contains(":")) {
                    assertTrue(kernels.containsKey(impl), method + " names kernel " + impl + ", which no source defines");
                }
            }
        });
    }

    @Test
    void eachModuleDefinesExactlyTheKernelsItDeclares() {
        for (KernelModule m : KernelModule.values()) {
            Map<String, List<KernelSignatures.Kind>> parsed = KernelSignatures.parse(KernelSources.moduleSource(m));
            assertEquals(m.kernels(), List.copyOf(parsed.keySet()), m + ": declared vs defined kernels");
        }
    }

    @Test
    void everyOpCodeIsDefinedAndHandled() {
        String prelude = KernelSources.prelude();
        String common = KernelSources.resource("common.cuh");
        String reduce = KernelSources.moduleSource(KernelModule.REDUCE);
        for (UnaryOp op : UnaryOp.values()) {
            assertTrue(prelude.contains("#define UNARY_" + op.name() + " " + op.ordinal() + "\n"));
            assertEquals(2, count(common, "case UNARY_" + op.name() + ":"), op + " needs a value and a derivative");
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertTrue(prelude.contains("#define BINARY_" + op.name() + " " + op.ordinal() + "\n"));
            assertEquals(1, count(common, "case BINARY_" + op.name() + ":"), op.toString());
        }
        for (ReduceOp op : ReduceOp.values()) {
            assertTrue(prelude.contains("#define REDUCE_" + op.name() + " " + op.ordinal() + "\n"));
        }
        for (ReduceOp op : List.of(ReduceOp.MAX, ReduceOp.MIN, ReduceOp.MEAN)) {
            assertTrue(reduce.contains("REDUCE_" + op.name()), "reduce.cu must treat " + op + " specially");
        }
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void translationUnitsAreSelfContainedWithLineMarkers() {
        for (KernelModule m : KernelModule.values()) {
            String tu = KernelSources.translationUnit(m);
            assertFalse(tu.contains("#include"), m + " must compile under NVRTC without headers");
            assertTrue(tu.contains("#line 1 \"" + m.fileName() + ".cu\""));
            assertTrue(tu.contains("#line 1 \"common.cuh\""));
        }
    }

    @Test
    void optionsFixTheTargetFmaAndDefinesInAStableOrder() {
        List<String> o = KernelSources.options(KernelModule.ATTENTION, "sm_90", Map.of("HEAD_DIM", "64", "A", "1"));
        assertEquals(List.of("--gpu-architecture=sm_90", "--std=c++17", "--fmad=true", "-DA=1", "-DHEAD_DIM=64"), o);
        assertTrue(KernelSources.options(KernelModule.OPTIM, "compute_80", Map.of()).contains("--fmad=false"));
    }

    @Test
    void signaturesParseEveryParameterKind() {
        Map<String, List<KernelSignatures.Kind>> k = allKernels();
        assertEquals(List.of(KernelSignatures.Kind.I32, KernelSignatures.Kind.ND_ITER, KernelSignatures.Kind.PTR,
                KernelSignatures.Kind.PTR, KernelSignatures.Kind.PTR, KernelSignatures.Kind.I64), k.get("binary_f32"));
        assertEquals(KernelSignatures.Kind.ATTN_PARAMS, k.get("attention_fwd_f32").getFirst());
        assertEquals(List.of(KernelSignatures.Kind.PTR, KernelSignatures.Kind.PTR, KernelSignatures.Kind.I64,
                KernelSignatures.Kind.F32, KernelSignatures.Kind.F32, KernelSignatures.Kind.I64,
                KernelSignatures.Kind.I64), k.get("dropout_f32"));
    }

    @Test
    void aLaunchThatDoesNotMatchItsSignatureIsRefusedWithTheArgumentNamed() {
        List<KernelSignatures.Kind> declared = allKernels().get("axpy_f32");
        KernelSignatures.check("axpy_f32", declared, List.of(KernelSignatures.Kind.F32, KernelSignatures.Kind.PTR,
                KernelSignatures.Kind.PTR, KernelSignatures.Kind.I64));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelSignatures.check("axpy_f32",
                declared, List.of(KernelSignatures.Kind.F32, KernelSignatures.Kind.PTR, KernelSignatures.Kind.PTR,
                        KernelSignatures.Kind.I32)));
        assertTrue(e.getMessage().contains("argument 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> KernelSignatures.parse("extern \"C\" __global__ void k(double x) {}"));
    }
}
