package dev.graft.cuda;

import dev.graft.api.tensor.AttentionSpec;
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
     * batch entry at a time: the products run in the GEMM precision (strict fp32 with {@link Precision#FP32},
     * on tensor cores with the others), at the cost of one batch entry's scores in scratch memory (two in the
     * backward).
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

    /**
     * Whether attention of this shape runs as GEMMs under this choice.
     *
     * @param spec    the attention call
     * @param hasBias whether it adds a bias (which only the fused kernel supports)
     * @return {@code true} for the GEMM way, {@code false} for the fused kernel
     */
    public boolean usesGemm(AttentionSpec spec, boolean hasBias) {
        if (hasBias) {
            return false;
        }
        long scores = (long) spec.tq() * spec.tk();
        return switch (this) {
            case FUSED -> false;
            case GEMM -> true;
            case AUTO -> scores >= AUTO_MIN_SCORES && scores * spec.heads() * Float.BYTES <= AUTO_MAX_SCORE_BYTES;
        };
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
