package dev.graft.cuda.ffm;

import static dev.graft.cuda.ffm.Binding.I;
import static dev.graft.cuda.ffm.Binding.J;
import static dev.graft.cuda.ffm.Binding.P;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * cuBLASLt ({@code libcublasLt.so.*}): matmul with fused epilogues (bias, GELU, GELU keeping its input).
 * Descriptors are opaque pointers created and destroyed here; attribute values are written through small
 * host buffers.
 */
public final class CublasLt extends NativeApi {

    /** The cuBLASLt functions bound, with the signatures of {@code cublasLt.h} (CUDA 12 and 13). */
    public static final List<Binding> BINDINGS = List.of(
            Binding.of("cublasLtCreate", P),
            Binding.of("cublasLtDestroy", P),
            Binding.returning("cublasLtGetVersion", FunctionDescriptor.of(J)),
            Binding.of("cublasLtMatmulDescCreate", P, I, I),
            Binding.of("cublasLtMatmulDescDestroy", P),
            Binding.of("cublasLtMatmulDescSetAttribute", P, I, P, J),
            Binding.of("cublasLtMatrixLayoutCreate", P, I, J, J, J),
            Binding.of("cublasLtMatrixLayoutDestroy", P),
            Binding.of("cublasLtMatrixLayoutSetAttribute", P, I, P, J),
            Binding.of("cublasLtMatmulPreferenceCreate", P),
            Binding.of("cublasLtMatmulPreferenceDestroy", P),
            Binding.of("cublasLtMatmulPreferenceSetAttribute", P, I, P, J),
            Binding.of("cublasLtMatmulAlgoGetHeuristic", P, P, P, P, P, P, P, I, P, P),
            Binding.of("cublasLtMatmul", P, P, P, P, P, P, P, P, P, P, P, P, P, P, J, P));

    /** {@code CUBLASLT_MATMUL_DESC_TRANSA}. */
    public static final int DESC_TRANSA = 3;
    /** {@code CUBLASLT_MATMUL_DESC_TRANSB}. */
    public static final int DESC_TRANSB = 4;
    /** {@code CUBLASLT_MATMUL_DESC_EPILOGUE}. */
    public static final int DESC_EPILOGUE = 7;
    /** {@code CUBLASLT_MATMUL_DESC_BIAS_POINTER}. */
    public static final int DESC_BIAS_POINTER = 8;
    /** {@code CUBLASLT_MATMUL_DESC_BIAS_BATCH_STRIDE}. */
    public static final int DESC_BIAS_BATCH_STRIDE = 10;
    /** {@code CUBLASLT_MATMUL_DESC_EPILOGUE_AUX_POINTER}. */
    public static final int DESC_EPILOGUE_AUX_POINTER = 11;
    /** {@code CUBLASLT_MATMUL_DESC_EPILOGUE_AUX_LD}. */
    public static final int DESC_EPILOGUE_AUX_LD = 12;
    /** {@code CUBLASLT_MATMUL_DESC_EPILOGUE_AUX_BATCH_STRIDE}. */
    public static final int DESC_EPILOGUE_AUX_BATCH_STRIDE = 13;
    /** {@code CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT}. */
    public static final int LAYOUT_BATCH_COUNT = 5;
    /** {@code CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET}. */
    public static final int LAYOUT_STRIDED_BATCH_OFFSET = 6;
    /** {@code CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES}. */
    public static final int PREF_MAX_WORKSPACE_BYTES = 1;
    /** {@code CUBLASLT_EPILOGUE_DEFAULT}. */
    public static final int EPILOGUE_DEFAULT = 1;
    /** {@code CUBLASLT_EPILOGUE_BIAS}. */
    public static final int EPILOGUE_BIAS = 4;
    /** {@code CUBLASLT_EPILOGUE_GELU}. */
    public static final int EPILOGUE_GELU = 32;
    /** {@code CUBLASLT_EPILOGUE_GELU_BIAS}. */
    public static final int EPILOGUE_GELU_BIAS = 36;
    /** {@code CUBLASLT_EPILOGUE_GELU_AUX}: GELU, and the pre-activation written to the aux buffer. */
    public static final int EPILOGUE_GELU_AUX = 160;
    /** {@code CUBLASLT_EPILOGUE_GELU_AUX_BIAS}. */
    public static final int EPILOGUE_GELU_AUX_BIAS = 164;
    /** Bytes of {@code cublasLtMatmulHeuristicResult_t}: algo (64), workspaceSize, state, wavesCount, reserved[4]. */
    public static final int HEURISTIC_RESULT_BYTES = 96;
    /** Offset of {@code state} (a {@code cublasStatus_t}) in the heuristic result. */
    public static final int HEURISTIC_STATE_OFFSET = 72;

    /**
     * Binds cuBLASLt.
     *
     * @param lookup      the loaded library
     * @param libraryFile its file, for messages
     */
    public CublasLt(SymbolLookup lookup, String libraryFile) {
        super(lookup, libraryFile, BINDINGS);
    }

    /** @return {@code cublasLtGetVersion()}, e.g. 130100 */
    public long version() {
        try {
            return (long) h("cublasLtGetVersion").invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private MemorySegment create(String fn, java.util.function.Function<MemorySegment, Integer> call) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            Cublas.check(call.apply(out), fn);
            return out.get(ValueLayout.ADDRESS, 0);
        }
    }

    /** @return a new cuBLASLt handle */
    public MemorySegment createHandle() {
        return create("cublasLtCreate", out -> invokeInt("cublasLtCreate", out));
    }

    /** Destroys a handle. */
    public void destroyHandle(MemorySegment handle) {
        Cublas.check(invokeInt("cublasLtDestroy", handle), "cublasLtDestroy");
    }

    private int invokeInt(String fn, MemorySegment arg) {
        try {
            return (int) h(fn).invokeExact(arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return a matmul descriptor with a {@code cublasComputeType_t} and a scale {@code cudaDataType} */
    public MemorySegment createMatmulDesc(int computeType, int scaleType) {
        return create("cublasLtMatmulDescCreate", out -> {
            try {
                return (int) h("cublasLtMatmulDescCreate").invokeExact(out, computeType, scaleType);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        });
    }

    /** Destroys a matmul descriptor. */
    public void destroyMatmulDesc(MemorySegment desc) {
        Cublas.check(invokeInt("cublasLtMatmulDescDestroy", desc), "cublasLtMatmulDescDestroy");
    }

    /** Sets a 32-bit matmul descriptor attribute. */
    public void setDescInt(MemorySegment desc, int attribute, int value, MemorySegment scratch) {
        scratch.set(ValueLayout.JAVA_INT, 0, value);
        setAttr("cublasLtMatmulDescSetAttribute", desc, attribute, scratch, 4);
    }

    /** Sets a 64-bit (or pointer) matmul descriptor attribute. */
    public void setDescLong(MemorySegment desc, int attribute, long value, MemorySegment scratch) {
        scratch.set(ValueLayout.JAVA_LONG, 0, value);
        setAttr("cublasLtMatmulDescSetAttribute", desc, attribute, scratch, 8);
    }

    private void setAttr(String fn, MemorySegment target, int attribute, MemorySegment buf, long size) {
        try {
            Cublas.check((int) h(fn).invokeExact(target, attribute, buf, size), fn + "(" + attribute + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return a column-major matrix layout of a {@code cudaDataType} */
    public MemorySegment createLayout(int type, long rows, long cols, long ld) {
        return create("cublasLtMatrixLayoutCreate", out -> {
            try {
                return (int) h("cublasLtMatrixLayoutCreate").invokeExact(out, type, rows, cols, ld);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        });
    }

    /** Destroys a layout. */
    public void destroyLayout(MemorySegment layout) {
        Cublas.check(invokeInt("cublasLtMatrixLayoutDestroy", layout), "cublasLtMatrixLayoutDestroy");
    }

    /** Sets a 32-bit layout attribute. */
    public void setLayoutInt(MemorySegment layout, int attribute, int value, MemorySegment scratch) {
        scratch.set(ValueLayout.JAVA_INT, 0, value);
        setAttr("cublasLtMatrixLayoutSetAttribute", layout, attribute, scratch, 4);
    }

    /** Sets a 64-bit layout attribute. */
    public void setLayoutLong(MemorySegment layout, int attribute, long value, MemorySegment scratch) {
        scratch.set(ValueLayout.JAVA_LONG, 0, value);
        setAttr("cublasLtMatrixLayoutSetAttribute", layout, attribute, scratch, 8);
    }

    /** @return a matmul preference allowing {@code workspaceBytes} of workspace */
    public MemorySegment createPreference(long workspaceBytes, MemorySegment scratch) {
        MemorySegment pref = create("cublasLtMatmulPreferenceCreate",
                out -> invokeInt("cublasLtMatmulPreferenceCreate", out));
        scratch.set(ValueLayout.JAVA_LONG, 0, workspaceBytes);
        setAttr("cublasLtMatmulPreferenceSetAttribute", pref, PREF_MAX_WORKSPACE_BYTES, scratch, 8);
        return pref;
    }

    /** Destroys a preference. */
    public void destroyPreference(MemorySegment pref) {
        Cublas.check(invokeInt("cublasLtMatmulPreferenceDestroy", pref), "cublasLtMatmulPreferenceDestroy");
    }

    /**
     * Asks for the best algorithm of a matmul.
     *
     * @param result {@link #HEURISTIC_RESULT_BYTES} of host memory receiving the result
     * @return whether an algorithm was found
     */
    public boolean heuristic(MemorySegment handle, MemorySegment desc, MemorySegment aLayout, MemorySegment bLayout,
                             MemorySegment cLayout, MemorySegment dLayout, MemorySegment pref, MemorySegment result) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(ValueLayout.JAVA_INT);
            int rc = (int) h("cublasLtMatmulAlgoGetHeuristic").invokeExact(handle, desc, aLayout, bLayout, cLayout,
                    dLayout, pref, 1, result, count);
            if (rc == 15) {
                return false;
            }
            Cublas.check(rc, "cublasLtMatmulAlgoGetHeuristic");
            return count.get(ValueLayout.JAVA_INT, 0) > 0
                    && result.get(ValueLayout.JAVA_INT, HEURISTIC_STATE_OFFSET) == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cublasLtMatmul}: {@code D = alpha·op(A)·op(B) + beta·C} then the epilogue.
     *
     * @param scalars host memory with {@code alpha} at offset 0 and {@code beta} at offset 4
     * @param algo    the algorithm (the first 64 bytes of a heuristic result)
     */
    public void matmul(MemorySegment handle, MemorySegment desc, MemorySegment scalars, long a, MemorySegment aLayout,
                       long b, MemorySegment bLayout, long c, MemorySegment cLayout, long d, MemorySegment dLayout,
                       MemorySegment algo, long workspace, long workspaceBytes, MemorySegment stream) {
        try {
            Cublas.check((int) h("cublasLtMatmul").invokeExact(handle, desc, scalars, MemorySegment.ofAddress(a),
                    aLayout, MemorySegment.ofAddress(b), bLayout, scalars.asSlice(4), MemorySegment.ofAddress(c),
                    cLayout, MemorySegment.ofAddress(d), dLayout, algo, MemorySegment.ofAddress(workspace),
                    workspaceBytes, stream), "cublasLtMatmul");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
