package dev.graft.api.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.api.internal.StrictJson;
import dev.graft.api.model.ModelFormatException.Problem;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A batch as Hugging Face models take it, under the keys of {@code transformers}' {@code forward}:
 * {@code input_ids} and {@code attention_mask} {@code [B, T]}, optionally {@code token_type_ids} {@code [B, T]},
 * {@code decoder_input_ids} {@code [B, Tt]} and {@code labels} ({@code [B, T]} or {@code [B, Tt]} token labels
 * with -100 for ignored positions, or {@code [B]} / {@code [B, L]} sequence labels, numbers).
 *
 * <p>{@link #readJson} reads it from a JSON object of nested arrays (the format of the reference fixtures'
 * {@code reference.json}; other keys are ignored). Immutable; arrays are copied in and out.
 *
 * @param inputIds       {@code input_ids}
 * @param attentionMask  {@code attention_mask}, all ones when the file has none
 * @param tokenTypeIds   {@code token_type_ids}, or null
 * @param decoderInputIds {@code decoder_input_ids}, or null
 * @param labels         {@code labels}, or null
 */
public record HfBatch(Values inputIds, Values attentionMask, Values tokenTypeIds, Values decoderInputIds,
                      Values labels) {

    /**
     * A rectangular array of numbers, row-major.
     *
     * @param data  the numbers
     * @param shape the dimensions
     */
    public record Values(double[] data, int[] shape) {
        /** Checks and copies. */
        public Values {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException(data.length + " values do not fill shape " + Arrays.toString(shape));
            }
            data = data.clone();
            shape = shape.clone();
        }

        /** @return a copy of the numbers */
        @Override
        public double[] data() {
            return data.clone();
        }

        /** @return a copy of the shape */
        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** @return the dimension {@code axis} */
        public int size(int axis) {
            return shape[axis];
        }

        /** @return the numbers as ints (callers check {@link #integral()} first) */
        public int[] ints() {
            int[] out = new int[data.length];
            for (int i = 0; i < data.length; i++) {
                out[i] = (int) data[i];
            }
            return out;
        }

        /** @return whether every number is an integer in the int range */
        public boolean integral() {
            for (double d : data) {
                if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                    return false;
                }
            }
            return true;
        }

        /** @return an I32 tensor of the values */
        public Tensor intTensor(ComputeBackend backend) {
            return Tensor.ofInts(backend, ints(), shape);
        }

        /** @return an F32 tensor of the values */
        public Tensor floatTensor(ComputeBackend backend) {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return Tensor.of(backend, f, shape);
        }

        /** @return whether the value at a flat index differs from {@code v} */
        public boolean isNot(int index, double v) {
            return data[index] != v;
        }

        /** @return a values record from int rows (all of one length) */
        public static Values of(int[][] rows) {
            int cols = rows.length == 0 ? 0 : rows[0].length;
            double[] d = new double[rows.length * cols];
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != cols) {
                    throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has "
                            + cols);
                }
                for (int j = 0; j < cols; j++) {
                    d[i * cols + j] = rows[i][j];
                }
            }
            return new Values(d, new int[] {rows.length, cols});
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Values v && Arrays.equals(data, v.data) && Arrays.equals(shape, v.shape);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return "Values" + Arrays.toString(shape);
        }
    }

    /**
     * Checks that the token arrays agree in shape and hold integers.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    public HfBatch {
        Objects.requireNonNull(inputIds, "input_ids");
        if (inputIds.shape().length != 2 || !inputIds.integral()) {
            throw new IllegalArgumentException("input_ids must be a [batch, length] array of integers");
        }
        if (attentionMask == null) {
            double[] ones = new double[inputIds.data.length];
            Arrays.fill(ones, 1);
            attentionMask = new Values(ones, inputIds.shape);
        }
        same("attention_mask", attentionMask, inputIds);
        if (tokenTypeIds != null) {
            same("token_type_ids", tokenTypeIds, inputIds);
        }
        if (decoderInputIds != null && (decoderInputIds.shape.length != 2 || !decoderInputIds.integral()
                || decoderInputIds.shape[0] != inputIds.shape[0])) {
            throw new IllegalArgumentException("decoder_input_ids must be a [" + inputIds.shape[0]
                    + ", length] array of integers");
        }
        if (labels != null && (labels.shape.length == 0 || labels.shape[0] != inputIds.shape[0])) {
            throw new IllegalArgumentException("labels must have " + inputIds.shape[0] + " rows, one per sequence");
        }
    }

    private static void same(String key, Values v, Values ids) {
        if (!Arrays.equals(v.shape, ids.shape) || !v.integral()) {
            throw new IllegalArgumentException(key + " must be integers of input_ids' shape "
                    + Arrays.toString(ids.shape) + ", got " + Arrays.toString(v.shape));
        }
    }

    /** @return a batch of token ids with an attention mask and optional labels (null) */
    public static HfBatch of(int[][] inputIds, int[][] attentionMask, int[][] labels) {
        return new HfBatch(Values.of(inputIds), attentionMask == null ? null : Values.of(attentionMask), null, null,
                labels == null ? null : Values.of(labels));
    }

    /** @return the batch size */
    public int batchSize() {
        return inputIds.shape[0];
    }

    /** @return the sequence length */
    public int length() {
        return inputIds.shape[1];
    }

    /** The keys {@link #readJson} reads, in order; it ignores any other key of the object. */
    public static final List<String> JSON_KEYS = List.of("input_ids", "attention_mask", "token_type_ids",
            "decoder_input_ids", "labels");

    /**
     * Reads a batch from a JSON file: an object with {@code input_ids} and optionally {@code attention_mask},
     * {@code token_type_ids}, {@code decoder_input_ids} and {@code labels}, each a nested array of numbers.
     * Other keys (a tokenizer's {@code offset_mapping}, say) are ignored; {@link #JSON_KEYS} lists the read ones.
     *
     * @throws ModelFormatException naming the file and the key if it is not such an object
     * @throws IOException          if it cannot be read
     */
    public static HfBatch readJson(Path file) throws IOException {
        return readJson(file, key -> { });
    }

    /**
     * {@link #readJson(Path)}, telling {@code ignoredKey} each key of the object that is not one of
     * {@link #JSON_KEYS}, in the file's order (so that a caller can warn about a misspelt key).
     *
     * @throws ModelFormatException naming the file and the key if it is not such an object
     * @throws IOException          if it cannot be read
     */
    public static HfBatch readJson(Path file, Consumer<String> ignoredKey) throws IOException {
        JsonObject o = StrictJson.readObject(file, 1L << 30);
        o.keySet().stream().filter(k -> !JSON_KEYS.contains(k)).forEach(ignoredKey);
        try {
            return new HfBatch(values(file, o, "input_ids", true), values(file, o, "attention_mask", false),
                    values(file, o, "token_type_ids", false), values(file, o, "decoder_input_ids", false),
                    values(file, o, "labels", false));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, Problem.BAD_FIELD, e.getMessage());
        }
    }

    private static Values values(Path file, JsonObject o, String key, boolean required) throws ModelFormatException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new ModelFormatException(file, Problem.BAD_FIELD, "has no '" + key + "'");
            }
            return null;
        }
        List<Integer> shape = new ArrayList<>();
        JsonElement cur = e;
        while (cur.isJsonArray()) {
            JsonArray a = cur.getAsJsonArray();
            shape.add(a.size());
            if (a.isEmpty()) {
                break;
            }
            cur = a.get(0);
        }
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException(file, Problem.BAD_FIELD, "'" + key + "' is too large");
        }
        double[] data = new double[(int) n];
        int[] at = {0};
        flatten(file, key, e, dims, 0, data, at);
        return new Values(data, dims);
    }

    private static void flatten(Path file, String key, JsonElement e, int[] dims, int depth, double[] out, int[] at)
            throws ModelFormatException {
        if (depth == dims.length) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw new ModelFormatException(file, Problem.BAD_FIELD, "'" + key + "' holds " + e
                        + " where a number belongs");
            }
            out[at[0]++] = e.getAsDouble();
            return;
        }
        if (!e.isJsonArray() || e.getAsJsonArray().size() != dims[depth]) {
            throw new ModelFormatException(file, Problem.BAD_FIELD, "'" + key + "' is not a rectangular array "
                    + Arrays.toString(dims));
        }
        for (JsonElement x : e.getAsJsonArray()) {
            flatten(file, key, x, dims, depth + 1, out, at);
        }
    }
}
