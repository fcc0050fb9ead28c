package dev.graft.cuda.kernels;

import java.util.List;

/**
 * The CUDA C source files of the backend, each compiled as one NVRTC program, with the kernels each defines.
 * Sources live in resources under {@code dev/graft/cuda/kernels/}; {@code common.cuh} is prepended to every one.
 */
public enum KernelModule {
    /** Unary ops, affine, axpy, broadcasting binary ops, strided copies, bias rows, bf16 casts, dropout. */
    ELEMENTWISE("elementwise", false, List.of("unary_f32", "unary_backward_f32", "affine_f32", "axpy_f32",
            "binary_f32", "copy_strided_u32", "add_strided_f32", "add_bias_rows_f32", "cast_f32_bf16",
            "cast_bf16_f32", "dropout_f32")),
    /** Reductions along an axis, argmax, dot products. */
    REDUCE("reduce", false, List.of("reduce_rows_f32", "reduce_cols_f32", "argmax_rows_f32", "dot_partial_f64")),
    /** Softmax, log-softmax, their backwards, fused cross-entropy. */
    SOFTMAX("softmax", false, List.of("softmax_f32", "log_softmax_f32", "softmax_backward_f32",
            "log_softmax_backward_f32", "cross_entropy_f32", "cross_entropy_backward_f32")),
    /** Layer norm and RMS norm, forward and backward. */
    NORM("norm", false, List.of("layer_norm_f32", "layer_norm_backward_dx_f32", "layer_norm_backward_params_f32",
            "rms_norm_f32", "rms_norm_backward_dx_f32", "rms_norm_backward_params_f32")),
    /** Row gather and its deterministic scatter-add. */
    INDEX("index", false, List.of("index_select_f32", "index_count_rows", "index_exclusive_scan",
            "index_place_rows", "index_sort_segments", "index_add_rows_f32")),
    /** The fused AdamW step (bit-identical to the reference: compiled without FMA contraction). */
    OPTIM("optim", false, List.of("adamw_f32")),
    /**
     * Flash-style attention forward and backward, and the row kernels of attention computed as GEMMs; compiled
     * once per head size ({@code -DHEAD_DIM=D}).
     */
    ATTENTION("attention", true, List.of("attention_fwd_f32", "attention_bwd_delta_f32", "attention_bwd_dkdv_f32",
            "attention_bwd_dq_f32", "attention_rows_softmax_f32", "attention_rows_probs_f32",
            "attention_rows_dscores_f32"));

    private final String fileName;
    private final boolean fma;
    private final List<String> kernels;

    KernelModule(String fileName, boolean fma, List<String> kernels) {
        this.fileName = fileName;
        this.fma = fma;
        this.kernels = kernels;
    }

    /** @return the source file name without extension */
    public String fileName() {
        return fileName;
    }

    /** @return the resource path of the source */
    public String resource() {
        return "/dev/graft/cuda/kernels/" + fileName + ".cu";
    }

    /**
     * @return whether the compiler may contract {@code a*b+c} into fused multiply-adds; off everywhere except
     *         attention, so that elementwise results round like the Java reference
     */
    public boolean fma() {
        return fma;
    }

    /** @return the {@code extern "C"} kernels the source defines */
    public List<String> kernels() {
        return kernels;
    }
}
