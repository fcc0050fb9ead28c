package dev.graft.cuda.kernels;

import dev.graft.api.tensor.BinaryOp;
import dev.graft.api.tensor.ReduceOp;
import dev.graft.api.tensor.UnaryOp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the exact text NVRTC compiles for a {@link KernelModule}: a generated prelude (the op codes of
 * {@link UnaryOp}, {@link BinaryOp} and {@link ReduceOp} as {@code #define}s, so Java and CUDA cannot disagree
 * about them), {@code common.cuh}, then the module's source, with {@code #line} markers so that compiler
 * messages name the right file and line. Also builds the compile options.
 */
public final class KernelSources {
    private KernelSources() {
    }

    /** @return the generated {@code #define}s of the op codes: {@code UNARY_EXP 0}, ... */
    public static String prelude() {
        StringBuilder sb = new StringBuilder("// Generated from the Java enums; do not edit.\n");
        for (UnaryOp op : UnaryOp.values()) {
            sb.append("#define UNARY_").append(op.name()).append(' ').append(op.ordinal()).append('\n');
        }
        for (BinaryOp op : BinaryOp.values()) {
            sb.append("#define BINARY_").append(op.name()).append(' ').append(op.ordinal()).append('\n');
        }
        for (ReduceOp op : ReduceOp.values()) {
            sb.append("#define REDUCE_").append(op.name()).append(' ').append(op.ordinal()).append('\n');
        }
        return sb.toString();
    }

    /** @return the text of a resource file under {@code dev/graft/cuda/kernels/} */
    public static String resource(String fileName) {
        String path = "/dev/graft/cuda/kernels/" + fileName;
        try (InputStream in = KernelSources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + path + " is missing from the gpu-backend jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + path, e);
        }
    }

    /** @return the module's source file alone */
    public static String moduleSource(KernelModule m) {
        return resource(m.fileName() + ".cu");
    }

    /** @return the full translation unit of a module: prelude, {@code common.cuh}, module source */
    public static String translationUnit(KernelModule m) {
        return prelude() + "#line 1 \"common.cuh\"\n" + resource("common.cuh") + "\n#line 1 \"" + m.fileName()
                + ".cu\"\n" + moduleSource(m);
    }

    /**
     * The NVRTC options of a module.
     *
     * @param m        the module
     * @param target   {@code sm_XY} (CUBIN) or {@code compute_XY} (PTX)
     * @param defines  extra {@code -D} macros (e.g. {@code HEAD_DIM=64}), in a stable order
     * @return the options
     */
    public static List<String> options(KernelModule m, String target, Map<String, String> defines) {
        List<String> o = new ArrayList<>();
        o.add("--gpu-architecture=" + target);
        o.add("--std=c++17");
        o.add("--fmad=" + (m.fma() ? "true" : "false"));
        for (Map.Entry<String, String> d : new TreeMap<>(defines).entrySet()) {
            o.add("-D" + d.getKey() + "=" + d.getValue());
        }
        return o;
    }
}
