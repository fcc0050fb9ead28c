package dev.graft.tests.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.api.model.GenerationOptions;
import dev.graft.api.model.ModelFamilies;
import dev.graft.api.model.gpt2.Gpt2LMHeadModel;
import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.model.io.TensorInfo;
import dev.graft.api.model.tokenizer.Tokenizer;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.runtime.cli.ExitCodes;
import dev.graft.runtime.cli.GraftRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The model verbs of the command line, checked against the fixtures' references. */
class ModelCliTest {
    @TempDir
    Path tmp;

    /** The command-line options that select each CPU backend. */
    static Stream<Arguments> modelsAndBackendOptions() {
        List<Arguments> out = new ArrayList<>();
        for (String backend : ModelParityTest.cpuBackends()) {
            String[] option = backend.equals("cpu") ? new String[] {"--device", "cpu"}
                    : new String[] {"--backend", backend};
            for (String model : Fixtures.MODELS) {
                out.add(Arguments.of(model, option));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("modelsAndBackendOptions")
    void forwardWritesWhatTransformersComputes(String model, String[] backendOption) throws IOException {
        Path dir = Fixtures.dir(model);
        Path out = tmp.resolve(model + ".safetensors");
        List<String> args = new ArrayList<>(List.of("model", "forward", dir.toString(), "--batch",
                dir.resolve("reference.json").toString(), "--out", out.toString(), "--backward", "--adamw-steps", "3",
                "--lr", "1e-3", "--weight-decay", "0.01"));
        args.addAll(List.of(backendOption));
        GraftRun r = GraftRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());

        try (Reference ref = Reference.of(model); SafetensorsFile f = SafetensorsFile.open(out)) {
            TensorInfo logits = f.info("logits");
            ref.checkAtRealPositions("logits", f.readFloats("logits"), logits.shape());
            TreeSet<String> hidden = new TreeSet<>();
            Map<String, float[]> grads = new LinkedHashMap<>();
            for (TensorInfo t : f.tensors().values()) {
                if (t.name().contains("hidden_states.")) {
                    hidden.add(t.name());
                    ref.checkAtRealPositions(t.name(), f.readFloats(t.name()), t.shape());
                } else if (t.name().startsWith("grad.")) {
                    grads.put(t.name().substring(5), f.readFloats(t.name()));
                }
            }
            assertEquals(ref.hiddenStateNames(), hidden);
            ref.checkGradients(grads);
            assertArrayEquals(new int[0], f.info("loss").shape(), "the loss is a scalar");

            JsonArray printed = JsonParser.parseString(r.out().strip()).getAsJsonArray();
            double[] losses = new double[printed.size()];
            for (int i = 0; i < losses.length; i++) {
                losses[i] = printed.get(i).getAsDouble();
            }
            assertEquals(ref.losses()[0], f.readFloats("loss")[0], Reference.REL * ref.losses()[0]);
            ref.checkLosses(losses);
        }
    }

    @Test
    void forwardWithoutBackwardWritesOnlyOutputsAndNeedsNoLabels() throws IOException {
        Path dir = Fixtures.dir("bert-tiny");
        JsonObject ref = Fixtures.reference("bert-tiny");
        JsonObject batch = new JsonObject();
        batch.add("input_ids", ref.get("input_ids"));
        batch.add("attention_mask", ref.get("attention_mask"));
        Path file = Files.writeString(tmp.resolve("batch.json"), batch.toString());
        Path out = tmp.resolve("out.safetensors");
        GraftRun r = GraftRun.of("model", "forward", dir.toString(), "--batch", file.toString(), "--out",
                out.toString(), "--backend", "reference");
        assertEquals(0, r.code(), r.toString());
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertEquals(new TreeSet<>(List.of("logits", "hidden_states.0", "hidden_states.1", "hidden_states.2")),
                    new TreeSet<>(f.tensors().keySet()));
        }
        JsonObject typo = new JsonObject();
        typo.add("input_ids", ref.get("input_ids"));
        typo.add("attention_mak", ref.get("attention_mask"));
        Path typoFile = Files.writeString(tmp.resolve("typo.json"), typo.toString());
        GraftRun ignored = GraftRun.of("model", "forward", dir.toString(), "--batch", typoFile.toString(), "--out",
                out.toString(), "--backend", "reference");
        assertEquals(0, ignored.code(), ignored.toString());
        assertTrue(ignored.err().contains("graft: " + typoFile + ": ignoring attention_mak (a batch's keys are "
                + "input_ids, attention_mask, token_type_ids, decoder_input_ids, labels)"), ignored.err());
        GraftRun noLabels = GraftRun.of("model", "forward", dir.toString(), "--batch", file.toString(),
                "--out", out.toString(), "--backward", "--backend", "reference");
        assertEquals(65, noLabels.code(), noLabels.toString());
        assertEquals("graft: " + file + ": --backward and --adamw-steps need 'labels' in the batch",
                noLabels.err().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "gpt2-tiny", "t5-tiny"})
    void tokenizePrintsTheReferenceIds(String model) {
        for (Fixtures.TokenizerCase c : Fixtures.tokenizerCases(model).subList(0, 6)) {
            GraftRun r = GraftRun.of("tokenize", Fixtures.dir(model).toString(), "--text", c.text());
            assertEquals(0, r.code(), r.toString());
            JsonArray ids = JsonParser.parseString(r.out().strip()).getAsJsonArray();
            assertArrayEquals(c.ids(), Fixtures.ints(ids), model + ": '" + c.text() + "'");
        }
    }

    @Test
    void infoNamesFamilySizesParametersDtypeAndTokenizer() {
        GraftRun r = GraftRun.of("model", "info", Fixtures.dir("gpt2-tiny").toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        JsonObject info = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("gpt2", info.get("family").getAsString());
        assertEquals(2, info.getAsJsonObject("sizes").get("layers").getAsInt());
        assertEquals(256, info.getAsJsonObject("sizes").get("feed_forward").getAsInt());
        // wte 2000·64 + wpe 128·64 + 2 blocks · (2 LN + c_attn + c_proj + c_fc + c_proj) + ln_f
        long perBlock = 4 * 64 + 64 * 192 + 192 + 64 * 64 + 64 + 64 * 256 + 256 + 256 * 64 + 64;
        assertEquals(2000 * 64 + 128 * 64 + 2 * perBlock + 2 * 64, info.get("parameters").getAsLong());
        assertEquals("F32", info.get("dtype").getAsString());
        assertEquals(2000, info.getAsJsonObject("tokenizer").get("vocab_size").getAsInt());
        GraftRun text = GraftRun.of("model", "info", Fixtures.dir("t5-tiny").toString());
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().startsWith("family:       t5 [T5ForConditionalGeneration]"), text.out());
        assertTrue(text.out().contains("feed_forward_proj gated-gelu_new"), text.out());
    }

    @Test
    void generateContinuesAPromptAsTheModelDoes() throws IOException {
        Path dir = Fixtures.dir("gpt2-tiny");
        String prompt = "The quick brown fox";
        GraftRun r = GraftRun.of("generate", dir.toString(), "--prompt", prompt, "--max-new-tokens", "8",
                "--ids", "--backend", "reference");
        assertEquals(0, r.code(), r.toString());
        String[] lines = r.out().split("\n");
        int[] printed = Fixtures.ints(JsonParser.parseString(lines[1]).getAsJsonArray());
        try (Tokenizer tok = Tokenizer.load(dir);
             Gpt2LMHeadModel m = (Gpt2LMHeadModel) ModelFamilies.load(dir, new ReferenceBackend())) {
            int[] input = tok.encode(prompt).ids();
            int[] expected = m.generate(input, GenerationOptions.greedy(8), tok.specialTokens().eos().orElseThrow().id());
            assertArrayEquals(expected, printed);
            int[] all = java.util.Arrays.copyOf(input, input.length + expected.length);
            System.arraycopy(expected, 0, all, input.length, expected.length);
            assertEquals(tok.decode(all, true), lines[0]);
            assertTrue(lines[0].startsWith(prompt), lines[0]);
        }
        GraftRun t5 = GraftRun.of("generate", Fixtures.dir("t5-tiny").toString(), "--prompt",
                "question: who jumps? context: The quick brown fox jumps over the lazy dog.", "--max-new-tokens", "5",
                "--temperature", "0.7", "--top-k", "10", "--seed", "3", "--ids", "--backend", "reference");
        assertEquals(0, t5.code(), t5.toString());
        int[] ids = Fixtures.ints(JsonParser.parseString(t5.out().split("\n")[1]).getAsJsonArray());
        assertTrue(ids.length >= 1 && ids.length <= 5, t5.out());
        GraftRun none = GraftRun.of("generate", dir.toString(), "--prompt", prompt, "--max-new-tokens", "0",
                "--backend", "reference");
        assertEquals(ExitCodes.USAGE, none.code(), none.toString());
        assertTrue(none.err().contains("max new tokens must be >= 1, got 0"), none.err());
    }

    @Test
    void fillMaskRanksTheModelsPredictions() throws IOException {
        Path dir = Fixtures.dir("bert-tiny");
        GraftRun r = GraftRun.of("fill-mask", dir.toString(), "--text",
                "the quick brown [MASK] jumps over the [MASK] dog.", "--top", "3", "--json", "--backend", "reference");
        assertEquals(0, r.code(), r.toString());
        JsonArray masks = JsonParser.parseString(r.out()).getAsJsonArray();
        assertEquals(2, masks.size());
        for (var m : masks) {
            JsonArray c = m.getAsJsonArray();
            assertEquals(3, c.size());
            double s0 = c.get(0).getAsJsonObject().get("score").getAsDouble();
            double s2 = c.get(2).getAsJsonObject().get("score").getAsDouble();
            assertTrue(s0 >= s2 && s0 <= 1 && s2 > 0, c.toString());
        }
        GraftRun noMask = GraftRun.of("fill-mask", dir.toString(), "--text", "no mask here",
                "--backend", "reference");
        assertEquals(65, noMask.code(), noMask.toString());
        assertEquals("graft: the text has no [MASK] token", noMask.err().strip());
    }

    @Test
    void refusalsMapToExitCodesWithOneLine() throws IOException {
        GraftRun missing = GraftRun.of("model", "info", tmp.resolve("nope").toString());
        assertEquals(66, missing.code(), missing.toString());
        GraftRun wrongModel = GraftRun.of("fill-mask", Fixtures.dir("gpt2-tiny").toString(), "--text", "x",
                "--backend", "reference");
        assertEquals(65, wrongModel.code(), wrongModel.toString());
        GraftRun notGenerative = GraftRun.of("generate", Fixtures.dir("bert-tiny").toString(), "--prompt",
                "x", "--backend", "reference");
        assertEquals(65, notGenerative.code(), notGenerative.toString());
        assertEquals("graft: " + Fixtures.dir("bert-tiny") + ": generate needs a gpt2 or t5 model, this is bert "
                + "(BertForMaskedLM)", notGenerative.err().lines().reduce((a, b) -> b).orElse(""));
        Path dir = Files.createDirectory(tmp.resolve("bad"));
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": \"big\"}");
        GraftRun bad = GraftRun.of("model", "info", dir.toString());
        assertEquals(65, bad.code(), bad.toString());
        assertEquals("graft: " + dir.resolve("config.json") + ": field 'hidden_size' must be an integer, got \"big\"",
                bad.err().strip());
    }
}
