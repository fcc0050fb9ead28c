package dev.graft.tests.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.graft.api.model.ModelFormatException;
import dev.graft.api.model.tokenizer.Encoding;
import dev.graft.api.model.tokenizer.SpecialTokens;
import dev.graft.api.model.tokenizer.Tokenizer;
import dev.graft.api.model.tokenizer.TokenizerOptions;
import dev.graft.api.model.tokenizer.TokenizerOptions.Padding;
import dev.graft.api.model.tokenizer.TokenizerOptions.Truncation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokenizer ids against the ids Hugging Face's tokenizers produced for the fixtures. */
class TokenizerParityTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "gpt2-tiny", "t5-tiny"})
    void everyTokenizerCaseGivesTheReferenceIds(String model) throws IOException {
        List<Fixtures.TokenizerCase> cases = Fixtures.tokenizerCases(model);
        assertEquals(17, cases.size());
        try (Tokenizer tok = Tokenizer.load(Fixtures.dir(model))) {
            for (Fixtures.TokenizerCase c : cases) {
                assertArrayEquals(c.ids(), tok.encode(c.text()).ids(), model + ": '" + c.text() + "'");
            }
        }
    }

    @Test
    void bertBatchPaddingMatchesTheReferenceBatch() throws IOException {
        JsonObject ref = Fixtures.reference("bert-tiny");
        int[][] maskedIds = Fixtures.matrix(ref, "input_ids");
        int[][] labels = Fixtures.matrix(ref, "labels");
        try (Tokenizer tok = Tokenizer.load(Fixtures.dir("bert-tiny"),
                TokenizerOptions.defaults().withPadding(Padding.LONGEST))) {
            List<Encoding> batch = tok.encodeBatch(Fixtures.SENTENCES);
            assertArrayEquals(Fixtures.matrix(ref, "attention_mask"), batch.stream().map(Encoding::attentionMask)
                    .toArray(int[][]::new));
            assertArrayEquals(Fixtures.matrix(ref, "token_type_ids"), batch.stream().map(Encoding::typeIds)
                    .toArray(int[][]::new));
            for (int b = 0; b < batch.size(); b++) {
                int[] ids = batch.get(b).ids();
                for (int t = 0; t < ids.length; t++) {
                    // the reference replaced every labelled position by [MASK] and kept the original id as label
                    int expected = labels[b][t] == -100 ? maskedIds[b][t] : labels[b][t];
                    assertEquals(expected, ids[t], "row " + b + " position " + t);
                }
            }
        }
    }

    @Test
    void gpt2BatchPaddingMatchesTheReferenceBatch() throws IOException {
        JsonObject ref = Fixtures.reference("gpt2-tiny");
        try (Tokenizer tok = Tokenizer.load(Fixtures.dir("gpt2-tiny"),
                TokenizerOptions.defaults().withPadding(Padding.LONGEST))) {
            List<Encoding> batch = tok.encodeBatch(Fixtures.SENTENCES);
            assertArrayEquals(Fixtures.matrix(ref, "input_ids"), batch.stream().map(Encoding::ids)
                    .toArray(int[][]::new));
            assertArrayEquals(Fixtures.matrix(ref, "attention_mask"), batch.stream().map(Encoding::attentionMask)
                    .toArray(int[][]::new));
        }
    }

    @Test
    void t5BatchesMatchTheReferenceInputsAndLabels() throws IOException {
        JsonObject ref = Fixtures.reference("t5-tiny");
        List<String> questions = List.of(
                "question: what grants permission? context: " + Fixtures.SENTENCES.get(1),
                "question: who jumps? context: " + Fixtures.SENTENCES.get(0),
                "question: who teaches? context: " + Fixtures.SENTENCES.get(2),
                "question: is pi 3.14? context: " + Fixtures.SENTENCES.get(3));
        List<String> answers = List.of("licenses", "the quick brown fox", "small models", "yes");
        try (Tokenizer tok = Tokenizer.load(Fixtures.dir("t5-tiny"),
                TokenizerOptions.defaults().withPadding(Padding.LONGEST))) {
            List<Encoding> enc = tok.encodeBatch(questions);
            assertArrayEquals(Fixtures.matrix(ref, "input_ids"), enc.stream().map(Encoding::ids)
                    .toArray(int[][]::new));
            assertArrayEquals(Fixtures.matrix(ref, "attention_mask"), enc.stream().map(Encoding::attentionMask)
                    .toArray(int[][]::new));
            int[][] labels = tok.encodeBatch(answers).stream().map(e -> {
                int[] ids = e.ids();
                int[] mask = e.attentionMask();
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = mask[i] == 0 ? -100 : ids[i];
                }
                return ids;
            }).toArray(int[][]::new);
            assertArrayEquals(Fixtures.matrix(ref, "labels"), labels);
        }
    }

    @Test
    void specialTokensComeFromTheTokenizerConfig() throws IOException {
        try (Tokenizer bert = Tokenizer.load(Fixtures.dir("bert-tiny"));
             Tokenizer gpt2 = Tokenizer.load(Fixtures.dir("gpt2-tiny"));
             Tokenizer t5 = Tokenizer.load(Fixtures.dir("t5-tiny"))) {
            SpecialTokens b = bert.specialTokens();
            assertEquals(new SpecialTokens.Token("[PAD]", 0), b.pad().orElseThrow());
            assertEquals(new SpecialTokens.Token("[UNK]", 1), b.unk().orElseThrow());
            assertEquals(new SpecialTokens.Token("[CLS]", 2), b.cls().orElseThrow());
            assertEquals(new SpecialTokens.Token("[SEP]", 3), b.sep().orElseThrow());
            assertEquals(new SpecialTokens.Token("[MASK]", 4), b.mask().orElseThrow());
            assertTrue(b.bos().isEmpty());
            assertEquals(new SpecialTokens.Token("<|endoftext|>", 0), gpt2.specialTokens().eos().orElseThrow());
            assertEquals(new SpecialTokens.Token("</s>", 1), t5.specialTokens().eos().orElseThrow());
            assertEquals(new SpecialTokens.Token("<unk>", 2), t5.specialTokens().unk().orElseThrow());
            assertEquals(2000, bert.vocabSize());
            assertEquals(2000, gpt2.vocabSize());
            assertEquals(2000, t5.vocabSize());
            assertEquals(4, bert.tokenId("[MASK]").orElseThrow());
        }
    }

    @Test
    void pairsUseThePairTemplate() throws IOException {
        try (Tokenizer tok = Tokenizer.load(Fixtures.dir("bert-tiny"))) {
            int[] a = tok.encode("the quick fox").ids();
            int[] b = tok.encode("copy and modify").ids();
            Encoding pair = tok.encodePair("the quick fox", "copy and modify");
            // [CLS] A [SEP] B [SEP]: the single encodings without B's [CLS]
            int[] expected = new int[a.length + b.length - 1];
            System.arraycopy(a, 0, expected, 0, a.length);
            System.arraycopy(b, 1, expected, a.length, b.length - 1);
            assertArrayEquals(expected, pair.ids());
            int[] types = new int[expected.length];
            Arrays.fill(types, a.length, types.length, 1);
            assertArrayEquals(types, pair.typeIds());
            int[] special = pair.specialTokensMask();
            assertEquals(1, special[0]);
            assertEquals(1, special[a.length - 1]);
            assertEquals(1, special[special.length - 1]);
            assertEquals(0, special[1]);
            // offsets of the second text index into first + second
            String joined = "the quick fox" + "copy and modify";
            Encoding.Span copy = pair.offsets().get(a.length);
            assertEquals("copy", joined.substring(copy.start(), copy.end()));
        }
    }

    @Test
    void offsetsPointIntoTheJavaString() throws IOException {
        String text = "Licenses grant permission, caf\u00e9 \ud83d\ude00 ok";
        try (Tokenizer bert = Tokenizer.load(Fixtures.dir("bert-tiny"));
             Tokenizer gpt2 = Tokenizer.load(Fixtures.dir("gpt2-tiny"))) {
            Encoding e = bert.encode(text);
            for (int i = 0; i < e.length(); i++) {
                Encoding.Span s = e.offsets().get(i);
                String token = e.tokens().get(i);
                if (e.specialTokensMask()[i] == 1) {
                    assertEquals(new Encoding.Span(0, 0), s);
                } else if (!token.equals("[UNK]")) {
                    // BERT's normaliser lowercases and strips accents
                    String source = Normalizer.normalize(text.substring(s.start(), s.end()), Normalizer.Form.NFD)
                            .replaceAll("\\p{Mn}", "").toLowerCase(Locale.ROOT);
                    assertEquals(token.replace("##", ""), source, "token " + i);
                }
            }
            Encoding g = gpt2.encode(text);
            int emoji = text.indexOf('\ud83d');
            int previousEnd = 0;
            for (Encoding.Span s : g.offsets()) {
                assertTrue(s.start() >= previousEnd - 2 && s.end() <= text.length(), s.toString());
                previousEnd = s.end();
            }
            assertEquals(text.length(), previousEnd, "the last token ends where the text ends");
            // the emoji's byte-level pieces all map to its two UTF-16 units
            assertTrue(g.offsets().contains(new Encoding.Span(emoji, emoji + 2)), g.offsets().toString());
        }
    }

    @Test
    void truncationKeepsRoomForSpecialTokensAndPaddingFillsToMaxLength() throws IOException {
        String longText = Fixtures.SENTENCES.get(0);
        try (Tokenizer cut = Tokenizer.load(Fixtures.dir("bert-tiny"),
                TokenizerOptions.defaults().withTruncation(Truncation.LONGEST_FIRST, 8));
             Tokenizer full = Tokenizer.load(Fixtures.dir("bert-tiny"));
             Tokenizer padded = Tokenizer.load(Fixtures.dir("bert-tiny"), TokenizerOptions.defaults()
                     .withTruncation(Truncation.LONGEST_FIRST, 40).withPadding(Padding.MAX_LENGTH))) {
            int[] all = full.encode(longText).ids();
            int[] ids = cut.encode(longText).ids();
            int[] expected = new int[8];
            System.arraycopy(all, 0, expected, 0, 7);
            expected[7] = 3;
            assertArrayEquals(expected, ids);
            Encoding p = padded.encode("the fox");
            assertEquals(40, p.length());
            int real = full.encode("the fox").length();
            assertEquals(real, Arrays.stream(p.attentionMask()).sum());
            assertEquals(0, p.ids()[39]);
            assertEquals("[PAD]", p.tokens().get(39));
        }
        try (Tokenizer noSpecial = Tokenizer.load(Fixtures.dir("bert-tiny"),
                TokenizerOptions.defaults().withSpecialTokens(false))) {
            int[] ids = noSpecial.encode("the fox").ids();
            assertTrue(ids[0] != 2 && ids[ids.length - 1] != 3);
        }
    }

    @Test
    void decodeInvertsEncodeOnNormalisedText() throws IOException {
        try (Tokenizer bert = Tokenizer.load(Fixtures.dir("bert-tiny"));
             Tokenizer gpt2 = Tokenizer.load(Fixtures.dir("gpt2-tiny"))) {
            String text = "licenses grant permission to copy, modify and distribute software.";
            assertEquals(text, bert.decode(bert.encode(text).ids(), true));
            String raw = Fixtures.SENTENCES.get(3);
            assertEquals(raw, gpt2.decode(gpt2.encode(raw).ids(), false), "byte-level BPE is lossless");
        }
    }

    @Test
    void paddingWithoutAPadTokenAndBrokenFilesAreRefusedByName() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("m"));
        Files.copy(Fixtures.dir("gpt2-tiny").resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        ModelFormatException noPad = assertThrows(ModelFormatException.class,
                () -> Tokenizer.load(dir, TokenizerOptions.defaults().withPadding(Padding.LONGEST)));
        assertEquals(dir.resolve("tokenizer_config.json") + ": padding LONGEST needs a 'pad_token', and none is named",
                noPad.getMessage());
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"pad_token\": \"<nope>\"}");
        ModelFormatException unknown = assertThrows(ModelFormatException.class, () -> Tokenizer.load(dir));
        assertEquals(dir.resolve("tokenizer_config.json")
                + ": field 'pad_token' names '<nope>', which tokenizer.json does not define", unknown.getMessage());
        Files.writeString(dir.resolve("tokenizer_config.json"), "{}");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\"");
        ModelFormatException broken = assertThrows(ModelFormatException.class, () -> Tokenizer.load(dir));
        assertEquals(ModelFormatException.Problem.NOT_JSON, broken.problem());
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nonsense\", \"vocab\": {}}}");
        ModelFormatException refused = assertThrows(ModelFormatException.class, () -> Tokenizer.load(dir));
        assertTrue(refused.getMessage().startsWith(dir.resolve("tokenizer.json")
                + ": the Hugging Face tokenizers library refused it"), refused.getMessage());
    }
}
