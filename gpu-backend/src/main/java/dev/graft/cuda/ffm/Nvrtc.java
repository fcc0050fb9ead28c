package dev.graft.cuda.ffm;

import static dev.graft.cuda.ffm.Binding.I;
import static dev.graft.cuda.ffm.Binding.P;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * NVRTC, the CUDA run-time compiler: CUDA C source in, CUBIN (for an {@code sm_XY} target) or PTX (for a
 * {@code compute_XY} target) out. Thread-safe for distinct programs; needs no GPU.
 */
public final class Nvrtc extends NativeApi {

    /** The NVRTC functions bound, with the signatures of {@code nvrtc.h} (CUDA 12 and 13). */
    public static final List<Binding> BINDINGS = List.of(
            Binding.of("nvrtcVersion", P, P),
            Binding.of("nvrtcGetNumSupportedArchs", P),
            Binding.of("nvrtcGetSupportedArchs", P),
            Binding.of("nvrtcCreateProgram", P, P, P, I, P, P),
            Binding.of("nvrtcCompileProgram", P, I, P),
            Binding.of("nvrtcGetProgramLogSize", P, P),
            Binding.of("nvrtcGetProgramLog", P, P),
            Binding.of("nvrtcGetPTXSize", P, P),
            Binding.of("nvrtcGetPTX", P, P),
            Binding.of("nvrtcGetCUBINSize", P, P),
            Binding.of("nvrtcGetCUBIN", P, P),
            Binding.of("nvrtcDestroyProgram", P),
            Binding.returning("nvrtcGetErrorString", FunctionDescriptor.of(P, I)));

    /**
     * The result of a compilation.
     *
     * @param image the CUBIN bytes, or the PTX text including its terminating NUL
     * @param log   the compiler's log (warnings), possibly empty
     */
    public record Output(byte[] image, String log) {
    }

    /**
     * Binds NVRTC.
     *
     * @param lookup      the loaded {@code libnvrtc.so.*}
     * @param libraryFile its file, for messages
     */
    public Nvrtc(SymbolLookup lookup, String libraryFile) {
        super(lookup, libraryFile, BINDINGS);
    }

    private void check(int rc, String call) {
        if (rc != 0) {
            throw new CudaCallException(call, rc, errorString(rc), null);
        }
    }

    /** @return NVRTC's name for a status code */
    public String errorString(int rc) {
        try {
            MemorySegment p = (MemorySegment) h("nvrtcGetErrorString").invokeExact(rc);
            return p.equals(MemorySegment.NULL) ? "nvrtcResult " + rc : p.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return {@code {major, minor}} */
    public int[] version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ma = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment mi = a.allocate(ValueLayout.JAVA_INT);
            check((int) h("nvrtcVersion").invokeExact(ma, mi), "nvrtcVersion");
            return new int[] {ma.get(ValueLayout.JAVA_INT, 0), mi.get(ValueLayout.JAVA_INT, 0)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the {@code sm_XY} numbers (e.g. 90) this NVRTC can produce CUBIN for, ascending */
    public List<Integer> supportedArchs() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(ValueLayout.JAVA_INT);
            check((int) h("nvrtcGetNumSupportedArchs").invokeExact(n), "nvrtcGetNumSupportedArchs");
            int count = n.get(ValueLayout.JAVA_INT, 0);
            MemorySegment arr = a.allocate(ValueLayout.JAVA_INT, Math.max(1, count));
            check((int) h("nvrtcGetSupportedArchs").invokeExact(arr), "nvrtcGetSupportedArchs");
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(arr.getAtIndex(ValueLayout.JAVA_INT, i));
            }
            return out;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Compiles one translation unit.
     *
     * @param source  CUDA C source, self-contained (no {@code #include})
     * @param name    the program name shown in diagnostics
     * @param options NVRTC options; {@code --gpu-architecture=sm_XY} gives CUBIN, {@code compute_XY} gives PTX
     * @param cubin   whether to fetch CUBIN (else PTX)
     * @return the image and log
     * @throws KernelCompileException with the compiler log if compilation fails
     */
    public Output compile(String source, String name, List<String> options, boolean cubin) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment progOut = a.allocate(ValueLayout.ADDRESS);
            check((int) h("nvrtcCreateProgram").invokeExact(progOut, a.allocateFrom(source), a.allocateFrom(name),
                    0, MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram");
            MemorySegment prog = progOut.get(ValueLayout.ADDRESS, 0);
            try {
                MemorySegment opts = a.allocate(ValueLayout.ADDRESS, Math.max(1, options.size()));
                for (int i = 0; i < options.size(); i++) {
                    opts.setAtIndex(ValueLayout.ADDRESS, i, a.allocateFrom(options.get(i)));
                }
                int rc = (int) h("nvrtcCompileProgram").invokeExact(prog, options.size(), opts);
                String log = log(a, prog);
                if (rc != 0) {
                    throw new KernelCompileException(name, options, errorString(rc), log);
                }
                String sizeFn = cubin ? "nvrtcGetCUBINSize" : "nvrtcGetPTXSize";
                String getFn = cubin ? "nvrtcGetCUBIN" : "nvrtcGetPTX";
                MemorySegment size = a.allocate(ValueLayout.JAVA_LONG);
                check((int) h(sizeFn).invokeExact(prog, size), sizeFn);
                long n = size.get(ValueLayout.JAVA_LONG, 0);
                MemorySegment buf = a.allocate(Math.max(1, n));
                check((int) h(getFn).invokeExact(prog, buf), getFn);
                return new Output(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), log);
            } finally {
                MemorySegment holder = a.allocate(ValueLayout.ADDRESS);
                holder.set(ValueLayout.ADDRESS, 0, prog);
                int ignored = (int) h("nvrtcDestroyProgram").invokeExact(holder);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private String log(Arena a, MemorySegment prog) throws Throwable {
        MemorySegment size = a.allocate(ValueLayout.JAVA_LONG);
        check((int) h("nvrtcGetProgramLogSize").invokeExact(prog, size), "nvrtcGetProgramLogSize");
        long n = size.get(ValueLayout.JAVA_LONG, 0);
        if (n <= 1) {
            return "";
        }
        MemorySegment buf = a.allocate(n);
        check((int) h("nvrtcGetProgramLog").invokeExact(prog, buf), "nvrtcGetProgramLog");
        return buf.getString(0).strip();
    }
}
