package dev.graft.tests.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.ModelConfig;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.ModelFormatException.Problem;
import dev.graft.api.model.ModelType;
import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.t5.T5Config;
import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.model.io.SafetensorsWriter;
import dev.graft.api.model.io.TensorInfo;
import dev.graft.api.nn.Activation;
import dev.graft.api.tensor.DType;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fixtures' config.json and safetensors files, as transformers and safetensors wrote them. */
class HfFilesFixtureTest {
    @TempDir
    Path tmp;

    @Test
    void fixtureConfigsParseToTheirFamilies() throws IOException {
        BertConfig bert = (BertConfig) ModelConfig.read(Fixtures.dir("bert-tiny").resolve("config.json"));
        assertEquals(ModelType.BERT, bert.modelType());
        assertEquals(2000, bert.vocabSize());
        assertEquals(64, bert.hiddenSize());
        assertEquals(2, bert.numHiddenLayers());
        assertEquals(4, bert.numAttentionHeads());
        assertEquals(128, bert.intermediateSize());
        assertEquals(Activation.GELU, bert.hiddenAct());
        assertEquals(128, bert.maxPositionEmbeddings());
        assertEquals(1e-12f, bert.layerNormEps());
        assertNull(bert.bosTokenId());
        assertEquals(List.of("BertForMaskedLM"), bert.architectures());

        Gpt2Config gpt2 = (Gpt2Config) ModelConfig.read(Fixtures.dir("gpt2-tiny").resolve("config.json"));
        assertEquals(64, gpt2.nEmbd());
        assertEquals(256, gpt2.nInner());
        assertEquals(128, gpt2.nPositions());
        assertEquals(Activation.GELU_NEW, gpt2.activation());
        assertEquals(50256, gpt2.eosTokenId(), "the library default, kept although the vocabulary has 2000 ids");
        assertTrue(gpt2.tieWordEmbeddings());

        T5Config t5 = (T5Config) ModelConfig.read(Fixtures.dir("t5-tiny").resolve("config.json"));
        assertEquals(new T5Config.FeedForward(true, Activation.GELU_NEW), t5.feedForward());
        assertEquals(16, t5.dKv());
        assertEquals(8, t5.relativeAttentionNumBuckets());
        assertEquals(32, t5.relativeAttentionMaxDistance());
        assertTrue(t5.tieWordEmbeddings());
        assertFalse(t5.scaleDecoderOutputs(), "scale_decoder_outputs: false wins over tying");
        assertEquals(0, t5.decoderStartTokenId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "gpt2-tiny", "t5-tiny"})
    void aConfigWrittenBackIsTheFileItWasReadFrom(String model) throws IOException {
        Path original = Fixtures.dir(model).resolve("config.json");
        ModelConfig config = ModelConfig.read(original);
        assertEquals(Files.readString(original), config.toJson(), "same fields, same spelling, same layout");
        Path copy = tmp.resolve("config.json");
        config.write(copy);
        assertEquals(config, ModelConfig.read(copy));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "gpt2-tiny", "t5-tiny"})
    void pythonWrittenSafetensorsReadAsTheirBytesSay(String model) throws IOException {
        Path file = Fixtures.dir(model).resolve("model.safetensors");
        byte[] raw = Files.readAllBytes(file);
        ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long dataStart = 8 + bytes.getLong(0);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(Map.of("format", "pt"), f.metadata());
            long total = 0;
            for (TensorInfo t : f.tensors().values()) {
                assertEquals(DType.F32, t.dtype());
                float[] values = f.readFloats(t.name());
                assertEquals(t.numel(), values.length);
                // independent decoding of the first and last element straight from the file's bytes
                if (values.length > 0) {
                    assertEquals(bytes.getFloat((int) (dataStart + t.begin())), values[0], t.name());
                    assertEquals(bytes.getFloat((int) (dataStart + t.end() - 4)), values[values.length - 1]);
                }
                total += t.byteSize();
            }
            assertEquals(raw.length - dataStart, total);
        }
    }

    @Test
    void rewritingACheckpointGivesBitIdenticalTensors() throws IOException {
        Path file = Fixtures.dir("gpt2-tiny").resolve("model.safetensors");
        Path copy = tmp.resolve("model.safetensors");
        Path viaFloats = tmp.resolve("floats.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            SafetensorsWriter raw = new SafetensorsWriter().metadata("format", "pt");
            SafetensorsWriter floats = new SafetensorsWriter().metadata("format", "pt");
            for (TensorInfo t : f.tensors().values()) {
                raw.putRaw(t.name(), t.dtype(), t.shape(), f.segment(t.name()));
                floats.putFloats(t.name(), t.shape(), f.readFloats(t.name()));
            }
            raw.write(copy);
            floats.write(viaFloats);
        }
        try (SafetensorsFile a = SafetensorsFile.open(file); SafetensorsFile b = SafetensorsFile.open(copy);
             SafetensorsFile c = SafetensorsFile.open(viaFloats)) {
            assertEquals(a.tensors().keySet(), b.tensors().keySet());
            for (String name : a.tensors().keySet()) {
                assertArrayEquals(a.info(name).shape(), c.info(name).shape());
                assertEquals(-1L, a.segment(name).mismatch(b.segment(name)), name);
                assertEquals(-1L, a.segment(name).mismatch(c.segment(name)), name);
            }
        }
    }

    @Test
    void aCheckpointIsCheckedAgainstTheShapesItsConfigImplies() throws IOException {
        Path dir = Fixtures.dir("bert-tiny");
        BertConfig config = (BertConfig) ModelConfig.read(dir.resolve("config.json"));
        Path file = dir.resolve("model.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            f.checkAgainst(Checkpoints.bertMlmShapes(config), name -> false, "config.json");

            String wider = Files.readString(dir.resolve("config.json")).replace("\"vocab_size\": 2000",
                    "\"vocab_size\": 2001");
            BertConfig other = (BertConfig) ModelConfig.parse(dir.resolve("config.json"), wider);
            ModelFormatException shape = assertThrows(ModelFormatException.class,
                    () -> f.checkAgainst(Checkpoints.bertMlmShapes(other), name -> false, "config.json"));
            assertEquals(Problem.SHAPE_MISMATCH, shape.problem());
            assertEquals(file + ": tensor 'bert.embeddings.word_embeddings.weight' has shape [2000, 64] but "
                    + "config.json implies [2001, 64]", shape.getMessage());
        }

        // the same checkpoint without one tensor, and with one tensor too many
        Path missing = tmp.resolve("missing.safetensors");
        Path extra = tmp.resolve("extra.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            SafetensorsWriter less = new SafetensorsWriter();
            SafetensorsWriter more = new SafetensorsWriter();
            for (TensorInfo t : f.tensors().values()) {
                MemorySegment s = f.segment(t.name());
                if (!t.name().equals("cls.predictions.bias")) {
                    less.putRaw(t.name(), t.dtype(), t.shape(), s);
                }
                more.putRaw(t.name(), t.dtype(), t.shape(), s);
            }
            more.putFloats("bert.pooler.dense.bias", new int[] {64}, new float[64]);
            less.write(missing);
            more.write(extra);
        }
        try (SafetensorsFile f = SafetensorsFile.open(missing)) {
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> f.checkAgainst(Checkpoints.bertMlmShapes(config), name -> false, "config.json"));
            assertEquals(Problem.MISSING_TENSOR, e.problem());
            assertEquals(missing + ": tensor 'cls.predictions.bias' [2000] that config.json implies is missing",
                    e.getMessage());
        }
        try (SafetensorsFile f = SafetensorsFile.open(extra)) {
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> f.checkAgainst(Checkpoints.bertMlmShapes(config), name -> false, "config.json"));
            assertEquals(Problem.EXTRA_TENSOR, e.problem());
            assertEquals(extra + ": tensor 'bert.pooler.dense.bias' is not part of the model that config.json "
                    + "describes", e.getMessage());
            float[] zeros = f.readFloats("bert.pooler.dense.bias");
            assertEquals(0f, zeros[63]);
            assertEquals(0, f.segment("bert.pooler.dense.bias").get(ValueLayout.JAVA_INT_UNALIGNED, 0));
        }
    }
}
