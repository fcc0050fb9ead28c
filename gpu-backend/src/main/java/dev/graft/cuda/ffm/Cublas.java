package dev.graft.cuda.ffm;

import static dev.graft.cuda.ffm.Binding.I;
import static dev.graft.cuda.ffm.Binding.J;
import static dev.graft.cuda.ffm.Binding.P;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * cuBLAS ({@code libcublas.so.*}): strided batched GEMM in fp32, TF32 and bf16. cuBLAS is column-major;
 * the row-major mapping lives in {@code dev.graft.cuda.kernels.GemmPlan}. Scalars ({@code alpha},
 * {@code beta}) are host pointers (the default pointer mode).
 */
public final class Cublas extends NativeApi {

    /** The cuBLAS functions bound, with the signatures of {@code cublas_api.h} (CUDA 12 and 13). */
    public static final List<Binding> BINDINGS = List.of(
            Binding.of("cublasCreate_v2", P),
            Binding.of("cublasDestroy_v2", P),
            Binding.of("cublasSetStream_v2", P, P),
            Binding.of("cublasSetMathMode", P, I),
            Binding.of("cublasSetWorkspace_v2", P, P, J),
            Binding.of("cublasGetProperty", I, P),
            Binding.of("cublasGetVersion_v2", P, P),
            Binding.of("cublasSgemmStridedBatched", P, I, I, I, I, I, P, P, I, J, P, I, J, P, P, I, J, I),
            Binding.of("cublasGemmStridedBatchedEx", P, I, I, I, I, I, P, P, I, I, J, P, I, I, J, P, P, I, I, J, I, I, I));

    /** {@code CUBLAS_OP_N}. */
    public static final int OP_N = 0;
    /** {@code CUBLAS_OP_T}. */
    public static final int OP_T = 1;
    /** {@code CUBLAS_DEFAULT_MATH}: no reduced precision unless the compute type asks for it. */
    public static final int DEFAULT_MATH = 0;
    /** {@code CUDA_R_32F}. */
    public static final int R_32F = 0;
    /** {@code CUDA_R_16BF}. */
    public static final int R_16BF = 14;
    /** {@code CUBLAS_COMPUTE_32F}: fp32 multiply-add (no TF32). */
    public static final int COMPUTE_32F = 68;
    /** {@code CUBLAS_COMPUTE_32F_FAST_TF32}: fp32 in and out, TF32 tensor-core products. */
    public static final int COMPUTE_32F_FAST_TF32 = 77;
    /** {@code CUBLAS_COMPUTE_32F_FAST_16BF}: fp32 in and out, inputs rounded to bf16 for tensor-core products. */
    public static final int COMPUTE_32F_FAST_16BF = 75;
    /** {@code CUBLAS_GEMM_DEFAULT}. */
    public static final int GEMM_DEFAULT = -1;
    /** {@code MAJOR_VERSION}, {@code MINOR_VERSION}, {@code PATCH_LEVEL} of {@code libraryPropertyType}. */
    public static final int MAJOR_VERSION = 0;
    /** See {@link #MAJOR_VERSION}. */
    public static final int MINOR_VERSION = 1;
    /** See {@link #MAJOR_VERSION}. */
    public static final int PATCH_LEVEL = 2;

    /**
     * Binds cuBLAS.
     *
     * @param lookup      the loaded library
     * @param libraryFile its file, for messages
     */
    public Cublas(SymbolLookup lookup, String libraryFile) {
        super(lookup, libraryFile, BINDINGS);
    }

    static void check(int rc, String call) {
        if (rc != 0) {
            throw new CudaCallException(call, rc, statusName(rc), null);
        }
    }

    /** @return the {@code cublasStatus_t} name of a status */
    public static String statusName(int rc) {
        return switch (rc) {
            case 0 -> "CUBLAS_STATUS_SUCCESS";
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "cublasStatus " + rc;
        };
    }

    /** @return the library version as {@code major.minor.patch}, read without a GPU */
    public String version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
            int[] parts = new int[3];
            for (int p = 0; p < 3; p++) {
                check((int) h("cublasGetProperty").invokeExact(p, v), "cublasGetProperty");
                parts[p] = v.get(ValueLayout.JAVA_INT, 0);
            }
            return parts[0] + "." + parts[1] + "." + parts[2];
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return a new handle, bound to the current context */
    public MemorySegment create() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            check((int) h("cublasCreate_v2").invokeExact(out), "cublasCreate_v2");
            return out.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Destroys a handle. */
    public void destroy(MemorySegment handle) {
        try {
            check((int) h("cublasDestroy_v2").invokeExact(handle), "cublasDestroy_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Queues the handle's work on {@code stream}. */
    public void setStream(MemorySegment handle, MemorySegment stream) {
        try {
            check((int) h("cublasSetStream_v2").invokeExact(handle, stream), "cublasSetStream_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sets the {@code cublasMath_t} mode. */
    public void setMathMode(MemorySegment handle, int mode) {
        try {
            check((int) h("cublasSetMathMode").invokeExact(handle, mode), "cublasSetMathMode");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Gives cuBLAS a fixed workspace, so that it never allocates (required inside graph capture). */
    public void setWorkspace(MemorySegment handle, long devicePtr, long bytes) {
        try {
            check((int) h("cublasSetWorkspace_v2").invokeExact(handle, MemorySegment.ofAddress(devicePtr), bytes),
                    "cublasSetWorkspace_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cublasSgemmStridedBatched}: column-major {@code C = alpha·op(A)·op(B) + beta·C}.
     *
     * @param scalars host memory holding {@code alpha} at offset 0 and {@code beta} at offset 4
     */
    public void sgemmStridedBatched(MemorySegment handle, int opA, int opB, int m, int n, int k,
                                    MemorySegment scalars, long a, int lda, long strideA, long b, int ldb,
                                    long strideB, long c, int ldc, long strideC, int batch) {
        try {
            check((int) h("cublasSgemmStridedBatched").invokeExact(handle, opA, opB, m, n, k, scalars,
                    MemorySegment.ofAddress(a), lda, strideA, MemorySegment.ofAddress(b), ldb, strideB,
                    scalars.asSlice(4), MemorySegment.ofAddress(c), ldc, strideC, batch), "cublasSgemmStridedBatched");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cublasGemmStridedBatchedEx}: like {@link #sgemmStridedBatched} with explicit data and compute types
     * (bf16 operands, TF32 compute).
     */
    public void gemmStridedBatchedEx(MemorySegment handle, int opA, int opB, int m, int n, int k,
                                     MemorySegment scalars, long a, int aType, int lda, long strideA,
                                     long b, int bType, int ldb, long strideB, long c, int cType, int ldc,
                                     long strideC, int batch, int computeType) {
        try {
            check((int) h("cublasGemmStridedBatchedEx").invokeExact(handle, opA, opB, m, n, k, scalars,
                    MemorySegment.ofAddress(a), aType, lda, strideA, MemorySegment.ofAddress(b), bType, ldb, strideB,
                    scalars.asSlice(4), MemorySegment.ofAddress(c), cType, ldc, strideC, batch, computeType,
                    GEMM_DEFAULT), "cublasGemmStridedBatchedEx");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
