package dev.graft.api.train.reuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.tensor.ReferenceBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizedCorpusTest {
    private static final String[] WORDS = {"the", "king", "said", "unto", "them", "land", "river", "capital",
        "country", "python", "function", "returns", "value", "of", "a", "and", "is"};

    @TempDir
    Path tmp;

    private static List<TokenizedCorpus.Text> docs(int n) {
        Random r = new Random(4);
        List<TokenizedCorpus.Text> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 12; w++) {
                sb.append(WORDS[r.nextInt(WORDS.length)]).append(w % 5 == 4 ? ". " : " ");
            }
            out.add(new TokenizedCorpus.Text("doc-" + i, sb.toString()));
        }
        return out;
    }

    @Test
    void buildsOnceAndReadsTheSameCorpusBackFromTheCache() throws IOException {
        TokenizedCorpus.Options o = new TokenizedCorpus.Options(60, 100_000, 10);
        TokenizedCorpus a = TokenizedCorpus.build(docs(300), o, tmp);
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count());
        }
        TokenizedCorpus b = TokenizedCorpus.build(docs(300), o, tmp);
        assertEquals(a.key(), b.key());
        assertEquals(a.vocabSize(), b.vocabSize());
        assertEquals(a.tokenizerJson(), b.tokenizerJson());
        assertEquals(a.train().size(), b.train().size());
        for (int i = 0; i < a.train().size(); i++) {
            assertArrayEquals(a.train().get(i), b.train().get(i));
        }
        assertEquals(300, a.train().size() + a.validation().size());
        assertTrue(a.validation().size() > 10 && a.validation().size() < 60, "validation " + a.validation().size());
        for (int[] d : a.train()) {
            assertEquals(2, d[0], "[CLS] first");
            assertEquals(3, d[d.length - 1], "[SEP] last");
            for (int id : d) {
                assertTrue(id >= 0 && id < a.vocabSize() && id != 1, "id " + id + " ([UNK] is 1)");
            }
        }
        PackedMlmData mlm = a.mlm(new ReferenceBackend(), new PackedMlmData.Shape(2, 16, 0.15, 2));
        assertEquals(a.vocabSize(), mlm.vocabSize());
        assertEquals(2, mlm.validation().size());
        TokenizedCorpus other = TokenizedCorpus.build(docs(301), o, tmp);
        assertTrue(!other.key().equals(a.key()), "another corpus has another key");
    }
}
