package dev.graft.cuda.kernels;

import dev.graft.api.tensor.AttentionSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Launch geometry and the packed {@code struct AttnParams} of the attention kernels, mirroring the macros of
 * {@code attention.cu} (threads per row, rows per block).
 *
 * @param spec        the attention call
 * @param hasMask     whether a key mask is passed
 * @param hasBias     whether an additive bias is passed
 * @param gradBiasMode 0: no bias gradient; 1: accumulate into it directly; 2: per-batch scratch, summed after
 */
public record AttentionPlan(AttentionSpec spec, boolean hasMask, boolean hasBias, int gradBiasMode) {
    /** Threads per block of the tiled kernels ({@code ATTN_THREADS}). */
    public static final int THREADS = 128;
    /** Bytes of {@code struct AttnParams}. */
    public static final int PARAMS_BYTES = 168;
    /** The largest head size compiled (registers: 2 x D/4 floats per thread). */
    public static final int MAX_HEAD_DIM = 256;

    public AttentionPlan {
        if (spec.headDim() > MAX_HEAD_DIM) {
            throw new IllegalArgumentException("attention head size " + spec.headDim() + " exceeds the CUDA kernels' "
                    + "limit of " + MAX_HEAD_DIM);
        }
        if ((long) spec.batch() * spec.heads() > 65535) {
            throw new IllegalArgumentException("attention batch x heads = " + (long) spec.batch() * spec.heads()
                    + " exceeds the CUDA grid limit of 65535");
        }
    }

    /** @return threads sharing one row: 4, 2 or 1, the largest dividing the head size ({@code TPR}) */
    public static int threadsPerRow(int headDim) {
        return headDim % 4 == 0 ? 4 : (headDim % 2 == 0 ? 2 : 1);
    }

    /** @return query (or key) rows per block ({@code ROWS_PER_BLOCK}) */
    public int rowsPerBlock() {
        return THREADS / threadsPerRow(spec.headDim());
    }

    /** @return rows of K/V (or Q/dO) per shared-memory tile ({@code TILE}) */
    public static int tile(int headDim) {
        int t = 4096 / headDim;
        return Math.max(1, Math.min(64, t));
    }

    /** @return grid x of the forward and dQ kernels */
    public int queryBlocks() {
        return (spec.tq() + rowsPerBlock() - 1) / rowsPerBlock();
    }

    /** @return grid x of the dK/dV kernel */
    public int keyBlocks() {
        return (spec.tk() + rowsPerBlock() - 1) / rowsPerBlock();
    }

    /** @return static shared memory of the dK/dV kernel, the largest of the three */
    public int sharedBytes() {
        int t = tile(spec.headDim());
        return 2 * t * spec.headDim() * 4 + 2 * t * 4;
    }

    /** Writes the {@code AttnParams} struct ({@link #PARAMS_BYTES} bytes) at the start of {@code dst}. */
    public void pack(MemorySegment dst) {
        dst.asSlice(0, PARAMS_BYTES).fill((byte) 0);
        layout(dst, 0, spec.q());
        layout(dst, 32, spec.k());
        layout(dst, 64, spec.v());
        layout(dst, 96, spec.out());
        dst.set(ValueLayout.JAVA_INT, 128, spec.batch());
        dst.set(ValueLayout.JAVA_INT, 132, spec.heads());
        dst.set(ValueLayout.JAVA_INT, 136, spec.tq());
        dst.set(ValueLayout.JAVA_INT, 140, spec.tk());
        dst.set(ValueLayout.JAVA_FLOAT, 144, spec.scale());
        dst.set(ValueLayout.JAVA_INT, 148, spec.causal() ? 1 : 0);
        dst.set(ValueLayout.JAVA_INT, 152, spec.biasBatch());
        dst.set(ValueLayout.JAVA_INT, 156, hasMask ? 1 : 0);
        dst.set(ValueLayout.JAVA_INT, 160, hasBias ? 1 : 0);
        dst.set(ValueLayout.JAVA_INT, 164, gradBiasMode);
    }

    private static void layout(MemorySegment dst, long at, AttentionSpec.HeadLayout l) {
        dst.set(ValueLayout.JAVA_LONG, at, l.offset());
        dst.set(ValueLayout.JAVA_LONG, at + 8, l.batchStride());
        dst.set(ValueLayout.JAVA_LONG, at + 16, l.headStride());
        dst.set(ValueLayout.JAVA_LONG, at + 24, l.rowStride());
    }
}
