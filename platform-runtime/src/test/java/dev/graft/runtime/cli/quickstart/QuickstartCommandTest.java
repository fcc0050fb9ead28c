package dev.graft.runtime.cli.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.runtime.cli.GraftRun;
import dev.graft.runtime.cli.GraftVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft quickstart} on the smoke preset (seconds): the table of all three methods, the report and plots,
 * and a resume of the finished directory that prints the same table.
 */
class QuickstartCommandTest {
    @TempDir
    Path dir;

    private GraftRun graft(String... args) {
        return GraftRun.of(dir.resolve("home"), args);
    }

    private static String table(String out) {
        return out.substring(out.indexOf("| method |"), out.indexOf("Source:"));
    }

    @Test
    void smokeQuickstartPrintsTheComparisonAndWritesTheReport() throws Exception {
        Path out = dir.resolve("qs");
        GraftRun r = graft("quickstart", "--preset", "smoke", "--out", out.toString(), "--cache",
                dir.resolve("cache").toString(), "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        for (String row : List.of("| scratch |", "| ki |", "| bert2bert-fpi |")) {
            assertTrue(r.out().contains(row), r.out());
        }
        assertTrue(r.out().contains("Source: pre-trained now"), r.out());
        for (String f : List.of("report.md", "loss-vs-flops.png", "loss-vs-flops-with-source.png")) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains(table(r.out()).strip()));
        assertTrue(report.contains("## Provenance\n\n- graft " + GraftVersion.VERSION + ", Java " + Runtime.version()),
                report);
        assertTrue(report.contains("- compute: using cpu; "), report);

        GraftRun again = graft("quickstart", "--preset", "smoke", "--resume", out.toString(), "--cache",
                dir.resolve("cache").toString(), "--device", "cpu");
        assertEquals(0, again.code(), again.err());
        assertEquals(table(r.out()), table(again.out()));
        assertTrue(again.out().contains("reused from the cache"), again.out());
        // Nothing trained again: every run reports where its result came from, not a time since an unset clock.
        assertTrue(again.err().contains("graft: source: final validation MLM loss") && again.err().contains(
                "(reused from the cache)"), again.err());
        assertTrue(again.err().matches("(?s).*graft: scratch-\\S+: final validation MLM loss [0-9.]+ "
                + "\\(read back from the checkpoint\\).*"), again.err());
        // The last run's final checkpoint was saved before the run was recorded as finished: it resumes there.
        assertTrue(again.err().matches("(?s).*graft: bert2bert-fpi-\\S+: final validation MLM loss [0-9.]+ "
                + "\\(resumed at step ([0-9]+) of \\1; [0-9]+ s\\).*"), again.err());
    }
}
