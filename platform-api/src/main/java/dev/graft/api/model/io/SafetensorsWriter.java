package dev.graft.api.model.io;

import com.google.gson.stream.JsonWriter;
import dev.graft.api.tensor.DType;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Collects tensors and metadata, then writes them as one safetensors file through {@link AtomicFiles} (a
 * temporary file and an atomic move).
 *
 * <p>Tensors are written in the order they were added, contiguously, with the header padded with spaces to a
 * multiple of 8 bytes as the reference implementation does. The writer keeps references to the arrays and
 * segments it is given, without copying, until {@link #write}; they must not change in between. Floats can
 * be stored as F32, or rounded to F16 or BF16 (to nearest, ties to even); a value read from an F16/BF16 file is
 * written back with the same bits. Data is streamed through a small buffer, so writing needs no memory in
 * proportion to the checkpoint. Not thread-safe.
 *
 * <pre>{@code
 * new SafetensorsWriter()
 *         .metadata("format", "pt")
 *         .putFloats("transformer.wte.weight", new int[] {vocab, dim}, wte)
 *         .write(dir.resolve("model.safetensors"));
 * }</pre>
 */
public final class SafetensorsWriter {
    private static final int CHUNK_BYTES = 1 << 20;

    private sealed interface Source permits Floats, Ints, Longs, Raw {
    }

    private record Floats(float[] data) implements Source {
    }

    private record Ints(int[] data) implements Source {
    }

    private record Longs(long[] data) implements Source {
    }

    private record Raw(MemorySegment bytes) implements Source {
    }

    private record Entry(String name, DType dtype, int[] shape, long bytes, Source source) {
    }

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /**
     * Adds one {@code __metadata__} string.
     *
     * @return this
     */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Adds a float tensor stored as F32.
     *
     * @return this
     * @throws IllegalArgumentException if the name is taken or reserved, or {@code data.length} is not the
     *                                  shape's element count
     */
    public SafetensorsWriter putFloats(String name, int[] shape, float[] data) {
        return putFloats(name, shape, data, DType.F32);
    }

    /**
     * Adds a float tensor stored as {@code storedAs} (F32, F16 or BF16).
     *
     * @return this
     * @throws IllegalArgumentException as {@link #putFloats(String, int[], float[])}, or for an integer dtype
     */
    public SafetensorsWriter putFloats(String name, int[] shape, float[] data, DType storedAs) {
        if (!storedAs.isFloating()) {
            throw new IllegalArgumentException("floats cannot be stored as " + storedAs);
        }
        return add(name, storedAs, shape, data.length, new Floats(data));
    }

    /**
     * Adds an integer tensor stored as {@code storedAs} (I32 or I64).
     *
     * @return this
     * @throws IllegalArgumentException as {@link #putFloats(String, int[], float[])}, or for a float dtype
     */
    public SafetensorsWriter putInts(String name, int[] shape, int[] data, DType storedAs) {
        if (storedAs != DType.I32 && storedAs != DType.I64) {
            throw new IllegalArgumentException("ints cannot be stored as " + storedAs);
        }
        return add(name, storedAs, shape, data.length, new Ints(data));
    }

    /**
     * Adds an I64 tensor.
     *
     * @return this
     * @throws IllegalArgumentException as {@link #putFloats(String, int[], float[])}
     */
    public SafetensorsWriter putLongs(String name, int[] shape, long[] data) {
        return add(name, DType.I64, shape, data.length, new Longs(data));
    }

    /**
     * Adds a tensor from its raw little-endian bytes, written verbatim (for example a {@link
     * SafetensorsFile#segment} passed through unchanged).
     *
     * @return this
     * @throws IllegalArgumentException as {@link #putFloats(String, int[], float[])}, or if the segment's size is
     *                                  not the shape's element count times the dtype's size
     */
    public SafetensorsWriter putRaw(String name, DType dtype, int[] shape, MemorySegment bytes) {
        long numel = numel(shape);
        if (bytes.byteSize() != numel * dtype.byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "': " + bytes.byteSize() + " bytes given but "
                    + dtype + " " + Arrays.toString(shape) + " needs " + numel * dtype.byteSize());
        }
        return add(name, dtype, shape, numel, new Raw(bytes));
    }

    private SafetensorsWriter add(String name, DType dtype, int[] shape, long length, Source source) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.equals(SafetensorsFile.METADATA_KEY)) {
            throw new IllegalArgumentException("'" + name + "' cannot name a tensor");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("tensor '" + name + "' added twice");
        }
        long numel = numel(shape);
        if (length != numel) {
            names.remove(name);
            throw new IllegalArgumentException("tensor '" + name + "': " + length + " elements given but shape "
                    + Arrays.toString(shape) + " has " + numel);
        }
        entries.add(new Entry(name, dtype, shape.clone(), numel * dtype.byteSize(), source));
        return this;
    }

    private static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * Writes the file atomically (temporary file in the same directory, then a rename over {@code target}).
     *
     * @param target the file to create or replace
     * @throws IOException if writing or the move fails; {@code target} is then unchanged
     */
    public void write(Path target) throws IOException {
        byte[] header = header();
        AtomicFiles.write(target, channel -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(header.length);
            buffer.flip();
            writeFully(channel, buffer);
            writeFully(channel, ByteBuffer.wrap(header));
            for (Entry e : entries) {
                writeData(channel, buffer, e);
            }
        });
    }

    private byte[] header() throws IOException {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.setHtmlSafe(false);
            json.beginObject();
            if (!metadata.isEmpty()) {
                json.name(SafetensorsFile.METADATA_KEY).beginObject();
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    json.name(m.getKey()).value(m.getValue());
                }
                json.endObject();
            }
            long offset = 0;
            for (Entry e : entries) {
                json.name(e.name).beginObject();
                json.name("dtype").value(e.dtype.safetensorsName());
                json.name("shape").beginArray();
                for (int d : e.shape) {
                    json.value(d);
                }
                json.endArray();
                json.name("data_offsets").beginArray().value(offset).value(offset + e.bytes).endArray();
                json.endObject();
                offset += e.bytes;
            }
            json.endObject();
        }
        byte[] raw = text.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(raw, padded);
        Arrays.fill(header, raw.length, padded, (byte) ' ');
        return header;
    }

    private static void writeData(FileChannel channel, ByteBuffer buffer, Entry e) throws IOException {
        switch (e.source) {
            case Raw(MemorySegment bytes) -> {
                MemorySegment staging = MemorySegment.ofBuffer(buffer.clear());
                for (long at = 0; at < bytes.byteSize(); at += CHUNK_BYTES) {
                    int n = (int) Math.min(CHUNK_BYTES, bytes.byteSize() - at);
                    MemorySegment.copy(bytes, at, staging, 0, n);
                    buffer.limit(n);
                    writeFully(channel, buffer);
                    buffer.clear();
                }
            }
            case Floats(float[] data) -> {
                buffer.clear();
                if (e.dtype == DType.F32) {
                    for (int i = 0; i < data.length; ) {
                        int n = Math.min(buffer.remaining() / Float.BYTES, data.length - i);
                        buffer.asFloatBuffer().put(data, i, n);
                        buffer.position(buffer.position() + n * Float.BYTES);
                        i += n;
                        flush(channel, buffer);
                    }
                } else {
                    for (float v : data) {
                        if (buffer.remaining() < 2) {
                            flush(channel, buffer);
                        }
                        buffer.putShort(e.dtype == DType.F16 ? HalfFloats.floatToF16(v) : HalfFloats.floatToBf16(v));
                    }
                    flush(channel, buffer);
                }
            }
            case Ints(int[] data) -> {
                buffer.clear();
                for (int v : data) {
                    if (buffer.remaining() < 8) {
                        flush(channel, buffer);
                    }
                    if (e.dtype == DType.I64) {
                        buffer.putLong(v);
                    } else {
                        buffer.putInt(v);
                    }
                }
                flush(channel, buffer);
            }
            case Longs(long[] data) -> {
                buffer.clear();
                for (long v : data) {
                    if (buffer.remaining() < 8) {
                        flush(channel, buffer);
                    }
                    buffer.putLong(v);
                }
                flush(channel, buffer);
            }
        }
    }

    private static void flush(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.flip();
        writeFully(channel, buffer);
        buffer.clear();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
