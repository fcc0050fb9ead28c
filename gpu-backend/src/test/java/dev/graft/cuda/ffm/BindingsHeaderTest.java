package dev.graft.cuda.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks the hand-written FFM signatures against the C headers of a local CUDA toolkit: every bound function is
 * declared (under its exact, possibly {@code _v2}, name) with the same number of parameters and the same
 * ABI class per parameter (32-bit int, 64-bit integer, pointer, byte). A wrong signature corrupts memory on a
 * GPU machine; here it fails a test. Skipped, with the reason, where the header or a C preprocessor is absent.
 */
class BindingsHeaderTest {

    private static Optional<Path> header(String name) {
        for (String dir : new String[] {System.getenv("CUDA_HOME") == null ? null : System.getenv("CUDA_HOME") + "/include",
                "/usr/local/cuda/include", "/usr/include"}) {
            if (dir != null && Files.isRegularFile(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    private static String preprocess(Path header) throws Exception {
        Process p = new ProcessBuilder("cpp", "-P", "-I", header.getParent().toString(), header.toString())
                .redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.getErrorStream().readAllBytes();
        Assumptions.assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "cpp could not preprocess " + header);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** ABI class of a C type after typedef resolution: I (32-bit), J (64-bit), P (pointer), B (byte), F (float). */
    private static char classify(String type, Map<String, String> typedefs) {
        String t = type.replace("const", " ").replace("volatile", " ").replace("struct", " ").replace("enum", " ")
                .replaceAll("\\s+", " ").trim();
        if (t.contains("*") || t.contains("[")) {
            return 'P';
        }
        for (int depth = 0; depth < 20 && typedefs.containsKey(t); depth++) {
            t = typedefs.get(t);
            if (t.contains("*")) {
                return 'P';
            }
        }
        return switch (t) {
            case "int", "unsigned int", "unsigned", "int32_t", "uint32_t", "ENUM" -> 'I';
            case "size_t", "unsigned long long", "long long", "unsigned long", "long", "int64_t", "uint64_t",
                 "cuuint64_t", "long unsigned int", "long int", "unsigned long int", "long long int",
                 "long long unsigned int", "unsigned long long int" -> 'J';
            case "unsigned char", "char" -> 'B';
            case "float" -> 'F';
            default -> '?';
        };
    }

    private static char classify(MemoryLayout l) {
        if (l instanceof ValueLayout.OfInt) {
            return 'I';
        }
        if (l instanceof ValueLayout.OfLong) {
            return 'J';
        }
        if (l instanceof ValueLayout.OfByte) {
            return 'B';
        }
        if (l instanceof ValueLayout.OfFloat) {
            return 'F';
        }
        return 'P';
    }

    private static Map<String, String> typedefs(String src) {
        Map<String, String> m = new HashMap<>();
        Matcher enums = Pattern.compile("typedef\\s+enum\\s+\\w*\\s*\\{[^}]*\\}\\s*(\\w+)\\s*;").matcher(src);
        while (enums.find()) {
            m.put(enums.group(1), "ENUM");
        }
        Matcher simple = Pattern.compile("typedef\\s+([\\w\\s\\*]+?)\\s*(\\**)\\s*(\\w+)\\s*;").matcher(src);
        while (simple.find()) {
            String target = simple.group(1).trim() + (simple.group(2).isEmpty() ? "" : " *");
            m.putIfAbsent(simple.group(3), target.replace("enum ", "").startsWith("enum") ? "ENUM" : target);
        }
        Matcher enumRefs = Pattern.compile("typedef\\s+enum\\s+(\\w+)\\s+(\\w+)\\s*;").matcher(src);
        while (enumRefs.find()) {
            m.put(enumRefs.group(2), "ENUM");
        }
        return m;
    }

    private static Map<String, List<String>> declarations(String src) {
        Map<String, List<String>> m = new HashMap<>();
        Matcher d = Pattern.compile("\\b(CUresult|nvrtcResult|cublasStatus_t)\\s+(\\w+)\\s*\\(([^;{]*?)\\)\\s*;").matcher(src);
        while (d.find()) {
            List<String> params = new ArrayList<>();
            String p = d.group(3).trim();
            if (!p.isEmpty() && !p.equals("void")) {
                for (String one : p.split(",")) {
                    String s = one.trim();
                    // drop the parameter name (the last identifier), keep type and stars
                    params.add(s.replaceAll("\\b\\w+\\s*(\\[\\s*\\])?$", "").trim() + (s.endsWith("]") ? " *" : ""));
                }
            }
            m.put(d.group(2), params);
        }
        return m;
    }

    @Test
    void driverBindingsMatchCudaH() throws Exception {
        Optional<Path> h = header("cuda.h");
        Assumptions.assumeTrue(h.isPresent(), "cuda.h not found (no local CUDA toolkit headers): bindings are checked "
                + "only by loading them on a GPU machine");
        String src = preprocess(h.get());
        Map<String, String> types = typedefs(src);
        Map<String, List<String>> decls = declarations(src);
        int checked = 0;
        for (Binding b : Driver.BINDINGS) {
            List<String> params = decls.get(b.symbol());
            assertTrue(params != null, b.symbol() + " is not declared by " + h.get());
            List<MemoryLayout> args = b.descriptor().argumentLayouts();
            assertEquals(params.size(), args.size(), b.symbol() + " parameters " + params);
            for (int i = 0; i < params.size(); i++) {
                char c = classify(params.get(i), types);
                assertTrue(c != '?', b.symbol() + " parameter " + i + " has an unknown type '" + params.get(i) + "'");
                assertEquals(c, classify(args.get(i)), b.symbol() + " parameter " + i + " '" + params.get(i) + "'");
            }
            checked++;
        }
        assertEquals(Driver.BINDINGS.size(), checked);
    }

    @Test
    void nvrtcAndCublasBindingsMatchTheirHeadersWhereInstalled() throws Exception {
        List<String[]> pairs = List.of(new String[] {"nvrtc.h", "NVRTC"}, new String[] {"cublas_api.h", "CUBLAS"},
                new String[] {"cublasLt.h", "CUBLASLT"});
        boolean any = false;
        for (String[] pair : pairs) {
            Optional<Path> h = header(pair[0]);
            if (h.isEmpty()) {
                continue;
            }
            any = true;
            String src = preprocess(h.get());
            Map<String, String> types = typedefs(src);
            Map<String, List<String>> decls = declarations(src);
            List<Binding> bindings = switch (pair[1]) {
                case "NVRTC" -> Nvrtc.BINDINGS;
                case "CUBLAS" -> Cublas.BINDINGS;
                default -> CublasLt.BINDINGS;
            };
            for (Binding b : bindings) {
                List<String> params = decls.get(b.symbol());
                if (params == null) {
                    continue;
                }
                List<MemoryLayout> args = b.descriptor().argumentLayouts();
                assertEquals(params.size(), args.size(), b.symbol());
                for (int i = 0; i < params.size(); i++) {
                    assertEquals(classify(params.get(i), types), classify(args.get(i)), b.symbol() + " parameter " + i);
                }
            }
        }
        Assumptions.assumeTrue(any, "nvrtc.h, cublas_api.h and cublasLt.h are not installed here (the toolkit's compiler "
                + "packages only): these bindings are checked by loading them on a GPU machine");
    }
}
