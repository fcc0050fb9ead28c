package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskBuildersTest {
    private final DataSources s = TestBundle.sources();
    private final DataCatalog catalog = new DataCatalog(s, null);

    static void assertGroupsStayInOneSplit(String name, List<String> groups, List<Split> splits) {
        Map<String, Split> seen = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            Split prev = seen.putIfAbsent(groups.get(i), splits.get(i));
            assertTrue(prev == null || prev == splits.get(i), name + ": group " + groups.get(i) + " crosses splits");
            assertEquals(Split.of(groups.get(i)), splits.get(i), name + ": split of " + groups.get(i));
        }
    }

    @Test
    void everyTaskHasUniqueIdsKnownLabelsAndGroupSplits() {
        for (Dataset d : Dataset.values()) {
            if (d.kind() != Dataset.Kind.CLASSIFICATION) {
                continue;
            }
            ClassificationTask t = catalog.task(d);
            assertFalse(t.examples().isEmpty(), d.label());
            Set<String> ids = new HashSet<>();
            t.examples().forEach(e -> assertTrue(ids.add(e.id()), d.label() + ": duplicate id " + e.id()));
            assertGroupsStayInOneSplit(d.label(), t.examples().stream().map(ClassificationExample::group).toList(),
                    t.examples().stream().map(ClassificationExample::split).toList());
        }
    }

    @Test
    void supersenseLabelsAreTheSynsetsLexnames() {
        WordNet wn = s.wordNet();
        for (ClassificationExample e : catalog.task(Dataset.WN_NOUN_SUPERSENSE).examples()) {
            WordNet.Synset syn = wn.synset(e.id());
            assertEquals('n', syn.pos());
            assertEquals(syn.lexname(), e.label());
            assertEquals(syn.definition(), e.text());
        }
        long verbs = wn.synsets().stream().filter(x -> x.pos() == 'v').count();
        assertEquals(verbs, catalog.task(Dataset.WN_VERB_SUPERSENSE).examples().size());
    }

    @Test
    void relationTypePairsAreUnambiguousWordNetPointers() {
        WordNet wn = s.wordNet();
        Map<String, Set<String>> truth = new HashMap<>();
        for (WordNet.Pointer p : wn.pointers()) {
            String a = p.isLexical() ? p.sourceWord() : wn.synset(p.head()).head();
            String b = p.isLexical() ? p.targetWord() : wn.synset(p.tail()).head();
            truth.computeIfAbsent(a + "\t" + b, k -> new HashSet<>()).add(p.relation().label());
        }
        ClassificationTask t = catalog.task(Dataset.WN_RELATION_TYPE);
        Set<String> unordered = new HashSet<>();
        for (ClassificationExample e : t.examples()) {
            assertEquals(Set.of(e.label()), truth.get(e.text() + "\t" + e.textPair()), e.id());
            String a = e.text().toLowerCase(Locale.ROOT);
            String b = e.textPair().toLowerCase(Locale.ROOT);
            assertTrue(unordered.add(a.compareTo(b) < 0 ? a + "\t" + b : b + "\t" + a), "pair twice: " + e.id());
        }
        assertTrue(t.labels().size() <= 16);
        assertTrue(t.isPairTask());
    }

    @Test
    void capKeepsTheHashSmallestPerClassInOrder() {
        List<ClassificationExample> ex = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ex.add(new ClassificationExample("x" + i, "t", null, i % 2 == 0 ? "even" : "odd", "g" + i, Split.of("g" + i)));
        }
        List<ClassificationExample> kept = TaskBuilders.capPerClass(Dataset.WN_POS.label(), ex, 10);
        assertEquals(20, kept.size());
        assertEquals(10, kept.stream().filter(e -> e.label().equals("even")).count());
        for (int i = 1; i < kept.size(); i++) {
            assertTrue(ex.indexOf(kept.get(i - 1)) < ex.indexOf(kept.get(i)), "original order kept");
        }
        long maxKept = kept.stream().filter(e -> e.label().equals("odd"))
                .mapToLong(e -> Split.hash64("wn_pos/" + e.id())).max().getAsLong();
        ex.stream().filter(e -> e.label().equals("odd") && !kept.contains(e)).forEach(e ->
                assertTrue(Long.compareUnsigned(Split.hash64("wn_pos/" + e.id()), maxKept) > 0, e.id()));
    }

    @Test
    void polarityLabelsFollowTheAfinnSignOfTheWordsFirstSense() {
        Map<String, Integer> afinn = s.afinn();
        WordNet wn = s.wordNet();
        for (ClassificationExample e : catalog.task(Dataset.AFINN_WN_GLOSS_POLARITY).examples()) {
            String word = e.group();
            int v = afinn.entrySet().stream().filter(x -> x.getKey().toLowerCase(Locale.ROOT).equals(word))
                    .findFirst().orElseThrow().getValue();
            assertEquals(v > 0 ? "positive" : "negative", e.label(), e.id());
            char pos = e.id().charAt(e.id().length() - 1);
            WordNet.Synset first = null;
            int best = Integer.MAX_VALUE;
            for (WordNet.Synset syn : wn.synsets()) {
                for (WordNet.Lemma l : syn.lemmas()) {
                    if (syn.basePos() == pos && l.text().equalsIgnoreCase(word) && l.senseRank() < best) {
                        best = l.senseRank();
                        first = syn;
                    }
                }
            }
            assertEquals(first.definition(), e.text(), e.id());
        }
    }

    @Test
    void pydocParagraphsAreLabelledWithTheirFolder() {
        for (ClassificationExample e : catalog.task(Dataset.PYDOC_SECTION).examples()) {
            assertEquals(e.group().substring(0, e.group().indexOf('/')), e.label());
            assertTrue(TaskBuilders.words(e.text()) >= TaskBuilders.PYDOC_MIN_WORDS);
        }
    }

    @Test
    void buildsAreIdenticalFreshAndFromTheCache(@TempDir Path cacheRoot) {
        DataCatalog cached = new DataCatalog(new DataSources(TestBundle.open()), new DatasetCache(cacheRoot, TestBundle.open()));
        for (Dataset d : Dataset.values()) {
            if (d.kind() == Dataset.Kind.LINKED_CORPUS) {
                assertEquals(catalog.linkedCorpus(d), cached.linkedCorpus(d), d.label() + " build");
                assertEquals(catalog.linkedCorpus(d), cached.linkedCorpus(d), d.label() + " from cache");
                continue;
            }
            DatasetStats fresh = catalog.stats(d);
            assertEquals(fresh, cached.stats(d), d.label() + " first build through the cache");
            assertEquals(fresh, cached.stats(d), d.label() + " read back from the cache");
        }
        assertTrue(java.nio.file.Files.exists(cached.cache().orElseThrow().directory().resolve("wn_pos.jsonl.gz")));
    }

    @Test
    void unreadableCacheEntryIsRebuilt(@TempDir Path cacheRoot) throws Exception {
        DatasetCache cache = new DatasetCache(cacheRoot, TestBundle.open());
        DataCatalog cached = new DataCatalog(TestBundle.sources(), cache);
        DatasetStats first = cached.stats(Dataset.WN_POS);
        java.nio.file.Files.write(cache.directory().resolve("wn_pos.jsonl.gz"), new byte[] {1, 2, 3});
        assertEquals(first, cached.stats(Dataset.WN_POS));
    }
}
