package dev.graft.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.api.model.ModelFormatException.Problem;
import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.t5.T5Config;
import dev.graft.api.nn.Activation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelConfigTest {
    private static final Path SRC = Path.of("m", "config.json");

    @TempDir
    Path dir;

    private static ModelConfig parse(String json) throws ModelFormatException {
        return ModelConfig.parse(SRC, json);
    }

    private static ModelFormatException refused(String json, Problem problem, String message) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> parse(json));
        assertEquals(problem, e.problem(), e.getMessage());
        assertEquals(SRC + ": " + message, e.getMessage());
        return e;
    }

    @Test
    void absentFieldsTakeHuggingFaceDefaults() throws IOException {
        // Defaults of transformers' BertConfig, RobertaConfig, GPT2Config and T5Config (bert-base, gpt2, t5-small).
        BertConfig bert = (BertConfig) parse("{\"model_type\": \"bert\"}");
        assertEquals(30522, bert.vocabSize());
        assertEquals(768, bert.hiddenSize());
        assertEquals(12, bert.numHiddenLayers());
        assertEquals(12, bert.numAttentionHeads());
        assertEquals(3072, bert.intermediateSize());
        assertEquals(Activation.GELU, bert.hiddenAct());
        assertEquals(512, bert.maxPositionEmbeddings());
        assertEquals(2, bert.typeVocabSize());
        assertEquals(1e-12f, bert.layerNormEps());
        assertEquals(0, bert.padTokenId());
        assertEquals(0, bert.firstPositionId());
        assertEquals(2, bert.numLabels());
        assertTrue(bert.tieWordEmbeddings());

        BertConfig roberta = (BertConfig) parse("{\"model_type\": \"roberta\"}");
        assertEquals(ModelType.ROBERTA, roberta.modelType());
        assertEquals(50265, roberta.vocabSize());
        assertEquals(1, roberta.padTokenId());
        assertEquals(2, roberta.firstPositionId());

        Gpt2Config gpt2 = (Gpt2Config) parse("{\"model_type\": \"gpt2\"}");
        assertEquals(50257, gpt2.vocabSize());
        assertEquals(1024, gpt2.nPositions());
        assertEquals(3072, gpt2.nInner());
        assertEquals(Activation.GELU_NEW, gpt2.activation());
        assertEquals(1e-5f, gpt2.layerNormEpsilon());
        assertEquals(50256, gpt2.eosTokenId());
        assertTrue(gpt2.scaleAttnWeights());

        T5Config t5 = (T5Config) parse("{\"model_type\": \"t5\"}");
        assertEquals(32128, t5.vocabSize());
        assertEquals(512, t5.dModel());
        assertEquals(6, t5.numDecoderLayers());
        assertEquals(new T5Config.FeedForward(false, Activation.RELU), t5.feedForward());
        assertEquals(32, t5.relativeAttentionNumBuckets());
        assertEquals(128, t5.relativeAttentionMaxDistance());
        assertEquals(0, t5.decoderStartTokenId());
        assertTrue(t5.scaleDecoderOutputs(), "tied and no scale_decoder_outputs: rescaled");
    }

    @Test
    void t5FeedForwardAndDecoderScalingFollowTheFileOrItsAge() throws IOException {
        T5Config v11 = (T5Config) parse("{\"model_type\":\"t5\",\"feed_forward_proj\":\"gated-gelu\","
                + "\"tie_word_embeddings\":false}");
        assertEquals(new T5Config.FeedForward(true, Activation.GELU_NEW), v11.feedForward());
        assertFalse(v11.scaleDecoderOutputs(), "untied, older file: not rescaled");
        T5Config newer = (T5Config) parse("{\"model_type\":\"t5\",\"tie_word_embeddings\":true,"
                + "\"scale_decoder_outputs\":false}");
        assertFalse(newer.scaleDecoderOutputs(), "the field decides when present");
        T5Config silu = (T5Config) parse("{\"model_type\":\"t5\",\"feed_forward_proj\":\"gated-silu\","
                + "\"num_decoder_layers\":3,\"decoder_start_token_id\":5}");
        assertEquals(new T5Config.FeedForward(true, Activation.SILU), silu.feedForward());
        assertEquals(3, silu.numDecoderLayers());
        assertEquals(5, silu.decoderStartTokenId());
    }

    @Test
    void refusesUnsupportedModelTypesAndValuesByName() {
        refused("{\"model_type\": \"llama\"}", Problem.UNSUPPORTED_VALUE,
                "model_type 'llama' is not supported (supported: bert, roberta, gpt2, t5)");
        refused("{\"hidden_size\": 4}", Problem.BAD_FIELD,
                "has no 'model_type' field (expected one of bert, roberta, gpt2, t5)");
        refused("{\"model_type\":\"bert\",\"position_embedding_type\":\"relative_key\"}", Problem.UNSUPPORTED_VALUE,
                "position_embedding_type 'relative_key' is not supported for bert (supported: absolute)");
        refused("{\"model_type\":\"roberta\",\"position_embedding_type\":\"relative_key_query\"}",
                Problem.UNSUPPORTED_VALUE,
                "position_embedding_type 'relative_key_query' is not supported for roberta (supported: absolute)");
        refused("{\"model_type\":\"bert\",\"hidden_act\":\"quick_gelu\"}", Problem.UNSUPPORTED_VALUE,
                "hidden_act 'quick_gelu' is not supported (supported: gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, "
                        + "relu, silu, swish, tanh)");
        refused("{\"model_type\":\"bert\",\"is_decoder\":true}", Problem.UNSUPPORTED_VALUE,
                "is_decoder: true is not supported (bert is read as an encoder)");
        refused("{\"model_type\":\"gpt2\",\"add_cross_attention\":true}", Problem.UNSUPPORTED_VALUE,
                "add_cross_attention: true is not supported (gpt2 is read as a decoder-only model)");
        refused("{\"model_type\":\"t5\",\"feed_forward_proj\":\"gated-fancy\"}", Problem.UNSUPPORTED_VALUE,
                "feed_forward_proj 'gated-fancy' is not supported (expected ACT or gated-ACT with ACT an activation "
                        + "Graft implements)");
        refused("{\"model_type\":\"t5\",\"feed_forward_proj\":\"double-relu\"}", Problem.UNSUPPORTED_VALUE,
                "feed_forward_proj 'double-relu' is not supported (expected ACT or gated-ACT with ACT an activation "
                        + "Graft implements)");
        refused("{\"model_type\":\"t5\",\"is_encoder_decoder\":false}", Problem.UNSUPPORTED_VALUE,
                "is_encoder_decoder: false is not supported (t5 is read as an encoder-decoder)");
    }

    @Test
    void refusesMalformedFieldsByName() {
        refused("{\"model_type\":\"bert\",\"hidden_size\":\"big\"}", Problem.BAD_FIELD,
                "field 'hidden_size' must be an integer, got \"big\"");
        refused("{\"model_type\":\"bert\",\"hidden_size\":64.5}", Problem.BAD_FIELD,
                "field 'hidden_size' must be an integer in the 32-bit range, got 64.5");
        refused("{\"model_type\":\"bert\",\"num_hidden_layers\":0}", Problem.BAD_FIELD,
                "field 'num_hidden_layers' must be a positive integer, got 0");
        refused("{\"model_type\":\"bert\",\"hidden_size\":66,\"num_attention_heads\":4}", Problem.BAD_FIELD,
                "hidden_size 66 is not a multiple of num_attention_heads 4");
        refused("{\"model_type\":\"gpt2\",\"n_embd\":10,\"n_head\":4}", Problem.BAD_FIELD,
                "n_embd 10 is not a multiple of n_head 4");
        refused("{\"model_type\":\"gpt2\",\"scale_attn_weights\":\"yes\"}", Problem.BAD_FIELD,
                "field 'scale_attn_weights' must be true or false, got \"yes\"");
        refused("{\"model_type\":\"gpt2\",\"layer_norm_epsilon\":-1}", Problem.BAD_FIELD,
                "field 'layer_norm_epsilon' must be a non-negative number, got -1");
        refused("{\"model_type\":\"t5\",\"feed_forward_proj\":\"gated-gelu\",\"dense_act_fn\":\"relu\"}",
                Problem.BAD_FIELD, "field 'dense_act_fn' is 'relu' but feed_forward_proj 'gated-gelu' implies 'gelu_new'");
        refused("{\"model_type\":\"t5\",\"is_gated_act\":true}", Problem.BAD_FIELD,
                "field 'is_gated_act' is true but feed_forward_proj 'relu' implies false");
        refused("{\"model_type\":\"bert\",\"architectures\":\"BertModel\"}", Problem.BAD_FIELD,
                "field 'architectures' must be a list of strings, got \"BertModel\"");
        refused("{\"model_type\":\"bert\",\"id2label\":{\"1\":\"a\"}}", Problem.BAD_FIELD,
                "field 'id2label' must number its labels 0..0, found id 1");
        refused("{\"model_type\":\"bert\",", Problem.NOT_JSON, "is not JSON (it ends early at line 1 column 22)");
        refused("[1]", Problem.BAD_FIELD, "holds an array, expected a JSON object");
        refused("{\"model_type\":\"bert\"} x", Problem.NOT_JSON, "is not JSON (syntax error at line 1 column 24)");
        refused("{model_type:\"bert\"}", Problem.NOT_JSON, "is not JSON (syntax error at line 1 column 3)");
    }

    @Test
    void writingBackKeepsEveryFieldAndItsSpelling() throws IOException {
        String json = "{\n  \"architectures\": [\n    \"BertForSequenceClassification\"\n  ],\n"
                + "  \"custom_field\": {\n    \"nested\": [\n      1,\n      2\n    ]\n  },\n"
                + "  \"hidden_size\": 64,\n  \"id2label\": {\n    \"0\": \"neg\",\n    \"1\": \"pos\"\n  },\n"
                + "  \"label2id\": {\n    \"neg\": 0,\n    \"pos\": 1\n  },\n  \"layer_norm_eps\": 1e-12,\n"
                + "  \"model_type\": \"bert\",\n  \"num_attention_heads\": 4,\n  \"transformers_version\": \"5.17.0\"\n}\n";
        BertConfig c = (BertConfig) parse(json);
        assertEquals(Map.of(0, "neg", 1, "pos"), c.id2label());
        assertEquals(List.of("BertForSequenceClassification"), c.architectures());
        assertEquals(json, c.toJson(), "unchanged config: same text, no default added");
        Path file = dir.resolve("config.json");
        c.write(file);
        assertEquals(json, Files.readString(file));
        assertEquals(c, ModelConfig.read(file));
    }

    @Test
    void anotherSpellingOfTheSameActivationIsKept() throws IOException {
        String json = "{\n  \"activation_function\": \"gelu_pytorch_tanh\",\n  \"model_type\": \"gpt2\"\n}\n";
        Gpt2Config c = (Gpt2Config) parse(json);
        assertEquals(Activation.GELU_NEW, c.activation());
        assertEquals(json, c.toJson());
        T5Config t5 = (T5Config) parse("{\"model_type\":\"t5\",\"feed_forward_proj\":\"gated-gelu_new\","
                + "\"dense_act_fn\":\"gelu_pytorch_tanh\"}");
        assertEquals(new T5Config.FeedForward(true, Activation.GELU_NEW), t5.feedForward());
    }

    @Test
    void writingAChangedConfigWritesTheNewValuesOnly() throws IOException {
        BertConfig c = (BertConfig) parse("{\"model_type\":\"bert\",\"hidden_size\":64,\"num_attention_heads\":4,"
                + "\"layer_norm_eps\":1e-12,\"x\":true}");
        BertConfig grown = new BertConfig(c.vocabSize(), 128, 6, c.numAttentionHeads(), 512, c.hiddenAct(),
                c.hiddenDropoutProb(), c.attentionProbsDropoutProb(), c.maxPositionEmbeddings(), c.typeVocabSize(),
                c.layerNormEps(), c.initializerRange(), c.modelType(), c.classifierDropout(), c.padTokenId(),
                c.bosTokenId(), c.eosTokenId(), c.tieWordEmbeddings(), c.architectures(), c.id2label(),
                c.problemType(), c.fields());
        JsonObject out = JsonParser.parseString(grown.toJson()).getAsJsonObject();
        assertEquals(128, out.get("hidden_size").getAsInt());
        assertEquals(6, out.get("num_hidden_layers").getAsInt(), "a changed default-valued field is written");
        assertEquals(512, out.get("intermediate_size").getAsInt());
        assertTrue(out.get("x").getAsBoolean(), "unknown fields survive");
        assertEquals("1e-12", out.get("layer_norm_eps").getAsString(), "unchanged numbers keep their spelling");
        assertNull(out.get("type_vocab_size"), "unchanged defaults are not added");
        BertConfig back = (BertConfig) parse(grown.toJson());
        assertEquals(128, back.hiddenSize());
        assertEquals(6, back.numHiddenLayers());
        assertEquals(512, back.intermediateSize());
    }

    @Test
    void aConfigBuiltInCodeWritesOnlyWhatDiffersFromTheDefaults() throws IOException {
        Gpt2Config c = new Gpt2Config(100, 32, 16, 2, 2, 64, Activation.GELU_NEW, 0, 0, 0, 1e-5f, 0.02f, true,
                true, false, false, 0, 0, null, List.of("GPT2LMHeadModel"), Map.of(), ConfigFields.empty());
        JsonObject out = JsonParser.parseString(c.toJson()).getAsJsonObject();
        assertEquals(List.of("architectures", "attn_pdrop", "bos_token_id", "embd_pdrop", "eos_token_id",
                "model_type", "n_embd", "n_head", "n_layer", "n_positions", "resid_pdrop", "vocab_size"),
                List.copyOf(out.keySet()));
        Gpt2Config back = (Gpt2Config) parse(c.toJson());
        assertEquals(c.vocabSize(), back.vocabSize());
        assertEquals(c.nInner(), back.nInner());
        assertEquals(c.residPdrop(), back.residPdrop());
        assertInstanceOf(Gpt2Config.class, back);
    }

    @Test
    void refusesAnOversizedFileBeforeReadingIt() throws IOException {
        Path big = dir.resolve("config.json");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'{'}), ModelConfig.MAX_CONFIG_BYTES + 10);
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelConfig.read(big));
        assertTrue(e.getMessage().startsWith(big + ": file is 16777227 bytes"), e.getMessage());
    }
}
