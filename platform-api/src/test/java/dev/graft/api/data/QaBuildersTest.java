package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QaBuildersTest {
    private final DataSources s = TestBundle.sources();
    private final DataCatalog catalog = new DataCatalog(s, null);

    @Test
    void everySetHasUniqueIdsAndGroupSplits() {
        for (Dataset d : Dataset.values()) {
            if (d.kind() != Dataset.Kind.QA) {
                continue;
            }
            QaSet q = catalog.qaSet(d);
            assertFalse(q.examples().isEmpty(), d.label());
            assertEquals(d.format(), q.format());
            Set<String> ids = new HashSet<>();
            q.examples().forEach(e -> assertTrue(ids.add(e.id()), d.label() + ": duplicate id " + e.id()));
            TaskBuildersTest.assertGroupsStayInOneSplit(d.label(), q.examples().stream().map(QaExample::group).toList(),
                    q.examples().stream().map(QaExample::split).toList());
        }
    }

    @Test
    void extractiveAnswersAreTheContextAtTheirOffset() {
        for (Dataset d : List.of(Dataset.WN_HYPERNYM_SPAN, Dataset.WN_EXAMPLE_WORD_SPAN, Dataset.FACTBOOK_FIELD_SPAN)) {
            for (QaExample e : catalog.qaSet(d).examples()) {
                QaExample.Extractive x = (QaExample.Extractive) e;
                assertEquals(x.answer(), x.context().substring(x.answerStart(), x.answerStart() + x.answer().length()));
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> new QaExample.Extractive("x", "q", "the cat", "dog", 4, "g", Split.TRAIN));
    }

    @Test
    void hypernymSpansAreFormsOfAHypernymLemma() {
        WordNet wn = s.wordNet();
        for (QaExample e : catalog.qaSet(Dataset.WN_HYPERNYM_SPAN).examples()) {
            QaExample.Extractive x = (QaExample.Extractive) e;
            WordNet.Synset syn = wn.synset(x.id());
            boolean ok = wn.hypernyms(syn.id()).stream().flatMap(h -> wn.synset(h).lemmas().stream())
                    .anyMatch(l -> wn.morphology().forms(l.text(), syn.pos()).contains(x.answer()));
            assertTrue(ok, x.id() + ": " + x.answer());
        }
    }

    @Test
    void multipleChoiceHasExactlyOneCorrectOptionAndBalancedPositions() {
        WordNet wn = s.wordNet();
        for (QaExample e : catalog.qaSet(Dataset.WN_WHICH_WORD_MC).examples()) {
            QaExample.MultipleChoice m = (QaExample.MultipleChoice) e;
            assertEquals(4, m.options().size());
            Set<String> lemmas = new HashSet<>();
            wn.synset(m.id()).lemmas().forEach(l -> lemmas.add(l.text().toLowerCase(Locale.ROOT)));
            long correct = m.options().stream().filter(o -> lemmas.contains(o.toLowerCase(Locale.ROOT))).count();
            assertEquals(1, correct, m.id() + " " + m.options());
            assertTrue(lemmas.contains(m.answerText().toLowerCase(Locale.ROOT)));
        }
        Factbook fb = s.factbook();
        for (QaExample e : catalog.qaSet(Dataset.FACTBOOK_CAPITAL_MC).examples()) {
            QaExample.MultipleChoice m = (QaExample.MultipleChoice) e;
            assertEquals(fb.byCode(m.id()).orElseThrow().capital(), m.answerText());
        }
        for (Dataset d : List.of(Dataset.WN_WHICH_WORD_MC, Dataset.FACTBOOK_CAPITAL_MC, Dataset.PYFAQ_ANSWER_MC)) {
            QaSet q = catalog.qaSet(d);
            for (Split split : Split.values()) {
                int[] counts = new int[4];
                q.examples(split).forEach(e -> counts[((QaExample.MultipleChoice) e).label()]++);
                int min = java.util.Arrays.stream(counts).min().getAsInt();
                int max = java.util.Arrays.stream(counts).max().getAsInt();
                assertTrue(max - min <= 1, d.label() + " " + split + " positions " + java.util.Arrays.toString(counts));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new QaExample.MultipleChoice("x", "q", "", List.of("a", "A"), 0,
                "g", Split.TRAIN));
    }

    @Test
    void everyFormatCastsToOneTextToTextInputWithTheAnswerTextAsTarget() {
        QaExample span = new QaExample.Extractive("s", "What is a dog a kind of?", "dog: a domesticated canine.",
                "canine", 20, "g", Split.TRAIN);
        assertEquals("What is a dog a kind of?\ndog: a domesticated canine.", span.textToTextInput());
        QaExample choice = new QaExample.MultipleChoice("m", "What is the capital of France?", "France is in Europe.",
                List.of("Lyon", "Paris", "Nice", "Lille"), 1, "g", Split.TRAIN);
        assertEquals("What is the capital of France?\nFrance is in Europe.\n(a) Lyon (b) Paris (c) Nice (d) Lille",
                choice.textToTextInput());
        assertEquals("Paris", choice.answerText());
        QaExample noContext = new QaExample.MultipleChoice("w", "Which word means \"a young dog\"?", "",
                List.of("kitten", "puppy"), 1, "g", Split.TRAIN);
        assertEquals("Which word means \"a young dog\"?\n(a) kitten (b) puppy", noContext.textToTextInput());
        QaExample polar = new QaExample.YesNo("y", "Does France border Spain?", "Western Europe", true, "g", Split.TRAIN);
        assertEquals("Does France border Spain?\nWestern Europe", polar.textToTextInput());
        assertEquals("yes", polar.answerText());
        List<String> many = java.util.stream.IntStream.range(0, 27).mapToObj(i -> "o" + i).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QaExample.MultipleChoice("x", "q", "", many, 0, "g", Split.TRAIN));
        assertTrue(e.getMessage().contains("27 options; at most 26"), e.getMessage());
    }

    @Test
    void yesNoSetsAreBalancedWithinTwoPointsPerSplitAndTrue() {
        for (Dataset d : List.of(Dataset.WN_ISA_YESNO, Dataset.WN_PART_YESNO, Dataset.WN_ANTONYM_YESNO,
                Dataset.FACTBOOK_BORDERS_YESNO)) {
            QaSet q = catalog.qaSet(d);
            for (Split split : Split.values()) {
                List<QaExample> ex = q.examples(split);
                long yes = ex.stream().filter(e -> ((QaExample.YesNo) e).answer()).count();
                assertTrue(Math.abs(yes - (ex.size() - yes)) <= Math.max(1, 0.02 * ex.size()),
                        d.label() + " " + split + ": " + yes + " yes of " + ex.size());
            }
        }
        WordNet wn = s.wordNet();
        Pattern isa = Pattern.compile("^Is an? (.+) a kind of (.+)\\?$");
        for (QaExample e : catalog.qaSet(Dataset.WN_ISA_YESNO).examples()) {
            QaExample.YesNo y = (QaExample.YesNo) e;
            Matcher m = isa.matcher(y.question());
            assertTrue(m.matches(), y.question());
            assertEquals(wn.synset(y.id()).head(), m.group(1));
            boolean hypernymWord = wn.hypernyms(y.id()).stream().anyMatch(h -> wn.synset(h).head().equals(m.group(2)));
            boolean ancestorWord = wn.ancestors(y.id()).stream().flatMap(a -> wn.synset(a).lemmas().stream())
                    .anyMatch(l -> l.text().equalsIgnoreCase(m.group(2)));
            if (y.answer()) {
                assertTrue(hypernymWord, y.question());
            } else {
                assertFalse(ancestorWord, y.question());
            }
        }
        Factbook fb = s.factbook();
        for (QaExample e : catalog.qaSet(Dataset.FACTBOOK_BORDERS_YESNO).examples()) {
            QaExample.YesNo y = (QaExample.YesNo) e;
            Factbook.Country x = fb.byCode(y.group()).orElseThrow();
            String other = y.question().substring(("Does " + x.name() + " border ").length(), y.question().length() - 1);
            Factbook.Country z = fb.countries().stream().filter(c -> other.equals(c.name())).findFirst().orElseThrow();
            boolean adjacent = fb.neighbours(x).contains(z.code()) || fb.neighbours(z).contains(x.code());
            assertEquals(y.answer(), adjacent, y.question());
        }
    }

    @Test
    void antonymNegativesAreNotAntonyms() {
        WordNet wn = s.wordNet();
        Set<String> pairs = new HashSet<>();
        for (WordNet.Pointer p : wn.pointers()) {
            if (p.relation() == Relation.ANTONYM) {
                pairs.add(p.sourceWord().toLowerCase(Locale.ROOT) + "|" + p.targetWord().toLowerCase(Locale.ROOT));
                pairs.add(p.targetWord().toLowerCase(Locale.ROOT) + "|" + p.sourceWord().toLowerCase(Locale.ROOT));
            }
        }
        Pattern q = Pattern.compile("^Is \"(.+)\" the opposite of \"(.+)\"\\?$");
        for (QaExample e : catalog.qaSet(Dataset.WN_ANTONYM_YESNO).examples()) {
            Matcher m = q.matcher(e.question());
            assertTrue(m.matches(), e.question());
            String key = m.group(1).toLowerCase(Locale.ROOT) + "|" + m.group(2).toLowerCase(Locale.ROOT);
            assertEquals(((QaExample.YesNo) e).answer(), pairs.contains(key), e.question());
        }
    }

    @Test
    void factbookFieldAnswersAreTheFieldValues() {
        Factbook fb = s.factbook();
        for (QaExample e : catalog.qaSet(Dataset.FACTBOOK_FIELD_SPAN).examples()) {
            String code = e.id().substring(0, e.id().indexOf('/'));
            String key = e.id().substring(e.id().indexOf('/') + 1);
            FactbookField f = java.util.Arrays.stream(FactbookField.values()).filter(x -> x.key().equals(key)).findFirst()
                    .orElseThrow();
            assertEquals(fb.byCode(code).orElseThrow().fields().get(f), e.answerText());
            assertNotEquals("none", e.answerText());
        }
    }
}
