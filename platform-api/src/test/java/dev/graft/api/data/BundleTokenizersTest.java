package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.model.tokenizer.TrainedVocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTokenizersTest {
    @Test
    void corpusSamplesEveryDomain() {
        DataCatalog c = new DataCatalog(TestBundle.sources(), null);
        List<String> corpus = BundleTokenizers.corpus(c);
        for (Domain d : Domain.values()) {
            String first = c.domain(d).findFirst().orElseThrow().text();
            assertTrue(corpus.contains(first), d.label() + " contributes its first document");
        }
    }

    @Test
    void tokenizersAreTrainedOnceDeterministicallyAndCached(@TempDir Path cacheRoot) throws Exception {
        DataCatalog c = new DataCatalog(TestBundle.sources(), new DatasetCache(cacheRoot, TestBundle.open()));
        for (BundleTokenizers.Kind kind : BundleTokenizers.Kind.values()) {
            Path dir = BundleTokenizers.directory(c, kind, 600);
            String json = Files.readString(dir.resolve("tokenizer.json"));
            assertTrue(Files.isRegularFile(dir.resolve("tokenizer_config.json")));
            assertEquals(json, Files.readString(BundleTokenizers.directory(c, kind, 600).resolve("tokenizer.json")),
                    "second call reads the cache");
            TrainedVocabulary again = BundleTokenizers.train(new DataCatalog(TestBundle.sources(), null), kind, 600);
            assertEquals(json, again.tokenizerJson(), kind + " is deterministic");
            assertEquals(600, again.vocabSize(), kind.label());
            assertArrayEquals(again.encode("In the beginning"), again.encode("In the beginning"));
        }
        assertThrows(IllegalStateException.class,
                () -> BundleTokenizers.directory(new DataCatalog(TestBundle.sources(), null), BundleTokenizers.Kind.WORDPIECE, 600));
    }

    @Test
    void smallestVocabularyIsTheSmallestSizeTheTrainerAccepts() {
        DataCatalog c = new DataCatalog(TestBundle.sources(), null);
        for (BundleTokenizers.Kind kind : BundleTokenizers.Kind.values()) {
            int smallest = kind.smallestVocabulary();
            assertTrue(BundleTokenizers.train(c, kind, smallest).vocabSize() >= smallest, kind.label());
            assertThrows(IllegalArgumentException.class, () -> BundleTokenizers.train(c, kind, smallest - 1),
                    kind.label());
        }
    }
}
