package dev.graft.tests.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.api.data.Split;
import dev.graft.runtime.cli.ExitCodes;
import dev.graft.runtime.cli.GraftCommand;
import dev.graft.runtime.cli.GraftRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code graft data fetch --extended} converting installed Debian packages found under a fake system root, and the
 * extended tasks that {@code graft data list|stats|show} then offer.
 */
class DataFetchTest {
    private static String b64(int v) {
        String digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder b = new StringBuilder();
        do {
            b.insert(0, digits.charAt(v % 64));
            v /= 64;
        } while (v > 0);
        return b.toString();
    }

    /** A dictd database: entries are written one after another and indexed by base-64 offset and length. */
    private static void dictd(Path dir, String name, String... entries) throws IOException {
        Files.createDirectories(dir);
        StringBuilder data = new StringBuilder();
        StringBuilder index = new StringBuilder("00-database-info\tA\tB\n");
        for (int i = 0; i < entries.length; i += 2) {
            byte[] text = entries[i + 1].getBytes(StandardCharsets.UTF_8);
            index.append(entries[i]).append('\t').append(b64(data.toString().getBytes(StandardCharsets.UTF_8).length))
                    .append('\t').append(b64(text.length)).append('\n');
            data.append(entries[i + 1]);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name + ".dict.dz")))) {
            out.write(data.toString().getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve(name + ".index"), index);
    }

    private static List<String> gz(Path f) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return List.of(b.toString(StandardCharsets.UTF_8).split("\n"));
        }
    }

    @Test
    void convertsInstalledPackagesIntoTheTargetDirectory(@TempDir Path root, @TempDir Path home) throws IOException {
        Path target = home.resolve("data/extended");
        dictd(root.resolve("usr/share/dictd"), "gcide", "Zebra", "Zebra (n.)\n  A striped animal.", "Apple", "Apple (n.) A fruit.");
        dictd(root.resolve("usr/share/dictd"), "foldoc", "Lisp", "Lisp\n\n <language> A list processor.");
        Path hb = Files.createDirectories(root.resolve("usr/share/doc/debian-handbook/html/en-US"));
        Files.writeString(hb.resolve("apt.html"), "<html><div class=\"para\">\n APT &amp; <em>dpkg</em> manage packages.\n</div>"
                + "<div class=\"para\">Too short</div></html>");
        Path fo = Files.createDirectories(root.resolve("usr/share/games/fortunes"));
        Files.writeString(fo.resolve("work"), "Work is love\nmade visible.\n%\nNever do today what\nyou can do tomorrow.\n%\n");
        Files.writeString(fo.resolve("work.dat"), "binary index");
        Files.writeString(fo.resolve("art"), "A celebrity is a person who is known for his well-knownness.\n%\n");
        Files.writeString(fo.resolve("riddles"), "Q: What is round?\nA: A circle.\n"); // fortunes-min's file

        CommandLine cl = GraftCommand.newCommandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("data", "fetch", "--extended", "--only", "gcide,foldoc,debian_handbook,fortunes",
                "--system-root", root.toString(), "--into", target.toString());
        assertEquals(ExitCodes.OK, code, out.toString());
        assertTrue(out.toString().contains("4 of 4 sources"), out.toString());

        assertEquals(List.of("Apple\tApple (n.) A fruit.", "Zebra\tZebra (n.) A striped animal."),
                gz(target.resolve("gcide/entries.tsv.gz")));
        assertEquals(List.of("Lisp\tLisp <language> A list processor."), gz(target.resolve("foldoc/entries.tsv.gz")));
        assertEquals(List.of("apt\tAPT & dpkg manage packages."), gz(target.resolve("debian_handbook/paragraphs.tsv.gz")));
        assertEquals(List.of("art\tA celebrity is a person who is known for his well-knownness.",
                "riddles\tQ: What is round? A: A circle.", "work\tWork is love made visible.",
                "work\tNever do today what you can do tomorrow."), gz(target.resolve("fortunes/fortunes.tsv.gz")));
        assertTrue(Files.readString(target.resolve("foldoc/SOURCE")).contains("GFDL"));
        assertTrue(Files.readString(target.resolve("fortunes/SOURCE")).startsWith("fortunes fortunes-min\n"));

        GraftRun list = GraftRun.of(home, "data", "list");
        String fortuneLine = list.out().lines().filter(l -> l.strip().startsWith("fortune_category")).findFirst().orElseThrow();
        String brownLine = list.out().lines().filter(l -> l.strip().startsWith("brown_genre")).findFirst().orElseThrow();
        assertTrue(!fortuneLine.contains("not fetched"), fortuneLine);
        assertTrue(brownLine.endsWith("[not fetched: graft data fetch --extended --only brown]"), brownLine);

        GraftRun stats = GraftRun.of(home, "data", "stats", "--extended", "--json");
        assertEquals(ExitCodes.OK, stats.code(), stats.toString());
        JsonObject fortunes = null;
        for (JsonElement e : JsonParser.parseString(stats.out()).getAsJsonArray()) {
            if (e.getAsJsonObject().get("name").getAsString().equals("fortune_category")) {
                fortunes = e.getAsJsonObject();
            }
        }
        assertNotNull(fortunes, stats.out());
        JsonObject counts = fortunes.getAsJsonObject("counts");
        assertEquals(4, counts.get("train").getAsInt() + counts.get("dev").getAsInt() + counts.get("test").getAsInt());
        assertEquals(3, fortunes.get("classes").getAsInt());
        assertTrue(stats.err().contains("brown_genre skipped, not fetched: graft data fetch --extended --only brown"),
                stats.err());

        GraftRun show = GraftRun.of(home, "data", "show", "brown_genre");
        assertEquals(ExitCodes.NO_INPUT, show.code(), show.toString());
        assertTrue(show.err().contains(target.resolve("brown").toString()) && show.err().contains("--only brown"), show.err());

        GraftRun unknown = GraftRun.of(home, "data", "show", "brown_genres");
        assertEquals(ExitCodes.USAGE, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("unknown name 'brown_genres'; known: ") && unknown.err().contains("brown_genre,"),
                unknown.err());
        GraftRun notATask = GraftRun.of(home, "data", "baseline", "wn_isa_yesno");
        assertEquals(ExitCodes.USAGE, notATask.code(), notATask.toString());
        assertTrue(notATask.err().contains("'wn_isa_yesno' is not a classification or tagging task; they are: ")
                && notATask.err().contains("fortune_category") && notATask.err().contains("brown_pos"), notATask.err());
    }

    @Test
    void brownPosIsShownCountedInWordsAndScoredByTheMostFrequentTag(@TempDir Path home) throws IOException {
        Path brown = Files.createDirectories(home.resolve("data/extended/brown"));
        // Three real Brown sentences: ca01 hashes into training, ca09 into test.
        assertEquals(Split.TRAIN, Split.of("ca01"));
        assertEquals(Split.TEST, Split.of("ca09"));
        writeGz(brown.resolve("tagged.tsv.gz"), List.of(
                "ca01\t32\tHis/pp$ petition/nn charged/vbd mental/jj cruelty/nn ./.",
                "ca01\t33\tThe/at couple/nn was/bedz married/vbn Aug./np 2/cd ,/, 1913/cd ./.",
                "ca09\t23\tThe/at contract/nn called/vbd for/in overhauling/nn of/in 102/cd joints/nns ./."));
        writeGz(brown.resolve("categories.tsv.gz"), List.of("ca01\tnews", "ca09\tnews"));

        GraftRun list = GraftRun.of(home, "data", "list");
        String line = list.out().lines().filter(l -> l.strip().startsWith("brown_pos")).findFirst().orElseThrow();
        assertTrue(line.contains("tagging") && !line.contains("not fetched"), line);

        GraftRun show = GraftRun.of(home, "data", "show", "brown_pos", "--split", "test");
        assertEquals(ExitCodes.OK, show.code(), show.toString());
        JsonObject sentence = JsonParser.parseString(show.out().strip()).getAsJsonObject();
        assertEquals("ca09#23", sentence.get("id").getAsString());
        assertEquals("overhauling", sentence.getAsJsonArray("words").get(4).getAsString());
        assertEquals("nn", sentence.getAsJsonArray("tags").get(4).getAsString());

        GraftRun stats = GraftRun.of(home, "data", "stats", "--extended", "--json");
        assertEquals(ExitCodes.OK, stats.code(), stats.toString());
        JsonObject pos = JsonParser.parseString(stats.out()).getAsJsonArray().asList().stream()
                .map(JsonElement::getAsJsonObject).filter(o -> o.get("name").getAsString().equals("brown_pos"))
                .findFirst().orElseThrow();
        assertEquals("tagging", pos.get("format").getAsString());
        assertEquals(15, pos.getAsJsonObject("counts").get("train").getAsInt());
        assertEquals(9, pos.getAsJsonObject("counts").get("test").getAsInt());
        // training's most frequent tag is nn (3 of 15 words); test has two nn words of nine
        assertEquals(2.0 / 9, pos.get("majority_test_accuracy").getAsDouble(), 1e-12);

        GraftRun baseline = GraftRun.of(home, "data", "baseline", "brown_pos");
        assertEquals(ExitCodes.OK, baseline.code(), baseline.toString());
        // "The" and "." are seen in training with the right tag; the seven other words are unseen and get nn,
        // right for "contract" and "overhauling" only: 4 of 9 right, 7 of 9 unseen, 2 of those 7 right.
        assertTrue(baseline.out().contains("accuracy dev NaN, test 0.444 (majority tag 0.222); 77.8 % of test words "
                + "unseen in training, 0.286 of them right"), baseline.out());
        assertTrue(baseline.out().contains("fingerprint " + pos.get("fingerprint").getAsString()), baseline.out());
        GraftRun withEpochs = GraftRun.of(home, "data", "baseline", "brown_pos", "--epochs", "3");
        assertEquals(ExitCodes.USAGE, withEpochs.code(), withEpochs.toString());
        assertTrue(withEpochs.err().contains("the most-frequent-tag baseline of brown_pos has neither"), withEpochs.err());
    }

    private static void writeGz(Path file, List<String> lines) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
