package dev.graft.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.data.DataBundle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    private GraftRun graft(String... args) {
        return GraftRun.of(dir.resolve("home"), args);
    }

    private Path jar(String id, String version, String extraEntry) throws IOException {
        Path jar = dir.resolve(id + "-" + version + "-" + System.nanoTime() + ".jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Plugin-Id", id);
        mf.getMainAttributes().putValue("Plugin-Version", version);
        mf.getMainAttributes().putValue("Plugin-Requires", ">=0.1.0 & <0.2.0");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, mf)) {
            j.putNextEntry(new ZipEntry(extraEntry));
            j.write(1);
            j.closeEntry();
        }
        return jar;
    }

    private static void collect(CommandLine cl, List<List<String>> paths, List<String> prefix) {
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            paths.add(p);
            collect(e.getValue(), paths, p);
        }
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(GraftCommand.newCommandLine(), paths, List.of());
        assertTrue(paths.size() >= 25, paths.toString());
        for (List<String> p : paths) {
            if (p.getLast().equals("help")) {
                continue;
            }
            List<String> args = new ArrayList<>(p);
            args.add("--help");
            GraftRun r = graft(args.toArray(String[]::new));
            assertEquals(0, r.code(), p + ": " + r.err());
            assertTrue(r.out().contains("Usage: graft " + String.join(" ", p)), p + ": " + r.out());
        }
    }

    @Test
    void completionScriptCoversTheVerbs() {
        GraftRun r = graft("generate-completion");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("complete -F") && r.out().contains("plugin") && r.out().contains("registry"));
    }

    @Test
    void refusalsPrintOneClearLineAndMapToSysexits() throws Exception {
        Path good = jar("alpha", "1.0.0", "a.txt");
        GraftRun unsigned = graft("plugin", "install", good.toString(), "--yes");
        assertEquals(ExitCodes.NO_PERMISSION, unsigned.code());
        assertTrue(unsigned.err().startsWith("graft: a local jar has no signature"), unsigned.err());

        GraftRun evil = graft("plugin", "install", jar("beta", "1.0.0", "../../x").toString(), "--allow-unsigned", "--yes");
        assertEquals(ExitCodes.NO_PERMISSION, evil.code());
        assertTrue(evil.err().contains("leaves the jar's root"), evil.err());

        GraftRun noYes = graft("plugin", "install", good.toString(), "--allow-unsigned");
        assertEquals(ExitCodes.USAGE, noYes.code());
        assertTrue(noYes.err().contains("--yes"), noYes.err());
        assertFalse(Files.exists(dir.resolve("home/plugins/alpha.jar")));

        GraftRun ok = graft("plugin", "install", good.toString(), "--allow-unsigned", "--yes");
        assertEquals(0, ok.code(), ok.err());
        assertEquals(0, graft("plugin", "verify").code());
        Files.write(dir.resolve("home/plugins/alpha.jar"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        GraftRun drift = graft("plugin", "verify");
        assertEquals(ExitCodes.CHECK_FAILED, drift.code());
        assertTrue(drift.err().contains("alpha: ") && drift.err().contains("changed after install"), drift.err());

        GraftRun missing = graft("plugin", "remove", "nope", "--yes");
        assertEquals(ExitCodes.NO_INPUT, missing.code());
        GraftRun unknownRun = graft("run", "nothing-here");
        assertEquals(ExitCodes.DATA_ERROR, unknownRun.code());
        assertTrue(unknownRun.err().contains("no experiment 'nothing-here'"), unknownRun.err());
        GraftRun noRun = graft("run", "--resume", dir.resolve("no-such-run").toString());
        assertEquals(ExitCodes.NO_INPUT, noRun.code());
        assertTrue(noRun.err().contains("no-such-run") && noRun.err().contains("no such file or directory"),
                noRun.err());
        GraftRun noRegistry = graft("plugin", "install", "gamma", "--yes");
        assertEquals(ExitCodes.NO_INPUT, noRegistry.code());
        assertTrue(noRegistry.err().contains("no registry is configured"), noRegistry.err());
        GraftRun searchNowhere = graft("plugin", "search", "gamma");
        assertEquals(ExitCodes.NO_INPUT, searchNowhere.code());
        assertTrue(searchNowhere.err().contains("no registry is configured; add one with 'graft registry add"),
                searchNowhere.err());
    }

    @Test
    void outOfRangeOptionsAreUsageErrorsThatNameTheOptionAndStartNoWork() {
        Path out = dir.resolve("qs");
        GraftRun seeds = graft("quickstart", "--seeds", "0", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, seeds.code(), seeds.toString());
        assertTrue(seeds.err().startsWith("graft: --seeds must be >= 1, got 0"), seeds.err());
        GraftRun both = graft("quickstart", "--out", out.toString(), "--resume", out.toString());
        assertEquals(ExitCodes.USAGE, both.code(), both.toString());
        assertTrue(both.err().contains("either --out or --resume"), both.err());
        assertFalse(Files.exists(out), "nothing was started");
        GraftRun threads = graft("bench", "train", "--model", "gpt", "--config", "tiny", "--steps", "1",
                "--device", "cpu", "--threads", "0");
        assertEquals(ExitCodes.USAGE, threads.code(), threads.toString());
        assertTrue(threads.err().startsWith("graft: --threads must be >= 1, got 0"), threads.err());
        assertEquals("", threads.out());
    }

    @Test
    void precisionTakesTheDocumentedLowerCaseNamesInAnyCase() {
        for (String value : List.of("fp32", "BF16", "Tf32")) {
            GraftRun r = graft("bench", "train", "--model", "gpt", "--config", "tiny", "--batch", "1", "--steps", "1",
                    "--warmup", "0", "--device", "cpu", "--threads", "1", "--precision", value, "--json");
            assertEquals(0, r.code(), value + ": " + r);
            assertEquals(!value.equalsIgnoreCase("fp32"),
                    r.err().contains("the CPU computes in fp32"), "a GPU precision on the CPU is named: " + r.err());
        }
        GraftRun bad = graft("bench", "train", "--model", "gpt", "--config", "tiny", "--steps", "1",
                "--device", "cpu", "--precision", "fp16");
        assertEquals(ExitCodes.USAGE, bad.code(), bad.toString());
        assertTrue(bad.err().startsWith("graft: Invalid value for option '--precision': unknown precision 'fp16': "
                + "expected one of [fp32, tf32, bf16]\n"), bad.err());
        GraftRun upper = graft("bench", "train", "--model", "GPT", "--config", "tiny", "--batch", "1", "--steps", "1",
                "--warmup", "0", "--device", "cpu", "--threads", "1", "--json");
        assertEquals(0, upper.code(), "enum options take any case: " + upper);
        GraftRun config = graft("bench", "train", "--config", "huge");
        assertEquals(ExitCodes.USAGE, config.code(), config.toString());
        assertTrue(config.err().startsWith("graft: Invalid value for option '--config': unknown benchmark config "
                + "'huge'; known: tiny, small, base-124m\n"), config.err());
        assertEquals("", bad.out());
    }

    @Test
    void anUnreachableRegistryAndAMissingGpuAreUnavailableServices() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, graft("registry", "keygen", "--dir", keys.toString()).code());
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // nothing listens there once it is closed
        }
        String url = "http://127.0.0.1:" + port + "/";
        assertEquals(0, graft("registry", "add", "gone", url, "--key", keys.resolve("registry.pub").toString()).code());
        GraftRun search = graft("plugin", "search", "alpha");
        assertEquals(ExitCodes.UNAVAILABLE, search.code(), search.toString());
        assertTrue(search.err().startsWith("graft: " + url + "plugins.json: cannot connect to the registry"),
                search.err());

        // No machine running these tests has eight GPUs: asking for the eighth is refused as unavailable.
        GraftRun gpu = graft("bench", "train", "--model", "gpt", "--config", "tiny", "--steps", "1",
                "--device", "cuda:7");
        assertEquals(ExitCodes.UNAVAILABLE, gpu.code(), gpu.toString());
        assertTrue(gpu.err().contains("cuda") && gpu.err().contains("cuda:7"), gpu.err());
        assertEquals("", gpu.out());
    }

    @Test
    void registryServeNamesABusyPortAndRefusesBadOptionsBeforeListening() throws Exception {
        Path reg = Files.createDirectories(dir.resolve("served"));
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            GraftRun r = graft("registry", "serve", reg.toString(), "--port", Integer.toString(port));
            assertEquals(ExitCodes.IO_ERROR, r.code(), r.toString());
            assertEquals("graft: cannot listen on 127.0.0.1:" + port + ": address already in use; choose another "
                    + "--port, or 0 for any free one", r.err().strip());
        }
        GraftRun range = graft("registry", "serve", reg.toString(), "--port", "70000");
        assertEquals(ExitCodes.USAGE, range.code(), range.toString());
        assertTrue(range.err().startsWith("graft: --port must be between 0 and 65535, got 70000"), range.err());
    }

    @Test
    void registryVerbsManageKeysAndConfiguration() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, graft("registry", "keygen", "--dir", keys.toString()).code());
        assertEquals(ExitCodes.IO_ERROR, graft("registry", "keygen", "--dir", keys.toString()).code(), "never overwrites a key");
        Path reg = dir.resolve("reg");
        GraftRun pub = graft("registry", "publish", jar("alpha", "1.0.0", "a.txt").toString(), "--registry", reg.toString(),
                "--key", keys.resolve("registry.key").toString());
        assertEquals(0, pub.code(), pub.err());
        assertEquals(0, graft("registry", "add", "main", reg.toString(), "--key", keys.resolve("registry.pub").toString()).code());
        assertTrue(graft("registry", "list").out().contains("main"));
        GraftRun search = graft("plugin", "search", "alp");
        assertTrue(search.out().contains("alpha") && search.out().contains("1.0.0"), search.out());
        GraftRun info = graft("plugin", "info", "alpha");
        assertTrue(info.out().contains("1.0.0  compatible"), info.out());
        GraftRun idx = graft("registry", "index", "--registry", reg.toString(), "--key", keys.resolve("registry.key").toString());
        assertTrue(idx.out().contains("generation 2"), idx.out());
        assertEquals(0, graft("registry", "remove", "main").code());
        assertTrue(graft("registry", "list").out().contains("No registry"));
    }

    @Test
    void doctorReportsJavaBackendsHomeAndPlugins() {
        GraftRun r = graft("doctor");
        assertEquals(0, r.code(), r.err());
        for (String s : List.of("java:", "os:", "cpu cores:", "backends:   reference", "GRAFT_HOME: " + dir.resolve("home") + " (--home)",
                "plugins:    0 installed", "data:       " + DataBundle.locate().directory() + " (" + DataBundle.locate().id()
                        + "), every file matches its SHA-256",
                "extended:   " + dir.resolve("home/data/extended") + ": fetched none; not fetched gcide, foldoc, "
                        + "debian_handbook, fortunes, brown, spamassassin ('graft data fetch --extended' writes them)")) {
            assertTrue(r.out().contains(s), s + " in " + r.out());
        }
    }
}
