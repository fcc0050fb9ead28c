package dev.graft.api.train.reuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.data.DataBundle;
import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.Domain;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.surgery.GrowthSpec;
import dev.graft.api.surgery.ModelGrowth;
import dev.graft.api.tensor.ReferenceBackend;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus of the reuse studies on the unit-test subset of the data bundle, and the presets' shapes. */
class EmbeddedCorpusTest {
    private static final TokenizedCorpus.Options SMALL = new TokenizedCorpus.Options(300, 50_000, 10);

    @TempDir
    Path tmp;

    private static DataCatalog testCatalog() throws URISyntaxException {
        Path manifest = Path.of(EmbeddedCorpusTest.class.getResource("/dev/graft/api/data/bundle/MANIFEST").toURI());
        return DataCatalog.uncached(DataBundle.open(manifest.getParent()));
    }

    @Test
    void tokenisesChosenDomainsOnceAndKeysTheCacheByBundleAndDomains() throws Exception {
        DataCatalog catalog = testCatalog();
        TokenizedCorpus kjv = EmbeddedCorpus.tokenized(catalog, List.of(Domain.SCRIPTURE_KJV), SMALL, tmp);
        assertTrue(kjv.trainTokens() > 1000, "tokens " + kjv.trainTokens());
        TokenizedCorpus again = EmbeddedCorpus.tokenized(catalog, List.of(Domain.SCRIPTURE_KJV), SMALL, tmp);
        assertEquals(kjv.key(), again.key());
        assertEquals(kjv.trainTokens(), again.trainTokens());
        TokenizedCorpus two = EmbeddedCorpus.tokenized(catalog, List.of(Domain.SCRIPTURE_KJV,
                Domain.PROGRAMMING_PYDOC), SMALL, tmp);
        assertNotEquals(kjv.key(), two.key());
        assertTrue(two.trainTokens() > kjv.trainTokens());
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count());
        }
        assertThrows(IllegalArgumentException.class, () -> EmbeddedCorpus.tokenized(catalog, List.of(), SMALL, tmp));
        String line = EmbeddedCorpus.describe(kjv, List.of(Domain.SCRIPTURE_KJV), ReusePreset.QUICK.shape());
        assertTrue(line.contains("scripture_kjv") && line.contains("10 positions predicted"), line);
    }

    @Test
    void everyPresetGrowsExactlyByFpi() throws IOException {
        try (ReferenceBackend be = new ReferenceBackend()) {
            for (ReusePreset p : ReusePreset.all()) {
                assertEquals(p, ReusePreset.named(p.name()));
                ReuseStudy s = p.study(50, List.of(Arm.BERT2BERT_FPI), List.of(1e-3f), 1, 0);
                assertEquals(2 * s.source().numAttentionHeads(), s.target().numAttentionHeads(), p.name());
                assertEquals(s.source().headSize(), s.target().headSize(), p.name());
                if (p == ReusePreset.SMOKE) {
                    var grown = ModelGrowth.grow(new BertForMaskedLM(be, s.source(), 1), s.target(),
                            GrowthSpec.fpi(1));
                    assertTrue(grown.exactness().exact(), grown.exactness().toString());
                }
            }
            assertThrows(IllegalArgumentException.class, () -> ReusePreset.named("huge"));
        }
    }
}
