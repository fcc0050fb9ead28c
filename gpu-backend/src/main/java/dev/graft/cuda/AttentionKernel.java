package dev.graft.cuda;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the CUDA backend computes attention. Both ways give the SPI's results (the device check compares each
 * with the reference backend); they differ in speed and memory.
 */
public enum AttentionKernel {
    /**
     * {@link #GEMM} for long sequences without a bias (at least {@link #AUTO_MIN_SCORES} scores per head and the
     * scores of one batch entry within {@link #AUTO_MAX_SCORE_BYTES}), {@link #FUSED} otherwise.
     */
    AUTO("auto"),
    /**
     * One flash-style CUDA kernel: scores never leave the chip, fp32 throughout, no scratch memory; its
     * products run on the CUDA cores, so it is fastest for short sequences.
     */
    FUSED("fused"),
    /**
     * Batched cuBLAS products (q·kᵀ, then p·v; five in the backward) around row kernels for the softmax, one
     * batch entry at a time: the products run on tensor cores in the GEMM precision (strict fp32 with
     * {@link Precision#FP32}), at the cost of one batch entry's scores in scratch memory (two in the backward).
     * Attention with a bias (T5) always uses {@link #FUSED}.
     */
    GEMM("gemm");

    /**
     * {@link #AUTO} picks {@link #GEMM} from this many scores per head ({@code tq·tk}) on. Measured on an H200
     * (docs/BENCHMARKS.md): at 1024×1024 the GEMMs train GPT-2 124M 1.36× faster in bf16 and as fast in fp32;
     * at 256×256 the fused kernel is faster (1.19× in bf16, 1.11× in fp32); lengths between were not measured.
     */
    public static final long AUTO_MIN_SCORES = 1024L * 1024;

    /** {@link #AUTO} picks {@link #GEMM} only while one batch entry's scores take at most this many bytes. */
    public static final long AUTO_MAX_SCORE_BYTES = 1L << 30;

    private final String id;

    AttentionKernel(String id) {
        this.id = id;
    }

    /** @return the option value: {@code auto}, {@code fused} or {@code gemm} */
    public String id() {
        return id;
    }

    /**
     * Parses an option value, case-insensitively.
     *
     * @throws IllegalArgumentException listing the accepted values
     */
    public static AttentionKernel parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (AttentionKernel a : values()) {
            if (a.id.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown attention kernel '" + text + "': expected one of "
                + Arrays.stream(values()).map(AttentionKernel::id).toList());
    }
}
