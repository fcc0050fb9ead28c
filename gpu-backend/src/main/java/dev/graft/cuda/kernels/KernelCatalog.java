package dev.graft.cuda.kernels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the CUDA backend implements each kernel of the {@code ComputeBackend} SPI: the CUDA kernels it
 * launches, or the library calls it makes ({@code cuBLAS:}, {@code cuBLASLt:}, {@code driver:} entries).
 * A test checks that every SPI method is listed and every named kernel exists in the sources.
 */
public final class KernelCatalog {
    private KernelCatalog() {
    }

    /** SPI method name to its implementation, in SPI order. */
    public static final Map<String, List<String>> IMPLEMENTATIONS = build();

    private static Map<String, List<String>> build() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("allocate", List.of("driver:cuMemAlloc_v2 (cached)", "driver:cuMemsetD8Async"));
        m.put("upload", List.of("driver:cuMemcpyHtoDAsync_v2"));
        m.put("uploadInts", List.of("driver:cuMemcpyHtoDAsync_v2"));
        m.put("download", List.of("driver:cuMemcpyDtoHAsync_v2"));
        m.put("downloadInts", List.of("driver:cuMemcpyDtoHAsync_v2"));
        m.put("fill", List.of("driver:cuMemsetD32Async"));
        m.put("copyStrided", List.of("copy_strided_u32"));
        m.put("addStrided", List.of("add_strided_f32"));
        m.put("gemm", List.of("cuBLAS:cublasGemmStridedBatchedEx", "cuBLASLt:cublasLtMatmul (bias epilogue)",
                "add_bias_rows_f32", "cast_f32_bf16", "affine_f32"));
        m.put("unary", List.of("unary_f32"));
        m.put("unaryBackward", List.of("unary_backward_f32"));
        m.put("affine", List.of("affine_f32"));
        m.put("axpy", List.of("axpy_f32"));
        m.put("binary", List.of("binary_f32"));
        m.put("sumToShape", List.of("reduce_rows_f32", "reduce_cols_f32", "driver:cuMemcpyDtoDAsync_v2"));
        m.put("reduce", List.of("reduce_rows_f32", "reduce_cols_f32"));
        m.put("argmax", List.of("argmax_rows_f32"));
        m.put("dot", List.of("dot_partial_f64"));
        m.put("softmax", List.of("softmax_f32"));
        m.put("softmaxBackward", List.of("softmax_backward_f32"));
        m.put("logSoftmax", List.of("log_softmax_f32"));
        m.put("logSoftmaxBackward", List.of("log_softmax_backward_f32"));
        m.put("crossEntropy", List.of("cross_entropy_f32"));
        m.put("crossEntropyBackward", List.of("cross_entropy_backward_f32"));
        m.put("layerNorm", List.of("layer_norm_f32"));
        m.put("layerNormBackward", List.of("layer_norm_backward_dx_f32", "layer_norm_backward_params_f32"));
        m.put("rmsNorm", List.of("rms_norm_f32"));
        m.put("rmsNormBackward", List.of("rms_norm_backward_dx_f32", "rms_norm_backward_params_f32"));
        m.put("indexSelect", List.of("index_select_f32"));
        m.put("indexAdd", List.of("index_count_rows", "index_exclusive_scan", "index_place_rows",
                "index_sort_segments", "index_add_rows_f32"));
        m.put("attention", List.of("attention_fwd_f32", "cuBLAS:cublasGemmStridedBatchedEx (long sequences)",
                "attention_rows_softmax_f32"));
        m.put("attentionBackward", List.of("attention_bwd_delta_f32", "attention_bwd_dkdv_f32",
                "attention_bwd_dq_f32", "reduce_cols_f32", "axpy_f32",
                "cuBLAS:cublasGemmStridedBatchedEx (long sequences)", "attention_rows_probs_f32",
                "attention_rows_dscores_f32"));
        m.put("dropout", List.of("dropout_f32"));
        m.put("adamw", List.of("adamw_f32"));
        return java.util.Collections.unmodifiableMap(m);
    }
}
