package dev.graft.tests.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.ModelFamilies;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelFormatException.Problem;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.model.bert.BertFamily;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.bert.BertForSequenceClassification;
import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.model.io.SafetensorsWriter;
import dev.graft.api.model.io.TensorInfo;
import dev.graft.api.spi.PretrainedModel;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading through the model families: refusals that name the file and the problem, and older spellings. */
class FamilyLoadTest {
    @TempDir
    Path tmp;

    private final ComputeBackend be = new ReferenceBackend();

    /**
     * Copies a fixture's config and tokenizer into a new directory and rewrites its checkpoint: each tensor under
     * {@code rename}'s name (null drops it), plus {@code extra}.
     */
    private Path copy(String model, UnaryOperator<String> rename, Map<String, int[]> extra) throws IOException {
        Path src = Fixtures.dir(model);
        Path dst = Files.createDirectories(tmp.resolve(model + "-" + System.nanoTime()));
        for (String f : List.of("config.json", "tokenizer.json")) {
            Files.copy(src.resolve(f), dst.resolve(f));
        }
        try (SafetensorsFile f = SafetensorsFile.open(src.resolve("model.safetensors"))) {
            SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
            for (TensorInfo t : f.tensors().values()) {
                String name = rename.apply(t.name());
                if (name != null) {
                    w.putRaw(name, t.dtype(), t.shape(), f.segment(t.name()));
                }
            }
            for (Map.Entry<String, int[]> e : extra.entrySet()) {
                int n = 1;
                for (int d : e.getValue()) {
                    n *= d;
                }
                w.putFloats(e.getKey(), e.getValue(), new float[n]);
            }
            w.write(dst.resolve("model.safetensors"));
        }
        return dst;
    }

    private ModelFormatException refused(Path dir, Problem problem) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFamilies.load(dir, be));
        assertEquals(problem, e.problem(), e.getMessage());
        return e;
    }

    @Test
    void aMissingTensorIsNamedWithTheFileAndTheConfigThatImpliesIt() throws IOException {
        Path dir = copy("gpt2-tiny", n -> n.equals("transformer.h.1.ln_2.bias") ? null : n, Map.of());
        ModelFormatException e = refused(dir, Problem.MISSING_TENSOR);
        assertEquals(dir.resolve("model.safetensors") + ": tensor 'transformer.h.1.ln_2.bias' [64] that "
                + dir.resolve("config.json") + " implies is missing", e.getMessage());
    }

    @Test
    void anExtraTensorIsNamed() throws IOException {
        Path dir = copy("t5-tiny", n -> n, Map.of("encoder.block.0.layer.0.SelfAttention.extra", new int[] {2}));
        ModelFormatException e = refused(dir, Problem.EXTRA_TENSOR);
        assertEquals(dir.resolve("model.safetensors") + ": tensor 'encoder.block.0.layer.0.SelfAttention.extra' is "
                + "not part of the model that " + dir.resolve("config.json") + " describes", e.getMessage());
    }

    @Test
    void aShapeThatDisagreesWithConfigJsonIsNamed() throws IOException {
        Path dir = copy("bert-tiny", n -> n, Map.of());
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
                .replace("\"intermediate_size\": 128", "\"intermediate_size\": 96"));
        ModelFormatException e = refused(dir, Problem.SHAPE_MISMATCH);
        assertEquals(dir.resolve("model.safetensors") + ": tensor 'bert.encoder.layer.0.intermediate.dense.weight' has "
                + "shape [128, 64] but " + dir.resolve("config.json") + " implies [96, 64]", e.getMessage());
    }

    @Test
    void anUnsupportedModelTypeOrValueIsNamed() throws IOException {
        Path dir = copy("gpt2-tiny", n -> n, Map.of());
        String config = Files.readString(dir.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), config.replace("\"model_type\": \"gpt2\"",
                "\"model_type\": \"llama\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFamilies.load(dir, be));
        assertEquals(dir.resolve("config.json") + ": model_type 'llama' is not read by any model family (known: "
                + "bert, gpt2, roberta, t5)", e.getMessage());
        Files.writeString(dir.resolve("config.json"), config.replace("\"activation_function\": \"gelu_new\"",
                "\"activation_function\": \"quick_gelu\""));
        ModelFormatException v = refused(dir, Problem.UNSUPPORTED_VALUE);
        assertTrue(v.getMessage().startsWith(dir.resolve("config.json") + ": activation_function 'quick_gelu' is not "
                + "supported"), v.getMessage());
    }

    @Test
    void aDirectoryWithoutSafetensorsSaysWhatItHolds() throws IOException {
        Path dir = copy("gpt2-tiny", n -> n, Map.of());
        Files.delete(dir.resolve("model.safetensors"));
        Files.writeString(dir.resolve("model.safetensors.index.json"), "{}");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelFamilies.load(dir, be));
        assertEquals(dir.resolve("model.safetensors") + ": the directory holds a sharded checkpoint "
                + "(model.safetensors.index.json), which Graft does not read", e.getMessage());
    }

    @Test
    void olderSpellingsLoadToTheSameWeights() throws IOException {
        // a bare GPT2Model checkpoint with the causal-mask buffers of older transformers versions
        Path gpt2 = copy("gpt2-tiny", n -> n.substring("transformer.".length()),
                Map.of("h.0.attn.bias", new int[] {1, 1, 4, 4}, "h.0.attn.masked_bias", new int[] {}));
        assertSameWeights("gpt2-tiny", gpt2);
        // TensorFlow-era LayerNorm names and a position_ids buffer
        Path bert = copy("bert-tiny", n -> n.replace("LayerNorm.weight", "LayerNorm.gamma")
                .replace("LayerNorm.bias", "LayerNorm.beta"), Map.of("bert.embeddings.position_ids", new int[] {1, 128}));
        assertSameWeights("bert-tiny", bert);
        // T5 checkpoints that store the shared embedding again under each stack
        Path t5 = copy("t5-tiny", n -> n, Map.of("encoder.embed_tokens.weight", new int[] {2000, 64},
                "decoder.embed_tokens.weight", new int[] {2000, 64}));
        assertSameWeights("t5-tiny", t5);
    }

    private void assertSameWeights(String fixture, Path other) throws IOException {
        try (PretrainedModule a = (PretrainedModule) ModelFamilies.load(Fixtures.dir(fixture), be);
             PretrainedModule b = (PretrainedModule) ModelFamilies.load(other, be)) {
            Map<String, Tensor> pb = b.checkpointParameters();
            a.checkpointParameters().forEach((n, t) -> assertArrayEquals(t.toFloatArray(), pb.get(n).toFloatArray(), n));
        }
    }

    @Test
    void theHeadFollowsArchitecturesAndUnknownHeadsAreRefused() throws IOException {
        try (PretrainedModel m = ModelFamilies.load(Fixtures.dir("bert-tiny"), be)) {
            assertInstanceOf(BertForMaskedLM.class, m);
            assertEquals("bert", m.family());
            assertEquals("bert", m.config().modelType());
            assertEquals(2000L * 64 + 128 * 64 + 2 * 64 + 2 * 64 + 2 * (4 * (64 * 64 + 64) + 2 * 64 + 64 * 128 + 128
                    + 128 * 64 + 64 + 2 * 64) + 2000 + 64 * 64 + 64 + 2 * 64, m.parameterCount());
        }
        Path dir = copy("bert-tiny", n -> n, Map.of());
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
                .replace("\"BertForMaskedLM\"", "\"BertForTokenClassification\""));
        ModelFormatException e = refused(dir, Problem.UNSUPPORTED_VALUE);
        assertTrue(e.getMessage().startsWith(dir.resolve("config.json") + ": architectures "
                + "[BertForTokenClassification] names no head Graft builds for bert"), e.getMessage());
    }

    @Test
    void aClassifierStartsFromAnyCheckpointAndSavesAndLoadsAsOne() throws IOException {
        BertFamily family = (BertFamily) ModelFamilies.byName("bert");
        Path saved = Files.createDirectory(tmp.resolve("classifier"));
        Map<String, float[]> weights = new java.util.TreeMap<>();
        try (PretrainedModule mlm = (PretrainedModule) family.load(Fixtures.dir("bert-tiny"), be);
             BertForSequenceClassification c = family.loadForSequenceClassification(Fixtures.dir("bert-tiny"), be,
                     Map.of(0, "neg", 1, "pos", 2, "neutral"), 11)) {
            Map<String, Tensor> encoder = mlm.checkpointParameters();
            for (Map.Entry<String, Tensor> p : c.checkpointParameters().entrySet()) {
                if (p.getKey().startsWith("bert.") && !p.getKey().startsWith("bert.pooler.")) {
                    assertArrayEquals(encoder.get(p.getKey()).toFloatArray(), p.getValue().toFloatArray(), p.getKey());
                }
                weights.put(p.getKey(), p.getValue().toFloatArray());
            }
            assertArrayEquals(new int[] {3, 64}, c.checkpointParameters().get("classifier.weight").shape());
            assertTrue(c.checkpointParameters().containsKey("bert.pooler.dense.weight"));
            family.save(c, saved);
        }
        assertTrue(Files.readString(saved.resolve("config.json")).contains("\"BertForSequenceClassification\""));
        try (PretrainedModule back = (PretrainedModule) ModelFamilies.load(saved, be)) {
            assertInstanceOf(BertForSequenceClassification.class, back);
            assertEquals(weights.keySet(), new java.util.TreeSet<>(back.checkpointParameters().keySet()));
            back.checkpointParameters().forEach((n, t) -> assertArrayEquals(weights.get(n), t.toFloatArray(), n));
        }
    }

    @Test
    void aClosedModelRefusesToRun() throws IOException {
        PretrainedModule m = (PretrainedModule) ModelFamilies.load(Fixtures.dir("gpt2-tiny"), be);
        m.close();
        m.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.forward(dev.graft.api.model.HfBatch.of(new int[][] {{1, 2}}, null, null)));
        assertEquals("Gpt2LMHeadModel is closed", e.getMessage());
    }
}
