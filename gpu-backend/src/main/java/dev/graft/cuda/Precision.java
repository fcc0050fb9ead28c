package dev.graft.cuda;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the CUDA backend multiplies matrices. Everything other than GEMM (softmax, norms, attention, the
 * optimizer) always runs in fp32, and parameters always stay fp32 ("master weights").
 *
 * <p>bf16 has fp32's exponent range, so bf16 training needs no loss scaling; fp16 is not offered.
 */
public enum Precision {
    /** Strict fp32 GEMM (TF32 off): results match the CPU to rounding; what the parity checks use. */
    FP32("fp32"),
    /** fp32 in and out, products on TF32 tensor cores (10-bit mantissa inputs, fp32 accumulation). */
    TF32("tf32"),
    /**
     * Mixed precision: GEMM operands rounded to bf16 (round to nearest even), fp32 accumulation and output;
     * fp32 master weights and optimizer state.
     */
    BF16("bf16");

    private final String id;

    Precision(String id) {
        this.id = id;
    }

    /** @return the option value: {@code fp32}, {@code tf32} or {@code bf16} */
    public String id() {
        return id;
    }

    /**
     * Parses an option value, case-insensitively.
     *
     * @throws IllegalArgumentException listing the accepted values
     */
    public static Precision parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        for (Precision p : values()) {
            if (p.id.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "': expected one of "
                + Arrays.stream(values()).map(Precision::id).toList());
    }
}
