package dev.graft.api.tensor;

/**
 * A storage on the Java heap: a {@code float[]} for {@link DType#F32} or an {@code int[]} for
 * {@link DType#I32}. Shared by the CPU backends, which read the arrays directly.
 */
public final class HeapStorage implements Storage {
    /** The elements of an F32 storage, else {@code null}. */
    public final float[] floats;
    /** The elements of an I32 storage, else {@code null}. */
    public final int[] ints;

    private HeapStorage(float[] floats, int[] ints) {
        this.floats = floats;
        this.ints = ints;
    }

    /** Wraps (does not copy) a float array. */
    public static HeapStorage ofFloats(float[] data) {
        return new HeapStorage(data, null);
    }

    /** Wraps (does not copy) an int array. */
    public static HeapStorage ofInts(int[] data) {
        return new HeapStorage(null, data);
    }

    /**
     * Allocates a zero-filled heap storage.
     *
     * @throws IllegalArgumentException for dtypes other than F32 and I32, or sizes over 2³¹−1
     */
    public static HeapStorage allocate(DType dtype, long size) {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("heap storage size out of range: " + size);
        }
        return switch (dtype) {
            case F32 -> new HeapStorage(new float[(int) size], null);
            case I32 -> new HeapStorage(null, new int[(int) size]);
            default -> throw new IllegalArgumentException("heap storages hold F32 or I32, not " + dtype
                    + "; convert on load");
        };
    }

    @Override
    public DType dtype() {
        return floats != null ? DType.F32 : DType.I32;
    }

    @Override
    public long size() {
        return floats != null ? floats.length : ints.length;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }
}
