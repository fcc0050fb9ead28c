package dev.graft.api.model;

import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.model.io.SafetensorsWriter;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.HeapStorage;
import dev.graft.api.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Moves a model's parameters between its storage and a Hugging Face {@code model.safetensors}, under the
 * checkpoint's own tensor names ({@link PretrainedModule#checkpointParameters()}).
 *
 * <p><b>Loading</b> checks the file against the model first ({@link SafetensorsFile#checkAgainst}: every
 * tensor present with the shape the configuration implies, nothing unexpected unless tolerated), then copies
 * each tensor from the memory mapping straight into the parameter's storage: for heap storages no intermediate
 * array is made, so loading needs no memory beyond the model's own. F16 and BF16 tensors are widened exactly.
 * Two spellings of older checkpoints are accepted, as {@code transformers} does: names without the task
 * model's base prefix ({@code wte.weight} for {@code transformer.wte.weight}, a checkpoint of the bare model) and
 * {@code LayerNorm.gamma}/{@code beta} for {@code weight}/{@code bias}.
 *
 * <p><b>Saving</b> writes every checkpoint parameter as F32 with metadata {@code format: pt}, sorted by name, as
 * {@code save_pretrained} does; tied weights are stored once, under the name {@code transformers} keeps. Heap
 * storages are written from their own arrays, without a copy.
 */
public final class HfCheckpoint {
    private HfCheckpoint() {
    }

    /**
     * What a load accepts besides the exact set of tensors.
     *
     * @param basePrefix   the task model's base prefix without the dot ({@code bert}, {@code transformer}), or
     *                     empty if names are never prefixed
     * @param tolerated    extra tensors in the file that are ignored (buffers, duplicated tied weights, heads the
     *                     model does not have)
     * @param mayBeMissing parameters the file may lack; they keep their initial values
     * @param fresh        parameters never loaded, whatever the file holds (a new task head); file tensors of
     *                     these names are ignored
     */
    public record Rules(String basePrefix, Predicate<String> tolerated, Predicate<String> mayBeMissing,
                        Predicate<String> fresh) {
        /** @return rules accepting exactly the model's tensors */
        public static Rules exact() {
            return new Rules("", n -> false, n -> false, n -> false);
        }
    }

    /**
     * Loads every checkpoint parameter of a model from a safetensors file.
     *
     * @param model  the model, built from the configuration that describes the file
     * @param file   the {@code model.safetensors}
     * @param source where the expectations come from, for messages (usually the {@code config.json} path)
     * @param rules  tolerated extras, parameters that may be missing, and the base prefix
     * @return the names of the parameters not loaded (fresh, or missing where {@code rules} allow it), sorted
     * @throws ModelFormatException naming the file and the tensor for a missing, extra or misshapen tensor, or
     *                              a tensor that is not floating point
     * @throws IOException          if the file cannot be read
     */
    public static Set<String> load(PretrainedModule model, Path file, String source, Rules rules) throws IOException {
        Map<String, Tensor> params = model.checkpointParameters();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, String> fileName = new LinkedHashMap<>();
            Map<String, int[]> expected = new LinkedHashMap<>();
            java.util.TreeSet<String> missing = new java.util.TreeSet<>();
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                if (rules.fresh().test(e.getKey())) {
                    missing.add(e.getKey());
                    continue;
                }
                String found = resolve(f, e.getKey(), rules.basePrefix());
                if (found == null && rules.mayBeMissing().test(e.getKey())) {
                    missing.add(e.getKey());
                    continue;
                }
                String name = found == null ? e.getKey() : found;
                fileName.put(e.getKey(), name);
                expected.put(name, e.getValue().shape());
            }
            f.checkAgainst(expected, n -> rules.tolerated().test(n) || rules.fresh().test(n), source);
            for (Map.Entry<String, String> e : fileName.entrySet()) {
                copyInto(f, e.getValue(), params.get(e.getKey()));
            }
            return missing;
        }
    }

    private static String resolve(SafetensorsFile f, String name, String prefix) {
        for (String candidate : spellings(name, prefix)) {
            if (f.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static java.util.List<String> spellings(String name, String prefix) {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(name);
        if (!prefix.isEmpty() && name.startsWith(prefix + ".")) {
            out.add(name.substring(prefix.length() + 1));
        }
        for (String n : java.util.List.copyOf(out)) {
            if (n.endsWith("LayerNorm.weight")) {
                out.add(n.substring(0, n.length() - "weight".length()) + "gamma");
            } else if (n.endsWith("LayerNorm.bias")) {
                out.add(n.substring(0, n.length() - "bias".length()) + "beta");
            }
        }
        return out;
    }

    /**
     * Copies one floating-point tensor of an open file into a tensor of the same element count: straight from the
     * mapping into a heap storage's array, else through one host array.
     *
     * @throws ModelFormatException if the tensor is missing or not F32/F16/BF16
     */
    public static void copyInto(SafetensorsFile f, String name, Tensor target) throws ModelFormatException {
        if (target.dtype() != DType.F32) {
            throw new IllegalArgumentException("parameter for '" + name + "' is " + target.dtype() + ", not F32");
        }
        if (target.storage() instanceof HeapStorage heap && heap.floats != null
                && heap.floats.length == target.numel()) {
            f.readFloatsInto(name, heap.floats, 0);
        } else {
            target.copyFrom(f.readFloats(name));
        }
    }

    /**
     * Writes every checkpoint parameter of a model to a safetensors file, atomically.
     *
     * @throws IOException if the file cannot be written
     */
    public static void save(PretrainedModule model, Path file) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        for (Map.Entry<String, Tensor> e : new TreeMap<>(model.checkpointParameters()).entrySet()) {
            Tensor t = e.getValue();
            float[] data = t.storage() instanceof HeapStorage heap && heap.floats != null
                    && heap.floats.length == t.numel() ? heap.floats : t.toFloatArray();
            w.putFloats(e.getKey(), t.shape(), data);
        }
        w.write(file);
    }

    /**
     * @return the error for a model directory that lacks {@code model.safetensors}, saying what it holds instead
     *         when that is a format Graft does not read
     */
    static java.nio.file.NoSuchFileException noSafetensors(Path directory) {
        Path file = directory.resolve("model.safetensors");
        String why = java.nio.file.Files.exists(directory.resolve("model.safetensors.index.json"))
                ? "the directory holds a sharded checkpoint (model.safetensors.index.json), which Graft does not read"
                : java.nio.file.Files.exists(directory.resolve("pytorch_model.bin"))
                ? "the directory holds pytorch_model.bin; convert it to safetensors first"
                : "the directory has no model.safetensors";
        return new java.nio.file.NoSuchFileException(file.toString(), null, why);
    }
}
