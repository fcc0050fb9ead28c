package dev.graft.api.tensor;

/**
 * Element types of a {@link Tensor}. Computation happens in {@link #F32}; {@link #I32} holds indices
 * (token ids, targets); the others are storage formats met at the file boundary and converted on load.
 */
public enum DType {
    /** IEEE 754 binary32. */
    F32(4, "F32"),
    /** IEEE 754 binary16. */
    F16(2, "F16"),
    /** bfloat16: the upper half of a binary32. */
    BF16(2, "BF16"),
    /** 32-bit signed integer. */
    I32(4, "I32"),
    /** 64-bit signed integer. */
    I64(8, "I64");

    private final int byteSize;
    private final String safetensorsName;

    DType(int byteSize, String safetensorsName) {
        this.byteSize = byteSize;
        this.safetensorsName = safetensorsName;
    }

    /** @return bytes per element */
    public int byteSize() {
        return byteSize;
    }

    /** @return the name the safetensors format uses for this type */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** @return whether this is a floating-point type */
    public boolean isFloating() {
        return this == F32 || this == F16 || this == BF16;
    }
}
