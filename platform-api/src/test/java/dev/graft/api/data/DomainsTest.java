package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DomainsTest {
    private final DataCatalog catalog = new DataCatalog(TestBundle.sources(), null);

    @Test
    void everyDomainStreamsNonEmptyDocumentsWithUniqueIds() {
        for (Domain d : Domain.values()) {
            List<Document> docs = catalog.domain(d).toList();
            assertFalse(docs.isEmpty(), d.label());
            Set<String> ids = new HashSet<>();
            for (Document doc : docs) {
                assertTrue(ids.add(doc.id()), d.label() + ": duplicate " + doc.id());
                assertFalse(doc.text().isBlank(), doc.id());
                assertFalse(doc.text().contains("\n"), doc.id());
            }
        }
    }

    @Test
    void scriptureChaptersJoinTheirVersesInOrder() {
        List<String[]> verses = TestBundle.open().rows(BundleFile.KJV_VERSES);
        List<Document> chapters = catalog.domain(Domain.SCRIPTURE_KJV).toList();
        assertEquals("Genesis 1", chapters.getFirst().id());
        StringBuilder genesis1 = new StringBuilder();
        for (String[] v : verses) {
            if (v[0].equals("Genesis") && v[1].startsWith("1:")) {
                genesis1.append(genesis1.isEmpty() ? "" : " ").append(v[2]);
            }
        }
        assertEquals(genesis1.toString(), chapters.getFirst().text());
        assertTrue(chapters.getFirst().text().startsWith("In the beginning God created the heaven and the earth."));
    }
}
