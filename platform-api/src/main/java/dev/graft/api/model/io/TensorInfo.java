package dev.graft.api.model.io;

import dev.graft.api.tensor.DType;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor entry of a safetensors header: its name, dtype, shape and byte range.
 *
 * <p>{@code begin} and {@code end} are offsets into the data section (the bytes after the header), as the
 * format's {@code data_offsets} field gives them; {@code end - begin} is always {@code numel() *
 * dtype().byteSize()} for an entry returned by {@link SafetensorsFile}. The shape array is copied in and out,
 * so an instance is immutable.
 *
 * @param name  the tensor's name, as written in the file (Hugging Face's parameter name for checkpoints)
 * @param dtype its element type
 * @param shape its dimensions, each non-negative; empty for a scalar
 * @param begin first byte of its data in the data section
 * @param end   one past its last byte
 */
public record TensorInfo(String name, DType dtype, int[] shape, long begin, long end) {

    /** Validates and copies the components. */
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("bad byte range [" + begin + ", " + end + ")");
        }
    }

    /** @return a copy of the shape */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of elements (1 for a scalar); callers have checked it does not overflow */
    public long numel() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** @return {@code end - begin} */
    public long byteSize() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return name + " " + dtype.safetensorsName() + " " + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
    }
}
