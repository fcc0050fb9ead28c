package dev.graft.api.model.io;

/** Conversions between float and the two 16-bit float formats of the file boundary. */
final class HalfFloats {
    private HalfFloats() {
    }

    /**
     * Widens IEEE binary16 bits exactly to a float. Unlike {@link Float#float16ToFloat}, whose hardware
     * intrinsic may quiet a signalling NaN, a NaN keeps its payload bit for bit.
     */
    static float f16ToFloat(short bits) {
        if ((bits & 0x7C00) == 0x7C00 && (bits & 0x03FF) != 0) {
            return Float.intBitsToFloat((bits & 0x8000) << 16 | 0x7F800000 | (bits & 0x03FF) << 13);
        }
        return Float.float16ToFloat(bits);
    }

    /**
     * Rounds a float to IEEE binary16, to nearest with ties to even. A NaN keeps its sign and upper payload
     * bits (a value read from F16 is written back with the same bits); a NaN whose upper payload is empty
     * becomes a quiet NaN rather than an infinity.
     */
    static short floatToF16(float value) {
        if (Float.isNaN(value)) {
            int bits = Float.floatToRawIntBits(value);
            int payload = (bits & 0x007FFFFF) >>> 13;
            return (short) ((bits >>> 16) & 0x8000 | 0x7C00 | (payload == 0 ? 0x0200 : payload));
        }
        return Float.floatToFloat16(value);
    }

    /** @return the bfloat16 bits widened exactly to a float */
    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * Rounds a float to bfloat16, to nearest with ties to even. A NaN keeps its sign and the upper payload
     * bits, so that a value read from BF16 is written back with the same bits; a NaN whose upper payload is
     * empty becomes a quiet NaN rather than an infinity.
     */
    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            int upper = bits >>> 16;
            return (short) ((upper & 0x7F) == 0 ? upper | 0x40 : upper);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }
}
