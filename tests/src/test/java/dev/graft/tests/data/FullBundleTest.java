package dev.graft.tests.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.data.BagOfWordsBaseline;
import dev.graft.api.data.ClassificationExample;
import dev.graft.api.data.ClassificationTask;
import dev.graft.api.data.DataBundle;
import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.DataSources;
import dev.graft.api.data.Dataset;
import dev.graft.api.data.DatasetCache;
import dev.graft.api.data.DatasetStats;
import dev.graft.api.data.Domain;
import dev.graft.api.data.Factbook;
import dev.graft.api.data.LinkedDocument;
import dev.graft.api.data.QaExample;
import dev.graft.api.data.QaSet;
import dev.graft.api.data.Split;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full build of every dataset from the repository's {@code data/} bundle, checked against the data
 * plan ({@code research/data.md}): example counts within 2 %, majority-class test accuracy within one point,
 * the QA invariants, group-key splits, determinism, and the bag-of-words baseline within three points of
 * the plan's linear SVM.
 */
class FullBundleTest {
    /** A reference from the data plan: total examples and the majority-class test accuracy (NaN: none given). */
    record Reference(int examples, double majority) {
    }

    /** The data plan's tables (§3 and §4) for the datasets the embedded bundle provides. */
    static final Map<Dataset, Reference> PLAN = new LinkedHashMap<>();

    static {
        PLAN.put(Dataset.WN_NOUN_SUPERSENSE, new Reference(82_115, 0.140));
        PLAN.put(Dataset.WN_VERB_SUPERSENSE, new Reference(13_767, 0.187));
        PLAN.put(Dataset.WN_POS, new Reference(47_388, 0.309));
        PLAN.put(Dataset.WN_RELATION_TYPE, new Reference(32_923, 0.077));
        PLAN.put(Dataset.AFINN_WN_GLOSS_POLARITY, new Reference(3_010, 0.671));
        PLAN.put(Dataset.PYDOC_SECTION, new Reference(10_860, 0.103));
        PLAN.put(Dataset.WN_HYPERNYM_SPAN, new Reference(56_918, Double.NaN));
        PLAN.put(Dataset.WN_EXAMPLE_WORD_SPAN, new Reference(46_134, Double.NaN));
        PLAN.put(Dataset.FACTBOOK_FIELD_SPAN, new Reference(2_102, Double.NaN));
        PLAN.put(Dataset.WN_WHICH_WORD_MC, new Reference(73_194, Double.NaN));
        PLAN.put(Dataset.FACTBOOK_CAPITAL_MC, new Reference(226, Double.NaN));
        PLAN.put(Dataset.PYFAQ_ANSWER_MC, new Reference(165, Double.NaN));
        PLAN.put(Dataset.WN_ISA_YESNO, new Reference(81_240, 0.509));
        PLAN.put(Dataset.WN_PART_YESNO, new Reference(9_064, 0.507));
        PLAN.put(Dataset.WN_ANTONYM_YESNO, new Reference(3_986, 0.511));
        PLAN.put(Dataset.FACTBOOK_BORDERS_YESNO, new Reference(869, 0.500));
    }

    /**
     * Where this build departs from the plan beyond the tolerance, and why (see docs/data.md). Each entry is
     * asserted to still be outside the tolerance, so the list cannot go stale.
     */
    static final Map<String, String> KNOWN_DEVIATIONS = Map.of(
            "afinn_wn_gloss_polarity majority",
            "about 290 test examples in word groups: over 1,000 salted re-draws of the same split rule the majority "
                    + "accuracy spans 0.58-0.69 (5th-95th percentile); the plan's prototype used another hash draw",
            "pydoc_section majority",
            "test is about 10 % of 300 files, with 'whatsnew' files of 300-400 paragraphs each: over 1,000 salted "
                    + "re-draws the majority accuracy spans 0.00-0.39 (5th-95th percentile), so the draw decides it",
            "wn_antonym_yesno majority",
            "the set is balanced within each split by construction, so its majority accuracy is 0.50 within one "
                    + "example; the plan's 0.511 reflects its prototype's 51/49 hash draw",
            "factbook_borders_yesno examples",
            "one yes and one no question per listed neighbour (636 pairs); the plan's 435 pairs come from a parse "
                    + "that splits border lists at \", \" and so drops every border of 1,000 km or more");

    static DataBundle bundle;
    static DataCatalog catalog;
    static final Map<Dataset, DatasetStats> STATS = new EnumMap<>(Dataset.class);

    @BeforeAll
    static void buildEverything() {
        bundle = DataBundle.locate();
        bundle.verify();
        catalog = DataCatalog.uncached(bundle);
        for (Dataset d : PLAN.keySet()) {
            STATS.put(d, catalog.stats(d));
        }
    }

    private static boolean countWithin(DatasetStats s, Reference r) {
        return Math.abs(s.total() - r.examples()) <= 0.02 * r.examples();
    }

    private static boolean majorityWithin(DatasetStats s, Reference r) {
        return Double.isNaN(r.majority()) || Math.abs(s.majorityAccuracy() - r.majority()) <= 0.01 + 1e-9;
    }

    @Test
    void countsWithinTwoPercentAndMajorityWithinOnePointOfThePlan() {
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<Dataset, Reference> e : PLAN.entrySet()) {
            DatasetStats s = STATS.get(e.getKey());
            String name = e.getKey().label();
            check(failures, name + " examples", countWithin(s, e.getValue()),
                    s.total() + " vs " + e.getValue().examples());
            check(failures, name + " majority", majorityWithin(s, e.getValue()),
                    String.format("%.3f vs %.3f", s.majorityAccuracy(), e.getValue().majority()));
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    private static void check(StringBuilder failures, String what, boolean ok, String detail) {
        boolean known = KNOWN_DEVIATIONS.containsKey(what);
        if (!ok && !known) {
            failures.append(what).append(": ").append(detail).append('\n');
        }
        if (ok && known) {
            failures.append(what).append(" is now within tolerance (").append(detail)
                    .append("): remove it from KNOWN_DEVIATIONS and docs/data.md\n");
        }
    }

    /** The split rule written out independently: int(md5(key).hexdigest()[:8], 16) % 100 → 80/10/10. */
    private static Split referenceSplit(String key) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
        int b = new BigInteger(hex.substring(0, 8), 16).mod(BigInteger.valueOf(100)).intValue();
        return b < 80 ? Split.TRAIN : b < 90 ? Split.DEV : Split.TEST;
    }

    @Test
    void noGroupCrossesSplitsAndEverySplitFollowsTheHashRule() throws Exception {
        for (Dataset d : PLAN.keySet()) {
            Map<String, Split> groups = new HashMap<>();
            List<String[]> rows = switch (d.kind()) {
                case CLASSIFICATION -> catalog.task(d).examples().stream()
                        .map(e -> new String[] {e.group(), e.split().name()}).toList();
                case QA -> catalog.qaSet(d).examples().stream()
                        .map(e -> new String[] {e.group(), e.split().name()}).toList();
                case LINKED_CORPUS -> List.of();
            };
            for (String[] r : rows) {
                Split s = Split.valueOf(r[1]);
                Split prev = groups.putIfAbsent(r[0], s);
                assertTrue(prev == null || prev == s, d.label() + ": group " + r[0] + " in two splits");
            }
            for (Map.Entry<String, Split> g : groups.entrySet()) {
                assertEquals(referenceSplit(g.getKey()), g.getValue(), d.label() + ": group " + g.getKey());
            }
        }
    }

    @Test
    void qaInvariantsHoldOnTheFullSets() {
        for (Dataset d : PLAN.keySet()) {
            if (d.kind() != Dataset.Kind.QA) {
                continue;
            }
            QaSet q = catalog.qaSet(d);
            int yes = 0;
            for (QaExample e : q.examples()) {
                switch (e) {
                    case QaExample.Extractive x -> assertEquals(x.answer(),
                            x.context().substring(x.answerStart(), x.answerStart() + x.answer().length()), x.id());
                    case QaExample.MultipleChoice m -> {
                        assertEquals(4, m.options().size(), m.id());
                        assertEquals(4, m.options().stream().map(o -> o.toLowerCase(java.util.Locale.ROOT)).distinct().count(),
                                m.id() + ": one correct option among distinct options");
                    }
                    case QaExample.YesNo y -> yes += y.answer() ? 1 : 0;
                }
            }
            if (q.format() == dev.graft.api.data.QaFormat.YES_NO) {
                double share = (double) yes / q.examples().size();
                assertEquals(0.5, share, 0.02, d.label() + " yes share");
                for (Split s : Split.values()) {
                    long y = q.examples(s).stream().filter(e -> ((QaExample.YesNo) e).answer()).count();
                    assertEquals(0.5, (double) y / q.examples(s).size(), 0.02, d.label() + " " + s + " yes share");
                }
            }
        }
    }

    @Test
    void buildsAreIdenticalFreshCachedAndAcrossMachines(@TempDir Path cacheRoot) throws IOException {
        DataCatalog cached = new DataCatalog(new DataSources(bundle), new DatasetCache(cacheRoot, bundle));
        Map<String, String> golden = goldenFingerprints();
        for (Dataset d : PLAN.keySet()) {
            DatasetStats first = STATS.get(d);
            assertEquals(first, cached.stats(d), d.label() + ": built again through the cache");
            assertEquals(first, cached.stats(d), d.label() + ": read back from the cache");
            assertEquals(golden.get(d.label()), first.fingerprint(), d.label() + ": fingerprint of ids, splits and answers"
                    + " (if a builder changed on purpose: bump DatasetCache.BUILDER_VERSION and regenerate fingerprints.tsv)");
        }
    }

    /**
     * Fingerprints recorded from a build of this bundle: they pin ids, splits and answers across machines and
     * Java versions. Regenerate them ({@code graft data stats --json}) only when the bundle or a builder changes
     * on purpose, and bump {@link DatasetCache#BUILDER_VERSION} then.
     */
    private static Map<String, String> goldenFingerprints() throws IOException {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = FullBundleTest.class.getResourceAsStream("fingerprints.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split("\t");
                    out.put(f[0], f[1]);
                }
            }
        }
        return out;
    }

    @Test
    void bagOfWordsBaselineIsWithinThreePointsOfThePlansLinearSvm() {
        Map<Dataset, Double> svm = Map.of(Dataset.WN_NOUN_SUPERSENSE, 0.835, Dataset.WN_POS, 0.872,
                Dataset.WN_RELATION_TYPE, 0.694);
        for (Map.Entry<Dataset, Double> e : svm.entrySet()) {
            ClassificationTask t = catalog.task(e.getKey());
            BagOfWordsBaseline.Result r = BagOfWordsBaseline.run(t, BagOfWordsBaseline.Config.DEFAULT);
            assertEquals(e.getValue(), r.testAccuracy(), 0.03, e.getKey().label() + " test accuracy");
        }
    }

    @Test
    void domainsAndLinkedCorporaHaveThePlansSize() {
        Map<Domain, Integer> plan = Map.of(Domain.SCRIPTURE_KJV, 1_189, Domain.DEFINITIONS_WN_DEVIL_JARGON, 120_965,
                Domain.ENCYCLOPEDIC_FACTBOOK, 12_334, Domain.PROGRAMMING_PYDOC, 16_537);
        for (Map.Entry<Domain, Integer> e : plan.entrySet()) {
            long n = catalog.domain(e.getKey()).count();
            assertEquals(e.getValue(), n, 0.03 * e.getValue(), e.getKey().label() + " documents");
        }
        List<LinkedDocument> gloss = catalog.linkedCorpus(Dataset.WN_GLOSS_EL);
        assertEquals(117_659, gloss.size());
        long relations = gloss.stream().mapToLong(x -> x.relations().size()).sum();
        long withRelation = gloss.stream().filter(x -> !x.relations().isEmpty()).count();
        assertEquals(94_721, relations, 0.05 * 94_721, "knowledge-base relations in glosses");
        assertEquals(76_453, withRelation, 0.05 * 76_453, "glosses with at least one relation");
    }

    @Test
    void bordersNamedByAbbreviationOrShortenedNameResolve() {
        Factbook fb = Factbook.load(bundle);
        // Named in the border lists as the Factbook writes them: "US", "UAE", "UK", "Holy See".
        Map<String, String> neighbour = Map.of("ca", "us", "mu", "ae", "ei", "uk", "it", "vt");
        neighbour.forEach((country, expected) -> {
            Factbook.Country c = fb.byCode(country).orElseThrow();
            assertTrue(fb.neighbours(c).contains(expected), c.name() + " borders " + c.borders() + ", resolved to "
                    + fb.neighbours(c));
        });
        assertEquals("ae", fb.resolve("uae").orElseThrow().code());
    }

    @Test
    void relationTypeExamplesAreWordPairs() {
        ClassificationTask t = catalog.task(Dataset.WN_RELATION_TYPE);
        assertEquals(16, t.labels().size());
        for (ClassificationExample e : t.examples()) {
            assertFalse(e.textPair() == null || e.textPair().isBlank(), e.id());
        }
        assertTrue(Files.isRegularFile(bundle.directory().resolve("NOTICE")));
    }
}
