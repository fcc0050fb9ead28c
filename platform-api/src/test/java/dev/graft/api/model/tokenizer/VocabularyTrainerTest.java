package dev.graft.api.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vocabulary trainers: their tokenizer.json, loaded by Hugging Face's implementation, encodes every text to
 * the ids of the trainer's own encoder.
 */
class VocabularyTrainerTest {
    @TempDir
    Path dir;

    static List<String> corpus() throws IOException {
        try (InputStream in = VocabularyTrainerTest.class.getResourceAsStream("/tokenizer/corpus.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Texts beyond the corpus: characters never seen, control and exotic whitespace, special tokens. */
    static List<String> unseen() {
        List<String> t = new ArrayList<>(List.of("", " ", "x", "Quixotic zephyrs jump!", "non\u00a0breaking",
                "vertical\u000btab and form\u000cfeed and nel\u0085end", "\u0000nul and \ufffd replacement",
                "[MASK][MASK] <|endoftext|><|endoftext|>", "[mask] is not special", "\u00c5ngstr\u00f6m \u0130stanbul",
                "\u03a3\u039f\u03a6\u0399\u0391\u03a3", "\ud83e\udd16 robots \ud83e\udd16", "a" + "b".repeat(150),
                "\u2028line\u2029para", "\ue000private use", "\u0301leading combining mark"));
        return t;
    }

    private static void assertSameIds(TrainedVocabulary vocabulary, Tokenizer tokenizer, List<String> texts) {
        for (String text : texts) {
            assertArrayEquals(vocabulary.encode(text), tokenizer.encode(text).ids(), "'" + text + "'");
        }
    }

    @Test
    void byteLevelBpeTokenizerJsonEncodesLikeTheTrainer() throws IOException {
        List<String> corpus = corpus();
        BpeVocabulary v = BpeTrainer.train(corpus, new BpeTrainer.Options(900, 1, List.of("<|endoftext|>")));
        assertEquals(900, v.vocabSize());
        assertTrue(v.merges().size() >= 900 - 257, "a merge makes a new token unless two pairs spell the same");
        v.save(dir);
        try (Tokenizer tok = Tokenizer.load(dir)) {
            assertSameIds(v, tok, corpus);
            assertSameIds(v, tok, unseen());
            assertEquals(0, tok.specialTokens().eos().orElseThrow().id());
            for (Map.Entry<String, Integer> e : v.vocab().entrySet()) {
                assertEquals(e.getValue(), tok.tokenId(e.getKey()).orElseThrow());
            }
            String text = String.join("\n", corpus);
            assertEquals(text, tok.decode(v.encode(text), false), "byte-level BPE decodes to the exact text");
        }
    }

    @Test
    void wordPieceTokenizerJsonEncodesLikeTheTrainer() throws IOException {
        List<String> corpus = corpus();
        for (boolean lowercase : new boolean[] {true, false}) {
            WordPieceVocabulary v = WordPieceTrainer.train(corpus, new WordPieceTrainer.Options(900, 1, lowercase));
            assertEquals(900, v.vocabSize());
            Path out = Files.createDirectories(dir.resolve("wp-" + lowercase));
            v.save(out);
            try (Tokenizer tok = Tokenizer.load(out)) {
                assertSameIds(v, tok, corpus);
                assertSameIds(v, tok, unseen());
                assertEquals(4, tok.specialTokens().mask().orElseThrow().id());
            }
        }
    }

    @Test
    void bpeLearnsTheMostFrequentPairsFirst() {
        // Sennrich et al.'s example, counted by hand: (e,s) and (s,t) both occur 9 times (newest x6, widest x3);
        // the tie goes to the pair of smaller ids, (e,s). Then (es,t) 9, then (l,o) 7 and (lo,w) 7.
        List<String> text = List.of("low low low low low lower lower newest newest newest newest newest newest "
                + "widest widest widest");
        BpeVocabulary v = BpeTrainer.train(text, new BpeTrainer.Options(257 + 4, 1, List.of("<s>")));
        assertEquals(List.of(List.of("e", "s"), List.of("es", "t"), List.of("l", "o"), List.of("lo", "w")),
                v.merges());
        assertEquals(List.of("<s>", "!", "\"", "#"), v.vocab().keySet().stream().limit(4).toList());
        assertTrue(v.vocab().containsKey("\u0120"), "the space byte is spelled \u0120");
        int est = v.vocab().get("est");
        int[] ids = v.encode("widest");
        assertEquals(est, ids[ids.length - 1]);
    }

    /** The plain algorithm: recount every pair of every word before each merge. */
    private static List<List<String>> naiveMerges(List<String> corpus, int merges, long minFrequency) {
        Map<List<String>, Long> words = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (String text : corpus) {
            for (String piece : ByteLevel.pieces(text)) {
                words.merge(piece.codePoints().mapToObj(Character::toString).toList(), 1L, Long::sum);
            }
        }
        List<String> order = new ArrayList<>(List.of("<s>"));
        ByteLevel.alphabet().stream().sorted().forEach(order::add);
        Map<String, Integer> ids = new java.util.HashMap<>();
        for (String t : order) {
            ids.put(t, ids.size());
        }
        List<List<String>> out = new ArrayList<>();
        while (out.size() < merges) {
            Map<List<String>, Long> pairs = new java.util.HashMap<>();
            words.forEach((w, n) -> {
                for (int i = 0; i + 1 < w.size(); i++) {
                    pairs.merge(List.of(w.get(i), w.get(i + 1)), n, Long::sum);
                }
            });
            List<String> best = null;
            long bestCount = 0;
            for (Map.Entry<List<String>, Long> e : pairs.entrySet()) {
                long c = e.getValue();
                List<String> p = e.getKey();
                int a = ids.get(p.get(0));
                int b = ids.get(p.get(1));
                if (c > bestCount || c == bestCount && best != null && (a < ids.get(best.get(0))
                        || a == ids.get(best.get(0)) && b < ids.get(best.get(1)))) {
                    best = p;
                    bestCount = c;
                }
            }
            if (best == null || bestCount < minFrequency) {
                break;
            }
            out.add(best);
            String joined = best.get(0) + best.get(1);
            ids.putIfAbsent(joined, ids.size());
            Map<List<String>, Long> next = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
            for (Map.Entry<List<String>, Long> e : words.entrySet()) {
                List<String> w = e.getKey();
                List<String> merged = new ArrayList<>();
                for (int i = 0; i < w.size(); i++) {
                    if (i + 1 < w.size() && w.get(i).equals(best.get(0)) && w.get(i + 1).equals(best.get(1))) {
                        merged.add(joined);
                        i++;
                    } else {
                        merged.add(w.get(i));
                    }
                }
                next.merge(merged, e.getValue(), Long::sum);
            }
            words = next;
        }
        return out;
    }

    @Test
    void incrementalMergeLearningMatchesRecountingEverything() throws IOException {
        List<String> corpus = corpus();
        for (int minFrequency : new int[] {1, 2}) {
            BpeVocabulary v = BpeTrainer.train(corpus, new BpeTrainer.Options(257 + 150, minFrequency, List.of("<s>")));
            assertEquals(naiveMerges(corpus, v.merges().size() + 1, minFrequency).subList(0, v.merges().size()),
                    v.merges());
        }
    }

    @Test
    void trainingIsDeterministic() throws IOException {
        List<String> corpus = corpus();
        BpeTrainer.Options bpe = new BpeTrainer.Options(500, 2, List.of("<|endoftext|>"));
        assertEquals(BpeTrainer.train(corpus, bpe).tokenizerJson(), BpeTrainer.train(corpus, bpe).tokenizerJson());
        WordPieceTrainer.Options wp = new WordPieceTrainer.Options(500, 2, true);
        assertEquals(WordPieceTrainer.train(corpus, wp).tokenizerJson(),
                WordPieceTrainer.train(corpus, wp).tokenizerJson());
    }

    @Test
    void optionsRefuseImpossibleSizes() {
        assertThrows(IllegalArgumentException.class, () -> new BpeTrainer.Options(256, 1, List.of("<s>")));
        assertThrows(IllegalArgumentException.class, () -> new BpeTrainer.Options(300, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new BpeTrainer.Options(300, 1, List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> new WordPieceTrainer.Options(5, 1, true));
    }
}
