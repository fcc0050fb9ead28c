package dev.graft.tests.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.api.model.HfBatch;
import dev.graft.api.model.ModelFamilies;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.spi.ModelFamily;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Load, save, load: the same bits, the same logits, the same config.json and tokenizer files. */
class RoundTripTest {
    @TempDir
    Path tmp;

    private final ComputeBackend be = new ReferenceBackend();

    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "gpt2-tiny", "t5-tiny"})
    void loadSaveLoadKeepsEveryBitAndEveryField(String model) throws IOException {
        Path dir = Fixtures.dir(model);
        ModelFamily family = ModelFamilies.forDirectory(dir);
        assertEquals(model.substring(0, model.indexOf('-')), family.name());
        Path saved = Files.createDirectory(tmp.resolve("saved"));
        HfBatch batch = HfBatch.readJson(dir.resolve("reference.json"));
        float[] before;
        try (PretrainedModule m = (PretrainedModule) family.load(dir, be)) {
            before = logits(m, batch);
            family.save(m, saved);
        }
        // the weights: exactly the original tensors, by name, shape and bytes
        try (SafetensorsFile a = SafetensorsFile.open(dir.resolve("model.safetensors"));
             SafetensorsFile b = SafetensorsFile.open(saved.resolve("model.safetensors"))) {
            assertEquals(a.tensors().keySet(), b.tensors().keySet());
            assertEquals(a.metadata(), b.metadata());
            for (String name : a.tensors().keySet()) {
                assertArrayEquals(a.info(name).shape(), b.info(name).shape(), name);
                assertEquals(a.info(name).dtype(), b.info(name).dtype(), name);
                assertEquals(-1L, a.segment(name).mismatch(b.segment(name)), name + " differs");
            }
        }
        // config.json: the same text, so every field with its spelling; the tokenizer files unchanged
        assertEquals(Files.readString(dir.resolve("config.json")), Files.readString(saved.resolve("config.json")));
        for (String side : List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json")) {
            if (Files.exists(dir.resolve(side))) {
                assertEquals(-1L, Files.mismatch(dir.resolve(side), saved.resolve(side)), side);
            }
        }
        assertTrue(Files.notExists(saved.resolve("reference.json")), "only model, tokenizer and generation files");
        try (PretrainedModule again = (PretrainedModule) family.load(saved, be)) {
            assertArrayEquals(before, logits(again, batch), "bit-identical logits");
        }
    }

    private static float[] logits(PretrainedModule m, HfBatch batch) {
        try (NoGrad ignored = NoGrad.enter()) {
            return m.forward(batch).logits().toFloatArray();
        }
    }

    @Test
    void aTrainedModelIsSavedWithItsNewWeightsAndReloadsToThem() throws IOException {
        Path dir = Fixtures.dir("gpt2-tiny");
        ModelFamily family = ModelFamilies.byName("gpt2");
        Path saved = Files.createDirectory(tmp.resolve("trained"));
        Map<String, float[]> weights = new java.util.TreeMap<>();
        try (PretrainedModule m = (PretrainedModule) family.load(dir, be)) {
            Tensor wte = m.checkpointParameters().get("transformer.wte.weight");
            float[] w = wte.toFloatArray();
            w[5] += 1f;
            wte.copyFrom(w);
            m.checkpointParameters().forEach((n, t) -> weights.put(n, t.toFloatArray()));
            family.save(m, saved);
        }
        try (PretrainedModule m = (PretrainedModule) family.load(saved, be)) {
            Map<String, Tensor> p = m.checkpointParameters();
            assertEquals(weights.keySet(), new java.util.TreeSet<>(p.keySet()));
            weights.forEach((n, w) -> assertArrayEquals(w, p.get(n).toFloatArray(), n));
        }
    }

    @Test
    void saveRefusesAnotherFamilysModelAndANonEmptyDirectory() throws IOException {
        Path dir = Fixtures.dir("gpt2-tiny");
        try (PretrainedModule m = (PretrainedModule) ModelFamilies.load(dir, be)) {
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> ModelFamilies.byName("t5").save(m, tmp));
            assertEquals("the t5 family cannot save a gpt2 model (Gpt2LMHeadModel)", wrong.getMessage());
            Files.writeString(tmp.resolve("x"), "x");
            IllegalArgumentException full = assertThrows(IllegalArgumentException.class,
                    () -> ModelFamilies.byName("gpt2").save(m, tmp));
            assertEquals(tmp + ": the directory to save into must be empty", full.getMessage());
        }
    }

    @Test
    void aModelBuiltInCodeIsWrittenWithItsArchitecture() throws IOException {
        var config = dev.graft.api.model.t5.T5Config.v11(40, 16, 2, 32, 1);
        Path saved = Files.createDirectory(tmp.resolve("t5"));
        try (var m = new dev.graft.api.model.t5.T5ForConditionalGeneration(be, config, 3)) {
            ModelFamilies.byName("t5").save(m, saved);
        }
        JsonObject json = JsonParser.parseString(Files.readString(saved.resolve("config.json"))).getAsJsonObject();
        assertEquals("t5", json.get("model_type").getAsString());
        assertEquals("T5ForConditionalGeneration", json.getAsJsonArray("architectures").get(0).getAsString());
        assertEquals(false, json.get("tie_word_embeddings").getAsBoolean());
        assertEquals("gated-gelu_new", json.get("feed_forward_proj").getAsString());
        try (SafetensorsFile f = SafetensorsFile.open(saved.resolve("model.safetensors"))) {
            assertTrue(f.contains("lm_head.weight"), "an untied head is stored");
            assertTrue(f.contains("shared.weight"));
        }
        try (PretrainedModule back = (PretrainedModule) ModelFamilies.load(saved, be)) {
            assertInstanceOf(dev.graft.api.model.t5.T5ForConditionalGeneration.class, back);
            assertEquals(config.dModel(), back.modelConfig().hiddenSize());
        }
    }
}
