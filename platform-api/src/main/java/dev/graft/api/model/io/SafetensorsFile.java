package dev.graft.api.model.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelFormatException.Problem;
import dev.graft.api.tensor.DType;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A safetensors file opened for reading: the header is parsed and checked eagerly, tensor data is read lazily
 * from a read-only memory mapping.
 *
 * <p>The format is an 8-byte little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON mapping
 * each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (plus an optional
 * {@code "__metadata__"} object of strings), then the data section, little-endian and row-major.
 *
 * <p>{@link #open} refuses, with a {@link ModelFormatException} naming the file and the problem, every file
 * that is not well-formed: shorter than 8 bytes or than its header promises, a header length past the end of
 * the file or above {@link #MAX_HEADER_BYTES}, a header that is not strict UTF-8 JSON or whose fields have the
 * wrong type, a duplicated tensor name, a dtype the format does not define ({@code UNKNOWN_DTYPE}) or one Graft
 * does not read ({@code UNSUPPORTED_DTYPE}: everything but F32, F16, BF16, I32, I64), a byte range whose size
 * disagrees with dtype and shape, overlapping ranges, and ranges that leave part of the data section unowned or
 * reach past it. Nothing is allocated in proportion to a length before that length has been checked against
 * the file's size.
 *
 * <p>Tensor data is not read until asked for: {@link #readFloats}, {@link #readInts} and {@link #readLongs}
 * copy one tensor into a new Java array, converting F16/BF16 to float and narrowing I64 (with a range check);
 * {@link #segment} gives the raw bytes without copying. The mapping stays valid until {@link #close()}, which
 * must be called (use try-with-resources); segments obtained earlier become inaccessible then. Reads may run
 * concurrently from several threads, but not concurrently with {@code close()}. Changing the file on disk while
 * it is open is not supported (a shrinking file makes reads fail).
 *
 * <pre>{@code
 * try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
 *     float[] wte = f.readFloats("transformer.wte.weight");   // [vocab * n_embd], row-major
 *     int[] shape = f.info("transformer.wte.weight").shape();
 * }
 * }</pre>
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The largest header accepted, in bytes (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The key of the free-form string metadata in the header. */
    public static final String METADATA_KEY = "__metadata__";

    /** Dtype names the format defines that Graft does not read. */
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of("BOOL", "U8", "I8", "I16", "U16", "U32", "U64",
            "F64", "C64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4");

    static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment data;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, MemorySegment data, Map<String, TensorInfo> tensors,
                            Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.data = data;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Maps and checks a safetensors file.
     *
     * @param path the file
     * @return the open file; close it
     * @throws ModelFormatException if the file is not a well-formed safetensors file Graft can read
     * @throws IOException          if it cannot be opened or mapped
     */
    public static SafetensorsFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new ModelFormatException(path, Problem.TRUNCATED,
                        "file is truncated: " + size + " bytes, shorter than the 8-byte header length");
            }
            MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLength = whole.get(I64_LE, 0);
            if (headerLength < 0 || headerLength > size - 8) {
                throw new ModelFormatException(path, Problem.HEADER_LENGTH_PAST_END, "header length "
                        + Long.toUnsignedString(headerLength) + " runs past the end of the file (" + size + " bytes)");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw new ModelFormatException(path, Problem.HEADER_LENGTH_PAST_END, "header length " + headerLength
                        + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            }
            byte[] headerBytes = whole.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment dataSection = whole.asSlice(8 + headerLength);
            Header header = parseHeader(path, headerBytes);
            checkLayout(path, header.tensors.values(), dataSection.byteSize());
            return new SafetensorsFile(path, arena, dataSection, Collections.unmodifiableMap(header.tensors),
                    Collections.unmodifiableMap(header.metadata));
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    private record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
    }

    private static Header parseHeader(Path path, byte[] bytes) throws ModelFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(path, Problem.NOT_JSON, "header is not valid UTF-8");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonReader in = new JsonReader(new StringReader(text));
        in.setStrictness(Strictness.STRICT);
        try {
            expect(path, in, JsonToken.BEGIN_OBJECT, "the header");
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                if (name.equals(METADATA_KEY)) {
                    readMetadata(path, in, metadata);
                } else {
                    if (tensors.containsKey(name)) {
                        throw new ModelFormatException(path, Problem.BAD_FIELD,
                                "tensor '" + name + "' appears twice in the header");
                    }
                    tensors.put(name, readEntry(path, in, name));
                }
            }
            in.endObject();
            boolean trailing;
            try {
                trailing = in.peek() != JsonToken.END_DOCUMENT;
            } catch (MalformedJsonException e) {
                trailing = true;
            }
            if (trailing) {
                throw new ModelFormatException(path, Problem.NOT_JSON, "header has content after its JSON object");
            }
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException | IllegalStateException e) {
            // MalformedJsonException and EOFException for syntax errors, IllegalStateException for a token
            // of the wrong kind that no peek() caught.
            throw new ModelFormatException(path, Problem.NOT_JSON, "header is not JSON: " + where(e));
        }
        return new Header(tensors, metadata);
    }

    private static String where(Exception e) {
        Matcher m = SYNTAX_POSITION.matcher(String.valueOf(e.getMessage()));
        String at = m.find() ? " at line " + m.group(1) + " column " + m.group(2) : "";
        return (e instanceof EOFException ? "it ends early" : "syntax error") + at;
    }

    private static final Pattern SYNTAX_POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private static void readMetadata(Path path, JsonReader in, Map<String, String> metadata) throws IOException {
        if (in.peek() == JsonToken.NULL) {
            in.nextNull();
            return;
        }
        expect(path, in, JsonToken.BEGIN_OBJECT, "'" + METADATA_KEY + "'");
        in.beginObject();
        while (in.hasNext()) {
            String key = in.nextName();
            expect(path, in, JsonToken.STRING, "'" + METADATA_KEY + "' entry '" + key + "'");
            if (metadata.put(key, in.nextString()) != null) {
                throw new ModelFormatException(path, Problem.BAD_FIELD,
                        "'" + METADATA_KEY + "' entry '" + key + "' appears twice");
            }
        }
        in.endObject();
    }

    private static TensorInfo readEntry(Path path, JsonReader in, String name) throws IOException {
        String where = "tensor '" + name + "'";
        expect(path, in, JsonToken.BEGIN_OBJECT, where);
        in.beginObject();
        String dtypeName = null;
        int[] shape = null;
        long[] offsets = null;
        while (in.hasNext()) {
            String key = in.nextName();
            switch (key) {
                case "dtype" -> {
                    if (dtypeName != null) {
                        throw duplicate(path, where, key);
                    }
                    expect(path, in, JsonToken.STRING, where + " field 'dtype'");
                    dtypeName = in.nextString();
                }
                case "shape" -> {
                    if (shape != null) {
                        throw duplicate(path, where, key);
                    }
                    shape = readShape(path, in, where);
                }
                case "data_offsets" -> {
                    if (offsets != null) {
                        throw duplicate(path, where, key);
                    }
                    offsets = readOffsets(path, in, where);
                }
                default -> throw new ModelFormatException(path, Problem.BAD_FIELD,
                        where + " has unexpected field '" + key + "' (expected dtype, shape, data_offsets)");
            }
        }
        in.endObject();
        if (dtypeName == null || shape == null || offsets == null) {
            String missing = dtypeName == null ? "dtype" : shape == null ? "shape" : "data_offsets";
            throw new ModelFormatException(path, Problem.BAD_FIELD, where + " has no '" + missing + "' field");
        }
        DType dtype = dtypeFor(path, where, dtypeName);
        long bytes;
        try {
            long numel = 1;
            for (int d : shape) {
                numel = Math.multiplyExact(numel, d);
            }
            bytes = Math.multiplyExact(numel, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new ModelFormatException(path, Problem.SIZE_MISMATCH,
                    where + ": shape " + Arrays.toString(shape) + " has more bytes than a file can hold");
        }
        if (offsets[1] - offsets[0] != bytes) {
            throw new ModelFormatException(path, Problem.SIZE_MISMATCH, where + ": data_offsets [" + offsets[0] + ", "
                    + offsets[1] + "] hold " + (offsets[1] - offsets[0]) + " bytes but " + dtypeName + " "
                    + Arrays.toString(shape) + " needs " + bytes);
        }
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static int[] readShape(Path path, JsonReader in, String where) throws IOException {
        expect(path, in, JsonToken.BEGIN_ARRAY, where + " field 'shape'");
        in.beginArray();
        List<Integer> dims = new ArrayList<>();
        while (in.hasNext()) {
            long d = readNonNegativeLong(path, in, where + " field 'shape'");
            if (d > Integer.MAX_VALUE) {
                throw new ModelFormatException(path, Problem.SIZE_MISMATCH,
                        where + ": dimension " + d + " in 'shape' exceeds " + Integer.MAX_VALUE);
            }
            dims.add((int) d);
        }
        in.endArray();
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long[] readOffsets(Path path, JsonReader in, String where) throws IOException {
        String field = where + " field 'data_offsets'";
        expect(path, in, JsonToken.BEGIN_ARRAY, field);
        in.beginArray();
        long[] offsets = new long[2];
        int n = 0;
        while (in.hasNext()) {
            if (n == 2) {
                throw new ModelFormatException(path, Problem.BAD_FIELD, field + " has more than two numbers");
            }
            offsets[n++] = readNonNegativeLong(path, in, field);
        }
        in.endArray();
        if (n != 2) {
            throw new ModelFormatException(path, Problem.BAD_FIELD, field + " has " + n + " numbers, expected two");
        }
        if (offsets[1] < offsets[0]) {
            throw new ModelFormatException(path, Problem.OFFSETS_OUT_OF_RANGE,
                    field + " [" + offsets[0] + ", " + offsets[1] + "] ends before it begins");
        }
        return offsets;
    }

    private static long readNonNegativeLong(Path path, JsonReader in, String field) throws IOException {
        expect(path, in, JsonToken.NUMBER, field);
        String text = in.nextString();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ModelFormatException(path, Problem.BAD_FIELD,
                    field + " holds " + text + ", expected a non-negative integer below 2^63");
        }
        if (value < 0) {
            throw new ModelFormatException(path, Problem.BAD_FIELD,
                    field + " holds " + text + ", expected a non-negative integer");
        }
        return value;
    }

    private static void expect(Path path, JsonReader in, JsonToken token, String what) throws IOException {
        JsonToken actual = in.peek();
        if (actual != token) {
            throw new ModelFormatException(path, Problem.BAD_FIELD, what + " is " + describe(actual) + ", expected "
                    + describe(token));
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case BEGIN_OBJECT -> "an object";
            case BEGIN_ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case END_DOCUMENT -> "missing";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static ModelFormatException duplicate(Path path, String where, String key) {
        return new ModelFormatException(path, Problem.BAD_FIELD, where + " has field '" + key + "' twice");
    }

    private static DType dtypeFor(Path path, String where, String name) throws ModelFormatException {
        for (DType t : DType.values()) {
            if (t.safetensorsName().equals(name)) {
                return t;
            }
        }
        String supported = Arrays.stream(DType.values()).map(DType::safetensorsName)
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        if (KNOWN_UNSUPPORTED.contains(name)) {
            throw new ModelFormatException(path, Problem.UNSUPPORTED_DTYPE,
                    where + " has dtype " + name + ", which Graft does not read (supported: " + supported + ")");
        }
        throw new ModelFormatException(path, Problem.UNKNOWN_DTYPE, where + " has unknown dtype '"
                + shorten(name) + "' (supported: " + supported + ")");
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Checks that the byte ranges tile the data section exactly: no overlap, no gap, nothing past the end. */
    private static void checkLayout(Path path, java.util.Collection<TensorInfo> entries, long dataSize)
            throws ModelFormatException {
        List<TensorInfo> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long covered = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < covered) {
                throw new ModelFormatException(path, Problem.OVERLAPPING_OFFSETS, "tensor '" + t.name()
                        + "' data_offsets [" + t.begin() + ", " + t.end() + "] overlap tensor '" + previous.name()
                        + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (t.begin() > covered) {
                if (t.begin() >= dataSize) {
                    throw new ModelFormatException(path, Problem.OFFSETS_OUT_OF_RANGE, "tensor '" + t.name()
                            + "' data_offsets [" + t.begin() + ", " + t.end() + "] lie past the end of the "
                            + dataSize + "-byte data section");
                }
                throw new ModelFormatException(path, Problem.OFFSETS_OUT_OF_RANGE, "bytes [" + covered + ", "
                        + t.begin() + ") of the data section belong to no tensor");
            }
            covered = t.end();
            previous = t;
        }
        if (covered > dataSize) {
            throw new ModelFormatException(path, Problem.TRUNCATED, "file is truncated: tensor '" + previous.name()
                    + "' needs the data section to reach byte " + covered + " but it has only " + dataSize
                    + " bytes");
        }
        if (covered < dataSize) {
            throw new ModelFormatException(path, Problem.OFFSETS_OUT_OF_RANGE, "bytes [" + covered + ", " + dataSize
                    + ") at the end of the data section belong to no tensor");
        }
    }

    /** @return the file this was opened from */
    public Path path() {
        return path;
    }

    /** @return every tensor entry, by name, in header order */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** @return the header's {@code __metadata__} strings (empty if it had none), in header order */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return whether the file holds a tensor of this name */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /**
     * @param name a tensor name
     * @return its entry
     * @throws ModelFormatException ({@code MISSING_TENSOR}) if the file holds no such tensor
     */
    public TensorInfo info(String name) throws ModelFormatException {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new ModelFormatException(path, Problem.MISSING_TENSOR,
                    "no tensor '" + name + "' (the file holds " + tensors.size() + " tensors)");
        }
        return t;
    }

    /**
     * The raw little-endian bytes of one tensor, without copying.
     *
     * @return a read-only segment valid until {@link #close()}
     * @throws ModelFormatException ({@code MISSING_TENSOR}) if the file holds no such tensor
     */
    public MemorySegment segment(String name) throws ModelFormatException {
        TensorInfo t = info(name);
        return data.asSlice(t.begin(), t.byteSize());
    }

    /**
     * Reads a floating-point tensor into a new array, converting F16 and BF16 exactly to float.
     *
     * @return the elements, row-major
     * @throws ModelFormatException if the tensor is missing ({@code MISSING_TENSOR}), is not F32/F16/BF16
     *                              ({@code WRONG_DTYPE}) or has more elements than a Java array holds
     *                              ({@code SIZE_MISMATCH})
     */
    public float[] readFloats(String name) throws ModelFormatException {
        TensorInfo t = info(name);
        int n = arrayLength(t);
        MemorySegment s = data.asSlice(t.begin(), t.byteSize());
        float[] out = new float[n];
        switch (t.dtype()) {
            case F32 -> MemorySegment.copy(s, F32_LE, 0, out, 0, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.f16ToFloat(s.getAtIndex(I16_LE, i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.bf16ToFloat(s.getAtIndex(I16_LE, i));
                }
            }
            default -> throw wrongDtype(t, "a floating-point dtype (F32, F16, BF16)");
        }
        return out;
    }

    /**
     * Reads a floating-point tensor into an existing array, converting F16 and BF16 exactly to float, without
     * allocating: how a loader fills a model's parameter storage straight from the mapping.
     *
     * @param dst    the array to fill
     * @param offset where the first element goes
     * @throws ModelFormatException if the tensor is missing ({@code MISSING_TENSOR}) or not F32/F16/BF16
     *                              ({@code WRONG_DTYPE})
     * @throws IllegalArgumentException if {@code dst} has fewer than {@code offset + numel} elements
     */
    public void readFloatsInto(String name, float[] dst, int offset) throws ModelFormatException {
        TensorInfo t = info(name);
        long n = t.numel();
        if (offset < 0 || offset + n > dst.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + n + " elements; they do not fit at "
                    + offset + " in an array of " + dst.length);
        }
        MemorySegment s = data.asSlice(t.begin(), t.byteSize());
        int len = (int) n;
        switch (t.dtype()) {
            case F32 -> MemorySegment.copy(s, F32_LE, 0, dst, offset, len);
            case F16 -> {
                for (int i = 0; i < len; i++) {
                    dst[offset + i] = HalfFloats.f16ToFloat(s.getAtIndex(I16_LE, i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < len; i++) {
                    dst[offset + i] = HalfFloats.bf16ToFloat(s.getAtIndex(I16_LE, i));
                }
            }
            default -> throw wrongDtype(t, "a floating-point dtype (F32, F16, BF16)");
        }
    }

    /**
     * Reads an integer tensor into a new {@code int[]}; I64 values must fit in an int.
     *
     * @throws ModelFormatException if the tensor is missing, not I32/I64 ({@code WRONG_DTYPE}), too large for an
     *                              array or holds an I64 value outside the int range ({@code BAD_FIELD})
     */
    public int[] readInts(String name) throws ModelFormatException {
        TensorInfo t = info(name);
        int n = arrayLength(t);
        MemorySegment s = data.asSlice(t.begin(), t.byteSize());
        int[] out = new int[n];
        switch (t.dtype()) {
            case I32 -> MemorySegment.copy(s, I32_LE, 0, out, 0, n);
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    long v = s.getAtIndex(I64_LE, i);
                    if (v != (int) v) {
                        throw new ModelFormatException(path, Problem.BAD_FIELD, "tensor '" + name + "' element " + i
                                + " is " + v + ", outside the 32-bit range it is read into");
                    }
                    out[i] = (int) v;
                }
            }
            default -> throw wrongDtype(t, "an integer dtype (I32, I64)");
        }
        return out;
    }

    /**
     * Reads an integer tensor into a new {@code long[]} (I32 is widened).
     *
     * @throws ModelFormatException if the tensor is missing, not I32/I64 ({@code WRONG_DTYPE}) or too large
     */
    public long[] readLongs(String name) throws ModelFormatException {
        TensorInfo t = info(name);
        int n = arrayLength(t);
        MemorySegment s = data.asSlice(t.begin(), t.byteSize());
        long[] out = new long[n];
        switch (t.dtype()) {
            case I64 -> MemorySegment.copy(s, I64_LE, 0, out, 0, n);
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = s.getAtIndex(I32_LE, i);
                }
            }
            default -> throw wrongDtype(t, "an integer dtype (I32, I64)");
        }
        return out;
    }

    private int arrayLength(TensorInfo t) throws ModelFormatException {
        long n = t.numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException(path, Problem.SIZE_MISMATCH, "tensor '" + t.name() + "' has " + n
                    + " elements, more than a Java array holds");
        }
        return (int) n;
    }

    private ModelFormatException wrongDtype(TensorInfo t, String expected) {
        return new ModelFormatException(path, Problem.WRONG_DTYPE,
                "tensor '" + t.name() + "' has dtype " + t.dtype().safetensorsName() + ", expected " + expected);
    }

    /**
     * Checks that the file holds exactly the tensors a model needs, with the shapes it needs.
     *
     * <p>Problems are reported in this order: a needed tensor that is absent ({@code MISSING_TENSOR}), a tensor
     * whose shape differs ({@code SHAPE_MISMATCH}), a tensor the model does not have ({@code EXTRA_TENSOR}) unless
     * {@code tolerated} accepts its name (checkpoints may carry buffers or duplicated tied weights).
     *
     * @param expected  each needed tensor's name and shape
     * @param tolerated names of extra tensors that are ignored
     * @param source    where the expectations come from, for the message (for example {@code "config.json"})
     * @throws ModelFormatException for the first disagreement
     */
    public void checkAgainst(Map<String, int[]> expected, java.util.function.Predicate<String> tolerated,
                             String source) throws ModelFormatException {
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            if (!tensors.containsKey(e.getKey())) {
                throw new ModelFormatException(path, Problem.MISSING_TENSOR, "tensor '" + e.getKey() + "' "
                        + Arrays.toString(e.getValue()) + " that " + source + " implies is missing");
            }
        }
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            TensorInfo t = tensors.get(e.getKey());
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new ModelFormatException(path, Problem.SHAPE_MISMATCH, "tensor '" + t.name() + "' has shape "
                        + Arrays.toString(t.shape()) + " but " + source + " implies " + Arrays.toString(e.getValue()));
            }
        }
        for (String name : tensors.keySet()) {
            if (!expected.containsKey(name) && !tolerated.test(name)) {
                throw new ModelFormatException(path, Problem.EXTRA_TENSOR, "tensor '" + name
                        + "' is not part of the model that " + source + " describes");
            }
        }
    }

    /** Unmaps the file; segments from {@link #segment} become inaccessible. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
