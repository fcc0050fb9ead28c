package dev.graft.api.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelFormatException.Problem;
import dev.graft.api.tensor.DType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
    @TempDir
    Path dir;

    @Test
    void readsAHandBuiltFileAsTheFormatDefinesIt() throws IOException {
        // Two tensors, metadata, header padded with spaces, data little-endian: written byte by byte here.
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[8,24]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}    ";
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2f).putLong(7).putLong(-3_000_000_000L);
        Path p = RawSafetensors.write(dir, "hand.safetensors", RawSafetensors.bytes(header, data.array()));
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(Map.of("format", "pt"), f.metadata());
            assertEquals(List.of("b", "a"), List.copyOf(f.tensors().keySet()));
            assertEquals(new TensorInfo("a", DType.F32, new int[] {2}, 0, 8), f.info("a"));
            assertArrayEquals(new float[] {1.5f, -2f}, f.readFloats("a"));
            assertArrayEquals(new long[] {7, -3_000_000_000L}, f.readLongs("b"));
            assertEquals(8, f.segment("a").byteSize());
            ModelFormatException narrow = assertThrows(ModelFormatException.class, () -> f.readInts("b"));
            assertTrue(narrow.getMessage().contains("element 1 is -3000000000"), narrow.getMessage());
            ModelFormatException wrong = assertThrows(ModelFormatException.class, () -> f.readFloats("b"));
            assertEquals(Problem.WRONG_DTYPE, wrong.problem());
        }
    }

    @Test
    void writerOutputFollowsTheFormatByteForByte() throws IOException {
        float[] w = {1f, 2f, 3f, 4f, 5f, 6f};
        Path p = dir.resolve("w.safetensors");
        new SafetensorsWriter().metadata("format", "pt")
                .putFloats("w", new int[] {2, 3}, w)
                .putInts("ids", new int[] {3}, new int[] {-1, 0, 70000}, DType.I64)
                .write(p);
        byte[] bytes = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, (8 + n) % 8, "data section starts 8-aligned");
        String headerText = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        JsonObject header = JsonParser.parseString(headerText).getAsJsonObject();
        assertEquals("pt", header.getAsJsonObject("__metadata__").get("format").getAsString());
        JsonObject ws = header.getAsJsonObject("w");
        assertEquals("F32", ws.get("dtype").getAsString());
        assertEquals("[2,3]", ws.get("shape").toString());
        assertEquals("[0,24]", ws.get("data_offsets").toString());
        assertEquals("[24,48]", header.getAsJsonObject("ids").get("data_offsets").toString());
        assertEquals(8 + n + 48, bytes.length);
        b.position((int) (8 + n));
        for (float v : w) {
            assertEquals(v, b.getFloat());
        }
        assertEquals(-1L, b.getLong());
        assertEquals(0L, b.getLong());
        assertEquals(70000L, b.getLong());
    }

    @Test
    void writeThenReadKeepsEveryDtypeAndTheMetadata() throws IOException {
        float[] f = {0f, -0f, 1f / 3, 65504f, 1e-7f, Float.NEGATIVE_INFINITY};
        Path p = dir.resolve("all.safetensors");
        new SafetensorsWriter().metadata("k", "v").metadata("ünï", "ćödé")
                .putFloats("f32", new int[] {6}, f)
                .putFloats("f16", new int[] {2, 3}, f, DType.F16)
                .putFloats("bf16", new int[] {3, 2}, f, DType.BF16)
                .putInts("i32", new int[] {2}, new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, DType.I32)
                .putLongs("i64", new int[] {1}, new long[] {Long.MIN_VALUE})
                .putFloats("scalar", new int[] {}, new float[] {42f})
                .putFloats("empty", new int[] {0, 5}, new float[0])
                .write(p);
        try (SafetensorsFile r = SafetensorsFile.open(p)) {
            assertEquals(Map.of("k", "v", "ünï", "ćödé"), r.metadata());
            assertArrayEquals(f, r.readFloats("f32"));
            float[] half = r.readFloats("f16");
            float[] brain = r.readFloats("bf16");
            for (int i = 0; i < f.length; i++) {
                assertEquals(Float.float16ToFloat(Float.floatToFloat16(f[i])), half[i]);
                // bfloat16 keeps the top 16 bits of a float, rounded to nearest even: at most 2^-8 relative error
                assertEquals(f[i], brain[i], Math.abs(f[i]) * 0x1p-8f);
            }
            assertArrayEquals(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, r.readInts("i32"));
            assertArrayEquals(new long[] {Long.MIN_VALUE}, r.readLongs("i64"));
            assertArrayEquals(new float[] {42f}, r.readFloats("scalar"));
            assertArrayEquals(new int[] {0, 5}, r.info("empty").shape());
            assertEquals(0, r.readFloats("empty").length);
        }
    }

    @Test
    void everySixteenBitPatternSurvivesReadAndWriteBack() throws IOException {
        for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
            MemorySegment all = MemorySegment.ofArray(new short[65536]);
            for (int i = 0; i < 65536; i++) {
                all.setAtIndex(SafetensorsFile.I16_LE, i, (short) i);
            }
            Path in = dir.resolve("in" + dtype + ".safetensors");
            Path out = dir.resolve("out" + dtype + ".safetensors");
            new SafetensorsWriter().putRaw("x", dtype, new int[] {65536}, all).write(in);
            try (SafetensorsFile r = SafetensorsFile.open(in)) {
                new SafetensorsWriter().putFloats("x", new int[] {65536}, r.readFloats("x"), dtype).write(out);
            }
            try (SafetensorsFile r = SafetensorsFile.open(out)) {
                MemorySegment back = r.segment("x");
                for (int i = 0; i < 65536; i++) {
                    assertEquals((short) i, back.getAtIndex(SafetensorsFile.I16_LE, i), dtype + " pattern " + i);
                }
            }
        }
    }

    @Test
    void bf16RoundsToNearestEven() {
        // 1 + 2^-8 lies halfway between 1 (0x3F80) and 1 + 2^-7 (0x3F81): ties go to the even one.
        assertEquals((short) 0x3F80, HalfFloats.floatToBf16(1f + 0x1p-8f));
        // 1 + 3 * 2^-8 lies halfway between 0x3F81 and 0x3F82: the even one is 0x3F82.
        assertEquals((short) 0x3F82, HalfFloats.floatToBf16(1f + 3 * 0x1p-8f));
        // just above halfway rounds up
        assertEquals((short) 0x3F81, HalfFloats.floatToBf16(Math.nextUp(1f + 0x1p-8f)));
        assertEquals((short) 0xBF80, HalfFloats.floatToBf16(-1f));
        assertEquals((short) 0x7F80, HalfFloats.floatToBf16(Float.MAX_VALUE), "rounds past the largest bf16");
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.intBitsToFloat(0x7F800001)))));
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path p = dir.resolve("m.safetensors");
        new SafetensorsWriter().putFloats("a", new int[] {1}, new float[] {1}).write(p);
        try (SafetensorsFile open = SafetensorsFile.open(p)) {
            new SafetensorsWriter().putFloats("a", new int[] {2}, new float[] {2, 3}).write(p);
            // the open mapping still sees the file it opened
            assertArrayEquals(new float[] {1}, open.readFloats("a"));
        }
        try (SafetensorsFile again = SafetensorsFile.open(p)) {
            assertArrayEquals(new float[] {2, 3}, again.readFloats("a"));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void aFailedWriteLeavesTheTargetUntouched() throws IOException {
        Path p = dir.resolve("keep.safetensors");
        Files.writeString(p, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(p, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(p));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aWriteIntoAMissingDirectoryNamesTheDirectory() {
        Path p = dir.resolve("absent").resolve("out.safetensors");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> AtomicFiles.writeString(p, "x"));
        assertEquals(dir.resolve("absent").toAbsolutePath().toString(), e.getFile());
        assertTrue(e.getMessage().contains("the directory to write out.safetensors into does not exist"),
                e.getMessage());
    }

    @Test
    void writerRefusesInconsistentInput() {
        SafetensorsWriter w = new SafetensorsWriter().putFloats("a", new int[] {2}, new float[2]);
        assertThrows(IllegalArgumentException.class, () -> w.putFloats("a", new int[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> w.putFloats("b", new int[] {3}, new float[2]));
        assertThrows(IllegalArgumentException.class, () -> w.putFloats("__metadata__", new int[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> w.putFloats("c", new int[] {1}, new float[1], DType.I32));
        assertThrows(IllegalArgumentException.class,
                () -> w.putRaw("d", DType.F32, new int[] {2}, MemorySegment.ofArray(new byte[7])));
    }

    @Test
    void checkAgainstReportsMissingThenShapeThenExtraTensors() throws IOException {
        Path p = dir.resolve("c.safetensors");
        new SafetensorsWriter().putFloats("a", new int[] {2, 2}, new float[4])
                .putFloats("b", new int[] {3}, new float[3])
                .putFloats("buffer.bias", new int[] {1}, new float[1]).write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            Map<String, int[]> ok = new LinkedHashMap<>();
            ok.put("a", new int[] {2, 2});
            ok.put("b", new int[] {3});
            f.checkAgainst(ok, name -> name.endsWith(".bias"), "config.json");

            ModelFormatException extra = assertThrows(ModelFormatException.class,
                    () -> f.checkAgainst(ok, name -> false, "config.json"));
            assertEquals(Problem.EXTRA_TENSOR, extra.problem());
            assertEquals(p + ": tensor 'buffer.bias' is not part of the model that config.json describes",
                    extra.getMessage());

            Map<String, int[]> shape = new LinkedHashMap<>(ok);
            shape.put("b", new int[] {4});
            ModelFormatException s = assertThrows(ModelFormatException.class,
                    () -> f.checkAgainst(shape, name -> true, "config.json"));
            assertEquals(Problem.SHAPE_MISMATCH, s.problem());
            assertEquals(p + ": tensor 'b' has shape [3] but config.json implies [4]", s.getMessage());

            Map<String, int[]> missing = new LinkedHashMap<>(shape);
            missing.put("c", new int[] {1});
            ModelFormatException m = assertThrows(ModelFormatException.class,
                    () -> f.checkAgainst(missing, name -> true, "config.json"));
            assertEquals(Problem.MISSING_TENSOR, m.problem());
            assertEquals(p + ": tensor 'c' [1] that config.json implies is missing", m.getMessage());

            ModelFormatException byName = assertThrows(ModelFormatException.class, () -> f.readFloats("zzz"));
            assertEquals(Problem.MISSING_TENSOR, byName.problem());
        }
    }

    @Test
    void closingTwiceIsHarmlessAndSegmentsDieWithTheFile() throws IOException {
        Path p = dir.resolve("x.safetensors");
        new SafetensorsWriter().putFloats("a", new int[] {1}, new float[] {1}).write(p);
        SafetensorsFile f = SafetensorsFile.open(p);
        MemorySegment s = f.segment("a");
        f.close();
        f.close();
        assertFalse(s.scope().isAlive());
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
    }

    static byte[] twoTensorFile() {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        return RawSafetensors.bytes(header, RawSafetensors.f32(1, 2, 3));
    }

    private ModelFormatException refused(String name, byte[] content, Problem expected, String detail)
            throws IOException {
        Path p = RawSafetensors.write(dir, name, content);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> {
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                f.tensors().keySet().forEach(t -> { });
            }
        });
        assertEquals(expected, e.problem(), e.getMessage());
        assertEquals(p, e.file());
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
        return e;
    }

    @Test
    void aValidFileOpens() throws IOException {
        Path p = RawSafetensors.write(dir, "ok.safetensors", twoTensorFile());
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertArrayEquals(new float[] {3}, f.readFloats("b"));
        }
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        byte[] ok = twoTensorFile();
        refused("cut.safetensors", Arrays.copyOf(ok, ok.length - 1), Problem.TRUNCATED,
                "file is truncated: tensor 'b' needs the data section to reach byte 12 but it has only 11 bytes");
        refused("tiny.safetensors", new byte[5], Problem.TRUNCATED,
                "file is truncated: 5 bytes, shorter than the 8-byte header length");
        refused("empty.safetensors", new byte[0], Problem.TRUNCATED, "0 bytes");
    }

    @Test
    void refusesAHeaderLengthPastTheEndWithoutAllocatingIt() throws IOException {
        byte[] h = "{}".getBytes(StandardCharsets.UTF_8);
        refused("len.safetensors", RawSafetensors.bytes(1L << 40, h, new byte[0]), Problem.HEADER_LENGTH_PAST_END,
                "header length 1099511627776 runs past the end of the file (10 bytes)");
        refused("neg.safetensors", RawSafetensors.bytes(-1L, h, new byte[0]), Problem.HEADER_LENGTH_PAST_END,
                "header length 18446744073709551615 runs past the end");
        refused("one.safetensors", RawSafetensors.bytes(3, h, new byte[0]), Problem.HEADER_LENGTH_PAST_END,
                "header length 3 runs past the end of the file (10 bytes)");
    }

    @Test
    void refusesAHeaderThatIsNotJson() throws IOException {
        refused("text.safetensors", RawSafetensors.bytes("hello world", new byte[0]), Problem.NOT_JSON,
                "header is not JSON");
        refused("open.safetensors", RawSafetensors.bytes("{\"a\":{\"dtype\":\"F32\"", new byte[0]),
                Problem.NOT_JSON, "header is not JSON");
        refused("trailing.safetensors", RawSafetensors.bytes("{} {}", new byte[0]), Problem.NOT_JSON,
                "header has content after its JSON object");
        refused("lenient.safetensors", RawSafetensors.bytes("{a:1}", new byte[0]), Problem.NOT_JSON,
                "header is not JSON");
        byte[] badUtf8 = {'{', '"', (byte) 0xC3, '"', ':', '1', '}'};
        refused("utf8.safetensors", RawSafetensors.bytes(badUtf8.length, badUtf8, new byte[0]), Problem.NOT_JSON,
                "header is not valid UTF-8");
        refused("array.safetensors", RawSafetensors.bytes("[1,2]", new byte[0]), Problem.BAD_FIELD,
                "the header is an array, expected an object");
        refused("deep.safetensors", RawSafetensors.bytes("{\"__metadata__\":" + "[".repeat(100_000), new byte[0]),
                Problem.BAD_FIELD, "'__metadata__' is an array, expected an object");
    }

    @Test
    void refusesBadFieldsByName() throws IOException {
        refused("noshape.safetensors", RawSafetensors.bytes("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,0]}}",
                new byte[0]), Problem.BAD_FIELD, "tensor 'a' has no 'shape' field");
        refused("negdim.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", new byte[0]),
                Problem.BAD_FIELD, "tensor 'a' field 'shape' holds -1, expected a non-negative integer");
        refused("fracdim.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new byte[0]),
                Problem.BAD_FIELD, "tensor 'a' field 'shape' holds 1.5");
        refused("extra.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":1}}", new byte[4]),
                Problem.BAD_FIELD, "tensor 'a' has unexpected field 'x'");
        refused("dup.safetensors", RawSafetensors.bytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":"
                + "[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}}", new byte[8]),
                Problem.BAD_FIELD, "tensor 'a' appears twice in the header");
        refused("meta.safetensors", RawSafetensors.bytes("{\"__metadata__\":{\"k\":1}}", new byte[0]),
                Problem.BAD_FIELD, "'__metadata__' entry 'k' is a number, expected a string");
        refused("three.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4,8]}}", new byte[4]),
                Problem.BAD_FIELD, "tensor 'a' field 'data_offsets' has more than two numbers");
    }

    @Test
    void refusesOverlappingOffsets() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        refused("overlap.safetensors", RawSafetensors.bytes(header, RawSafetensors.f32(1, 2)),
                Problem.OVERLAPPING_OFFSETS, "tensor 'b' data_offsets [4, 8] overlap tensor 'a' [0, 8]");
    }

    @Test
    void refusesOutOfRangeOffsets() throws IOException {
        String past = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4000000000000,4000000000004]}}";
        refused("past.safetensors", RawSafetensors.bytes(past, RawSafetensors.f32(1, 2, 3)),
                Problem.OFFSETS_OUT_OF_RANGE,
                "tensor 'b' data_offsets [4000000000000, 4000000000004] lie past the end of the 12-byte data section");
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        refused("gap.safetensors", RawSafetensors.bytes(gap, RawSafetensors.f32(1, 2, 3)),
                Problem.OFFSETS_OUT_OF_RANGE, "bytes [4, 8) of the data section belong to no tensor");
        String tail = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        refused("tail.safetensors", RawSafetensors.bytes(tail, RawSafetensors.f32(1, 2)),
                Problem.OFFSETS_OUT_OF_RANGE, "bytes [4, 8) at the end of the data section belong to no tensor");
        String backwards = "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}";
        refused("back.safetensors", RawSafetensors.bytes(backwards, RawSafetensors.f32(1)),
                Problem.OFFSETS_OUT_OF_RANGE, "[4, 0] ends before it begins");
    }

    @Test
    void refusesUnknownAndUnsupportedDtypesByName() throws IOException {
        refused("unknown.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                Problem.UNKNOWN_DTYPE, "tensor 'a' has unknown dtype 'F33' (supported: F32, F16, BF16, I32, I64)");
        refused("f64.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]),
                Problem.UNSUPPORTED_DTYPE, "tensor 'a' has dtype F64, which Graft does not read");
        refused("bool.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]),
                Problem.UNSUPPORTED_DTYPE, "dtype BOOL");
    }

    @Test
    void refusesAByteSizeThatDisagreesWithTheShapeWithoutAllocatingIt() throws IOException {
        refused("size.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]),
                Problem.SIZE_MISMATCH, "tensor 'a': data_offsets [0, 12] hold 12 bytes but F32 [2, 2] needs 16");
        refused("huge.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,4]}}",
                new byte[4]), Problem.SIZE_MISMATCH, "has more bytes than a file can hold");
        refused("bigdim.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,4]}}", new byte[4]),
                Problem.SIZE_MISMATCH, "dimension 4294967296 in 'shape' exceeds 2147483647");
        // consistent shape and offsets far beyond the file: refused from the header, nothing read or allocated
        refused("claims.safetensors", RawSafetensors.bytes(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,4000000000000]}}",
                new byte[4]), Problem.TRUNCATED, "needs the data section to reach byte 4000000000000");
    }
}
