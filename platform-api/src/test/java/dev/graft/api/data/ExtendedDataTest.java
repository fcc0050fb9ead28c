package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tasks and domains of the extended sources, built from small extended directories written here in the
 * format {@code graft data fetch --extended} writes, with lines taken from the real sources.
 */
class ExtendedDataTest {
    @TempDir
    Path dir;

    private static final String FULTON = "The/at Fulton/np-tl County/nn-tl Grand/jj-tl Jury/nn-tl said/vbd Friday/nr an/at "
            + "investigation/nn of/in Atlanta's/np$ recent/jj primary/nn election/nn produced/vbd ``/`` no/at "
            + "evidence/nn ''/'' that/cs any/dti irregularities/nns took/vbd place/nn ./.";

    @Test
    void brownSentencesReadAsText() {
        assertEquals("The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election "
                + "produced \"no evidence\" that any irregularities took place.", ExtendedBuilders.detokenize(FULTON));
        assertEquals("He said (quietly), \"yes.\"",
                ExtendedBuilders.detokenize("He/pps said/vbd (/( quietly/rb )/) ,/, ``/`` yes/rb ./. ''/''"));
    }

    @Test
    void brownPassagesAreFiveSentencesOfOneFileLabelledByItsGenre() throws IOException {
        List<String> tagged = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            tagged.add("ca01\t" + i + "\tNews/nn " + i + "/cd ./.");
        }
        for (int i = 1; i <= 5; i++) {
            tagged.add("ck01\t" + i + "\tStory/nn " + i + "/cd ./.");
        }
        for (int i = 1; i <= 4; i++) {
            tagged.add("cp01\t" + i + "\tLove/nn ./.");
        }
        write(ExtendedFile.BROWN_TAGGED, tagged);
        write(ExtendedFile.BROWN_CATEGORIES, List.of("ca01\tnews", "ck01\tfiction", "cp01\tromance"));
        ExtendedData x = new ExtendedData(dir, null);

        ClassificationTask genre = x.task(ExtendedTask.BROWN_GENRE);
        // 11 sentences give two passages (the eleventh is dropped), 5 give one, 4 give none.
        assertEquals(List.of("ca01#0", "ca01#1", "ck01#0"), genre.examples().stream().map(ClassificationExample::id).toList());
        assertEquals("News 1. News 2. News 3. News 4. News 5.", genre.examples().get(0).text());
        assertEquals(List.of("news", "news", "fiction"), genre.examples().stream().map(ClassificationExample::label).toList());
        assertEquals(Split.of("ca01"), genre.examples().get(1).split());

        ClassificationTask fiction = x.task(ExtendedTask.BROWN_FICTION_VS_NONFICTION);
        assertEquals(List.of("nonfiction", "nonfiction", "fiction"),
                fiction.examples().stream().map(ClassificationExample::label).toList());

        // Documents of ten sentences, the rest of a file a shorter one: ca01 gives 10 + 1, ck01 5 and cp01 4.
        assertEquals(List.of("brown:ca01#0", "brown:ca01#1"), x.domain(ExtendedDomain.NONFICTION_BROWN).map(Document::id).toList());
        assertEquals("News 11.", x.domain(ExtendedDomain.NONFICTION_BROWN).toList().get(1).text());
        assertEquals(List.of("brown:ck01#0", "brown:cp01#0"), x.domain(ExtendedDomain.FICTION_BROWN).map(Document::id).toList());
    }

    @Test
    void brownTagsLoseTheirTitleHeadlineAndCitationMarkersAndForeignWordsAreFw() {
        assertEquals("nn", ExtendedBuilders.simplifyBrownTag("nn-tl"));
        assertEquals("nn", ExtendedBuilders.simplifyBrownTag("nn-hl"));
        assertEquals("np", ExtendedBuilders.simplifyBrownTag("np-tl-hl"));
        assertEquals("nn$", ExtendedBuilders.simplifyBrownTag("nn$-tl"));
        assertEquals("pps+bez", ExtendedBuilders.simplifyBrownTag("pps+bez-nc"));
        assertEquals("--", ExtendedBuilders.simplifyBrownTag("---hl"));
        assertEquals("fw", ExtendedBuilders.simplifyBrownTag("fw-nn"));
        assertEquals("fw", ExtendedBuilders.simplifyBrownTag("fw-in+at-tl"));
        // Only whole markers go: the negation of "ain't" (ber-n) and tags that merely contain the letters stay.
        assertEquals("ppss+ber-n", ExtendedBuilders.simplifyBrownTag("ppss+ber-n"));
        assertEquals("vbd", ExtendedBuilders.simplifyBrownTag("vbd"));
        assertEquals("nc", ExtendedBuilders.simplifyBrownTag("nc"));
    }

    @Test
    void brownPosTagsEveryWordAndSplitsByFile() throws IOException {
        write(ExtendedFile.BROWN_TAGGED, List.of("ca01\t1\t" + FULTON, "cn07\t4\tHe/pps said/vbd ,/, ``/`` Oui/fw-rb ''/''"));
        ExtendedData x = new ExtendedData(dir, null);
        TaggingTask t = x.tagging(ExtendedTask.BROWN_POS);
        assertEquals(List.of("ca01#1", "cn07#4"), t.sentences().stream().map(TaggedSentence::id).toList());
        TaggedSentence fulton = t.sentences().getFirst();
        assertEquals(List.of("The", "Fulton", "County"), fulton.words().subList(0, 3));
        assertEquals(List.of("at", "np", "nn", "jj", "nn", "vbd"), fulton.tags().subList(0, 6));
        assertEquals("Atlanta's", fulton.words().get(10));
        assertEquals("np$", fulton.tags().get(10));
        assertEquals(List.of("pps", "vbd", ",", "``", "fw", "''"), t.sentences().get(1).tags());
        assertEquals(Split.of("cn07"), t.sentences().get(1).split());
        assertEquals("cn07", t.sentences().get(1).group());
        assertEquals(List.of("''", ",", ".", "``", "at", "cs", "dti", "fw", "in", "jj", "nn", "nns", "np", "np$", "nr",
                "pps", "vbd"), t.tags());
        int words = t.words(Split.TRAIN) + t.words(Split.DEV) + t.words(Split.TEST);
        assertEquals(25 + 6, words);
        DatasetStats stats = x.stats(ExtendedTask.BROWN_POS);
        assertEquals("tagging", stats.format());
        assertEquals(25 + 6, stats.total());
        assertEquals(17, stats.classes());

        assertThrows(IllegalArgumentException.class, () -> x.task(ExtendedTask.BROWN_POS));
        assertThrows(IllegalArgumentException.class, () -> x.tagging(ExtendedTask.BROWN_GENRE));
    }

    @Test
    void aBrownTokenWithoutItsTagNamesTheFileAndTheSentence() throws IOException {
        write(ExtendedFile.BROWN_TAGGED, List.of("ca01\t1\tThe/at jury"));
        BundleException e = assertThrows(BundleException.class,
                () -> new ExtendedData(dir, null).tagging(ExtendedTask.BROWN_POS));
        assertEquals(BundleException.Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("brown/tagged.tsv.gz") && e.getMessage().contains("Brown file ca01, sentence 1")
                && e.getMessage().contains("'jury' is not WORD/TAG"), e.getMessage());
    }

    @Test
    void foldocEntriesGiveTheirFirstCategoryAndFirstThreeSentences() {
        ExtendedBuilders.FoldocEntry advsys = ExtendedBuilders.foldoc("advsys", "ADVSYS <language, games> An {adventure} "
                + "game language designed by David Betz in 1986. ADVSYS is {object-oriented} and {Lisp}-like. "
                + "{(ftp://ftp.uu.net/usenet/comp.sources.games/volume2)}. (1995-03-20)");
        assertEquals("language", advsys.category());
        assertEquals("An adventure game language designed by David Betz in 1986. ADVSYS is object-oriented and Lisp-like.",
                advsys.text());

        ExtendedBuilders.FoldocEntry classic = ExtendedBuilders.foldoc("classic", "classic <jargon> An adjective used "
                + "before or after a noun. Examples include \"Star Trek Classic\". A third sentence. A fourth one. (1996-01-01)");
        assertEquals("jargon", classic.category());
        assertEquals("An adjective used before or after a noun. Examples include \"Star Trek Classic\". A third sentence.",
                classic.text());

        // No category list right after the headword: an e-mail address in angle brackets is not one, nor is a
        // category that follows other names.
        assertNull(ExtendedBuilders.foldoc("caml light", "Caml Light A small portable implementation of a version of "
                + "{CAML} by Xavier Leroy <Xavier.Leroy@inria.fr> and Damien Doligez of {INRIA}."));
        assertNull(ExtendedBuilders.foldoc("acp", "Algebra of Communicating Processes ACP <theory> (ACP) Compare {CCS}."));
        assertNull(ExtendedBuilders.foldoc("lgdf", "LGDF Large-Grain DataFlow. (2000-07-07)"));
    }

    @Test
    void foldocCategoriesWithFewEntriesAreDropped() throws IOException {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ExtendedBuilders.FOLDOC_MIN_CLASS; i++) {
            rows.add("lang" + i + "\tLang" + i + " <language> A language number " + i + ".");
        }
        rows.add("cpu\tCPU <processor> A processor.");
        write(ExtendedFile.FOLDOC_ENTRIES, rows);
        ClassificationTask t = new ExtendedData(dir, null).task(ExtendedTask.FOLDOC_CATEGORY);
        assertEquals(List.of("language"), t.labels());
        assertEquals(ExtendedBuilders.FOLDOC_MIN_CLASS, t.examples().size());
        assertEquals("lang7", t.examples().get(7).group());
    }

    @Test
    void fortunesOfTheTwentyCategoriesAreTheTaskAndTheDomainLeavesEightFilesOut() throws IOException {
        write(ExtendedFile.FORTUNES, List.of("art\tA celebrity is a person who is known for his well-knownness.",
                "cookie\tYou will be awarded some great honor.", "riddles\tQ: What is round? A: A circle.",
                "ethnic\tleft out", "art\tArt is long."));
        ExtendedData x = new ExtendedData(dir, null);
        ClassificationTask t = x.task(ExtendedTask.FORTUNE_CATEGORY);
        assertEquals(List.of("art#1", "riddles#1", "art#2"), t.examples().stream().map(ClassificationExample::id).toList());
        assertEquals(List.of("art", "riddles"), t.labels());
        assertEquals(Split.of("Art is long."), t.examples().get(2).split());
        assertEquals(List.of("fortune:art", "fortune:cookie", "fortune:riddles", "fortune:art#2"),
                x.domain(ExtendedDomain.QUOTATIONS_FORTUNES).map(Document::id).toList());
    }

    @Test
    void afinnPolarityTakesTheFirstSenseOfEachWordAndPartOfSpeech() {
        List<Gcide.Sense> senses = List.of(new Gcide.Sense("Abandon", "verb", null, "To cast or drive out."),
                new Gcide.Sense("Abandon", "verb", null, "To give up absolutely."),
                new Gcide.Sense("Abandon", "noun", null, "Abandonment; relinquishment."),
                new Gcide.Sense("Zest", "noun", null, "Something that gives a pleasant taste."),
                new Gcide.Sense("Table", "noun", null, "A flat surface."));
        Map<String, Integer> afinn = new HashMap<>(Map.of("abandon", -2, "zest", 2, "table", 0));
        ClassificationTask t = ExtendedBuilders.afinnGcide("afinn_gcide_def_polarity", senses, afinn);
        Map<String, String> byId = new HashMap<>();
        t.examples().forEach(e -> byId.put(e.id(), e.label() + ": " + e.text()));
        assertEquals(Map.of("abandon/verb", "negative: To cast or drive out.",
                "abandon/noun", "negative: Abandonment; relinquishment.",
                "zest/noun", "positive: Something that gives a pleasant taste."), byId);
        assertTrue(t.examples().stream().allMatch(e -> e.split() == Split.of(e.group())));
    }

    @Test
    void aMissingFileNamesItselfAndTheCommandThatFetchesIt() {
        BundleException e = assertThrows(BundleException.class, () -> new ExtendedData(dir, null).task(ExtendedTask.BROWN_GENRE));
        assertEquals(BundleException.Kind.MISSING, e.kind());
        assertTrue(e.getMessage().contains(dir.resolve("brown").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("graft data fetch --extended --only brown"), e.getMessage());
        assertEquals(List.of(ExtendedFile.BROWN_TAGGED, ExtendedFile.BROWN_CATEGORIES),
                new ExtendedData(dir, null).missing(ExtendedTask.BROWN_GENRE.files()));
    }

    @Test
    void aMalformedOrCorruptFileNamesTheLine() throws IOException {
        write(ExtendedFile.FORTUNES, List.of("art\tfine", "art without a tab"));
        BundleException e = assertThrows(BundleException.class,
                () -> new ExtendedData(dir, null).task(ExtendedTask.FORTUNE_CATEGORY));
        assertEquals(BundleException.Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("line 2 has 1 tab-separated fields, expected 2"), e.getMessage());

        Files.createDirectories(dir.resolve(ExtendedFile.FOLDOC_ENTRIES.path()).getParent());
        Files.writeString(dir.resolve(ExtendedFile.FOLDOC_ENTRIES.path()), "not gzip");
        BundleException c = assertThrows(BundleException.class,
                () -> new ExtendedData(dir, null).task(ExtendedTask.FOLDOC_CATEGORY));
        assertEquals(BundleException.Kind.CORRUPT, c.kind());
        assertTrue(c.getMessage().contains("foldoc/entries.tsv.gz"), c.getMessage());
    }

    @Test
    void spamVsHamLabelsByCorpusKeepsCopiesOfAMessageInOneSplitAndCutsTheText() throws IOException {
        String md5 = "7c53336b37003a9286aba55d2945844c";
        String longBody = "word ".repeat(500).strip();
        write(ExtendedFile.SPAMASSASSIN_MESSAGES, List.of(
                "easy-ham-1\t00001." + md5 + "\tRe: New Sequences Window\tI can't reproduce this error.",
                "hard-ham-1\t00002.0f1f8d8b91f935166791f0d2e612d4af\t\tA body without a subject.",
                "spam-1\t00003.1a31cc283af0060967a233d26548a6ce\tFREE OFFER\t" + longBody,
                "spam-2\t00004." + md5 + "\tRe: New Sequences Window\tI can't reproduce this error."));
        ExtendedData x = new ExtendedData(dir, null);

        ClassificationTask t = x.task(ExtendedTask.SPAM_VS_HAM);
        assertEquals(List.of("ham", "spam"), t.labels());
        List<ClassificationExample> ex = t.examples();
        assertEquals(List.of("ham", "ham", "spam", "spam"), ex.stream().map(ClassificationExample::label).toList());
        assertEquals("Re: New Sequences Window I can't reproduce this error.", ex.get(0).text());
        assertEquals("A body without a subject.", ex.get(1).text());
        assertEquals(("FREE OFFER " + longBody).substring(0, 2_000), ex.get(2).text());
        // the group is the message's MD5: the same message filed in two corpora is in one split
        assertEquals(md5, ex.get(0).group());
        assertEquals(ex.get(0).group(), ex.get(3).group());
        assertEquals(Split.of(md5), ex.get(3).split());
        assertEquals("spam-2/00004." + md5, ex.get(3).id());

        // the e-mail domain is the ham only
        assertEquals(List.of("spamassassin:easy-ham-1/00001." + md5, "spamassassin:hard-ham-1/00002.0f1f8d8b91f935166791f0d2e612d4af"),
                x.domain(ExtendedDomain.EMAIL_SPAMASSASSIN_HAM).map(Document::id).toList());
    }

    private void write(ExtendedFile file, List<String> lines) throws IOException {
        Path p = dir.resolve(file.path());
        Files.createDirectories(p.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
