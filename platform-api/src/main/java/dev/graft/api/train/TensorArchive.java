package dev.graft.api.train;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named F32 arrays in a file with the safetensors layout (an 8-byte little-endian header length, a JSON header
 * of {@code dtype}, {@code shape} and {@code data_offsets}, then little-endian data), so that checkpoints open in
 * any safetensors reader. Only F32 is written or read.
 */
final class TensorArchive {
    /** An array with its shape. */
    record Entry(int[] shape, float[] data) {
        Entry {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " needs " + n
                        + " values, got " + data.length);
            }
        }
    }

    private TensorArchive() {
    }

    /** Writes the entries, in map order, and forces them to the device. */
    static void write(Path file, Map<String, Entry> entries) throws IOException {
        JsonObject header = new JsonObject();
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            t.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += 4L * e.getValue().data().length;
            offsets.add(offset);
            t.add("data_offsets", offsets);
            header.add(e.getKey(), t);
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(json);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            head.flip();
            writeFully(ch, head);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : entries.values()) {
                for (float v : e.data()) {
                    if (!buf.hasRemaining()) {
                        buf.flip();
                        writeFully(ch, buf);
                        buf.clear();
                    }
                    buf.putFloat(v);
                }
            }
            buf.flip();
            writeFully(ch, buf);
            ch.force(true);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /**
     * Reads every entry.
     *
     * @throws IOException naming the file and the entry if the content is not F32 safetensors data
     */
    static Map<String, Entry> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 8) {
            throw new IOException(file + ": too short for a safetensors header (" + all.length + " bytes)");
        }
        long headerLength = b.getLong();
        if (headerLength < 2 || headerLength > all.length - 8) {
            throw new IOException(file + ": header length " + headerLength + " does not fit the file's "
                    + all.length + " bytes");
        }
        String json = new String(all, 8, (int) headerLength, StandardCharsets.UTF_8);
        JsonObject header;
        try {
            header = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file + ": the header is not a JSON object: " + e.getMessage(), e);
        }
        long base = 8 + headerLength;
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonObject t = e.getValue().getAsJsonObject();
            String dtype = t.get("dtype").getAsString();
            if (!dtype.equals("F32")) {
                throw new IOException(file + ": tensor '" + e.getKey() + "' has dtype " + dtype + ", expected F32");
            }
            JsonArray s = t.getAsJsonArray("shape");
            int[] shape = new int[s.size()];
            long n = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).getAsInt();
                n *= shape[i];
            }
            JsonArray o = t.getAsJsonArray("data_offsets");
            long begin = o.get(0).getAsLong();
            long end = o.get(1).getAsLong();
            if (end - begin != 4 * n || base + end > all.length || begin < 0) {
                throw new IOException(file + ": tensor '" + e.getKey() + "' has data_offsets [" + begin + ", " + end
                        + "], expected " + 4 * n + " bytes inside the file's " + (all.length - base) + " data bytes");
            }
            float[] data = new float[(int) n];
            ByteBuffer view = ByteBuffer.wrap(all, (int) (base + begin), (int) (4 * n)).order(ByteOrder.LITTLE_ENDIAN);
            view.asFloatBuffer().get(data);
            out.put(e.getKey(), new Entry(shape, data));
        }
        return out;
    }
}
