package dev.graft.tests.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.api.data.DataBundle;
import dev.graft.api.data.Dataset;
import dev.graft.runtime.cli.ExitCodes;
import dev.graft.runtime.cli.GraftRun;
import dev.graft.runtime.cli.GraftVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft data ...} end to end, through the real command line. */
class DataCommandTest {
    @Test
    void statsJsonListsEveryTaskAndQaSetWithCountsClassesAndMajority(@TempDir Path home) {
        GraftRun r = GraftRun.of(home, "data", "stats", "--json");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        JsonArray a = JsonParser.parseString(r.out()).getAsJsonArray();
        Set<String> expected = Stream.of(Dataset.values()).filter(d -> d.kind() != Dataset.Kind.LINKED_CORPUS)
                .map(Dataset::label).collect(Collectors.toSet());
        assertEquals(expected, a.asList().stream().map(e -> e.getAsJsonObject().get("name").getAsString())
                .collect(Collectors.toSet()));
        for (JsonElement e : a) {
            JsonObject o = e.getAsJsonObject();
            JsonObject c = o.getAsJsonObject("counts");
            assertTrue(c.get("train").getAsInt() > c.get("dev").getAsInt(), o.toString());
            assertTrue(c.get("test").getAsInt() > 0, o.toString());
            String format = o.get("format").getAsString();
            assertTrue(Set.of("classification", "extractive", "multiple_choice", "yes_no").contains(format));
            if (format.equals("extractive")) {
                assertTrue(o.get("majority_test_accuracy").isJsonNull());
                assertEquals(0, o.get("classes").getAsInt());
            } else {
                double m = o.get("majority_test_accuracy").getAsDouble();
                assertTrue(m > 0 && m < 1, o.toString());
                assertTrue(o.get("classes").getAsInt() >= 2, o.toString());
            }
        }
        assertTrue(Files.isDirectory(home.resolve("cache/data")), "stats fills the cache under the Graft home");

        GraftRun show = GraftRun.of(home, "data", "show", "wn_isa_yesno", "--split", "test", "--n", "3");
        assertEquals(ExitCodes.OK, show.code(), show.err());
        assertEquals(3, show.out().strip().split("\n").length);
        assertTrue(show.out().contains("\"split\":\"TEST\""), show.out());

        GraftRun baseline = GraftRun.of(home, "data", "baseline", "afinn_wn_gloss_polarity", "--epochs", "2");
        assertEquals(ExitCodes.OK, baseline.code(), baseline.err());
        String fingerprint = a.asList().stream().map(JsonElement::getAsJsonObject)
                .filter(o -> o.get("name").getAsString().equals("afinn_wn_gloss_polarity")).findFirst().orElseThrow()
                .get("fingerprint").getAsString();
        assertTrue(baseline.out().contains("2 epochs, seed 17") && baseline.out().contains("graft " + GraftVersion.VERSION)
                && baseline.out().contains("fingerprint " + fingerprint), baseline.out());
    }

    @Test
    void missingBundleFileNamesTheFileAndTheRebuildCommand(@TempDir Path tmp) throws IOException {
        Path src = DataBundle.locate().directory();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path dst = tmp.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else if (!p.endsWith(Path.of("pydoc", "faq.jsonl.gz"))) {
                    Files.copy(p, dst);
                }
            }
        }
        GraftRun r = GraftRun.of("data", "stats", "--no-cache", "--bundle", tmp.toString());
        assertEquals(ExitCodes.NO_INPUT, r.code());
        assertTrue(r.err().contains("pydoc/faq.jsonl.gz") && r.err().contains("scripts/data/build.sh"), r.err());

        Files.write(tmp.resolve("pydoc/faq.jsonl.gz"), new byte[] {31, -117, 8, 0});
        GraftRun corrupt = GraftRun.of("data", "show", "pyfaq_answer_mc", "--no-cache", "--bundle",
                tmp.toString());
        assertEquals(ExitCodes.DATA_ERROR, corrupt.code());
        assertTrue(corrupt.err().contains("pydoc/faq.jsonl.gz"), corrupt.err());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        GraftRun r = GraftRun.of("data", "show", "no_such_set", "--no-cache");
        assertEquals(ExitCodes.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("unknown name 'no_such_set'") && r.err().contains("wn_noun_supersense")
                && r.err().contains("scripture_kjv"), r.err());
    }

    @Test
    void textToTextShowsEachQaExampleAsItsInputAndTarget() {
        GraftRun r = GraftRun.of("data", "show", "factbook_capital_mc", "--split", "test", "--n", "2", "--text-to-text");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        GraftRun plain = GraftRun.of("data", "show", "factbook_capital_mc", "--split", "test", "--n", "2");
        List<String> lines = r.out().strip().lines().toList();
        List<String> plainLines = plain.out().strip().lines().toList();
        assertEquals(2, lines.size());
        for (int i = 0; i < 2; i++) {
            JsonObject t = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            JsonObject e = JsonParser.parseString(plainLines.get(i)).getAsJsonObject();
            assertEquals(List.of("id", "input", "target"), List.copyOf(t.keySet()));
            assertEquals(e.get("id").getAsString(), t.get("id").getAsString());
            JsonArray options = e.getAsJsonArray("options");
            String target = options.get(e.get("label").getAsInt()).getAsString();
            assertEquals(target, t.get("target").getAsString());
            String input = t.get("input").getAsString();
            assertTrue(input.startsWith(e.get("question").getAsString() + "\n" + e.get("context").getAsString() + "\n(a) "
                    + options.get(0).getAsString() + " (b) "), input);
        }
        GraftRun notQa = GraftRun.of("data", "show", "wn_pos", "--text-to-text", "--no-cache");
        assertEquals(ExitCodes.USAGE, notQa.code(), notQa.toString());
        assertTrue(notQa.err().contains("--text-to-text applies to QA sets; wn_pos is not one"), notQa.err());
    }

    @Test
    void aBadSplitOrCountIsAUsageErrorThatSaysWhatIsExpected() {
        GraftRun split = GraftRun.of("data", "show", "wn_pos", "--split", "validation", "--no-cache");
        assertEquals(ExitCodes.USAGE, split.code(), split.toString());
        assertTrue(split.err().contains("--split must be train, dev or test, got 'validation'"), split.err());
        GraftRun count = GraftRun.of("data", "show", "wn_pos", "--n", "-3", "--no-cache");
        assertEquals(ExitCodes.USAGE, count.code(), count.toString());
        assertTrue(count.err().contains("--n must be 0 or more, got -3"), count.err());
    }

    @Test
    void optionsOutOfRangeAreUsageErrorsBeforeAnyDataIsBuilt() {
        GraftRun bpe = GraftRun.of("data", "tokenizer", "--kind", "byte_level_bpe", "--vocab", "256", "--no-cache");
        assertEquals(ExitCodes.USAGE, bpe.code(), bpe.toString());
        assertTrue(bpe.err().contains("--vocab must be at least 257 for byte_level_bpe, got 256"), bpe.err());
        GraftRun wordPiece = GraftRun.of("data", "tokenizer", "--vocab", "5", "--no-cache");
        assertEquals(ExitCodes.USAGE, wordPiece.code(), wordPiece.toString());
        assertTrue(wordPiece.err().contains("--vocab must be at least 6 for wordpiece, got 5"), wordPiece.err());
        GraftRun epochs = GraftRun.of("data", "baseline", "wn_pos", "--epochs", "0", "--no-cache");
        assertEquals(ExitCodes.USAGE, epochs.code(), epochs.toString());
        assertTrue(epochs.err().contains("--epochs must be at least 1, got 0"), epochs.err());
    }
}
