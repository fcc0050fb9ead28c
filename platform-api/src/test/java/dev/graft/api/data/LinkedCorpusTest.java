package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkedCorpusTest {
    private final DataSources s = TestBundle.sources();
    private final DataCatalog catalog = new DataCatalog(s, null);

    @Test
    void glossRelationsAreWordNetPointersBetweenTheHeadAndTheMention() {
        WordNet wn = s.wordNet();
        List<LinkedDocument> docs = catalog.linkedCorpus(Dataset.WN_GLOSS_EL);
        assertEquals(wn.synsets().size(), docs.size());
        long relations = 0;
        for (LinkedDocument d : docs) {
            assertEquals(d.id(), d.entities().getFirst().entityId(), "the head is linked to its synset");
            assertTrue(d.text().startsWith(wn.synset(d.id()).head() + ": "));
            for (LinkedDocument.RelationMention r : d.relations()) {
                relations++;
                String tail = d.entities().get(r.tail()).entityId();
                boolean out = wn.pointersFrom(d.id()).stream().anyMatch(p -> p.tail().equals(tail)
                        && p.relation().label().equals(r.relation()));
                boolean in = wn.pointersTo(d.id()).stream().anyMatch(p -> p.head().equals(tail)
                        && LinkedCorpusBuilders.inverseLabel(p.relation()).equals(r.relation()));
                assertTrue(out || in, d.id() + " " + r + " " + tail);
            }
        }
        assertTrue(relations > 0);
    }

    @Test
    void factbookMentionsAreCountryAndCapitalNames() {
        Factbook fb = s.factbook();
        List<LinkedDocument> docs = catalog.linkedCorpus(Dataset.FACTBOOK_EL);
        assertFalse(docs.isEmpty());
        for (LinkedDocument d : docs) {
            for (LinkedDocument.Mention m : d.entities()) {
                String e = m.entityId().substring("factbook:".length());
                Factbook.Country c = fb.byCode(e.replace("/capital", "")).orElseThrow();
                if (e.endsWith("/capital")) {
                    assertEquals(c.capital(), m.surface());
                } else {
                    assertTrue(m.surface().equals(c.name()) || m.surface().equals(c.longName()), m.toString());
                }
            }
            for (LinkedDocument.RelationMention r : d.relations()) {
                String h = d.entities().get(r.head()).entityId().substring(9);
                String t = d.entities().get(r.tail()).entityId().substring(9);
                if (r.relation().equals("capital")) {
                    assertEquals(h + "/capital", t);
                } else {
                    Factbook.Country a = fb.byCode(h).orElseThrow();
                    Factbook.Country b = fb.byCode(t).orElseThrow();
                    assertTrue(fb.neighbours(a).contains(b.code()) || fb.neighbours(b).contains(a.code()), r.toString());
                }
            }
        }
    }

    @Test
    void documentRejectsMentionsThatAreNotItsText() {
        assertThrows(IllegalArgumentException.class, () -> new LinkedDocument("d", "a cat", List.of(
                new LinkedDocument.Mention(2, 5, "x", "dog")), List.of(), "g", Split.TRAIN));
        assertThrows(IllegalArgumentException.class, () -> new LinkedDocument("d", "a cat sat", List.of(
                new LinkedDocument.Mention(2, 5, "x", "cat"), new LinkedDocument.Mention(4, 7, "y", "t s")), List.of(), "g",
                Split.TRAIN));
    }
}
