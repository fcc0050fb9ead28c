package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataBundleTest {
    @TempDir
    Path tmp;

    private Path copyOfSubset() throws IOException {
        Path src = TestBundle.directory();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path dst = tmp.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst);
                }
            }
        }
        return tmp;
    }

    @Test
    void subsetVerifiesAndEveryFileReadsWithItsColumnCount() {
        DataBundle b = TestBundle.open();
        b.verify();
        for (BundleFile f : BundleFile.values()) {
            if (f.columns() > 0) {
                for (String[] row : b.rows(f)) {
                    assertEquals(f.columns(), row.length, f.path());
                }
            } else {
                assertTrue(!b.lines(f).isEmpty(), f.path());
            }
        }
        assertEquals(16, b.id().length());
    }

    @Test
    void missingFileNamesTheFileAndHowToRebuild() throws IOException {
        Path dir = copyOfSubset();
        Files.delete(dir.resolve("kjv/verses.tsv.gz"));
        BundleException e = assertThrows(BundleException.class, () -> DataBundle.open(dir));
        assertEquals(BundleException.Kind.MISSING, e.kind());
        assertTrue(e.getMessage().contains("kjv/verses.tsv.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/data/build.sh"), e.getMessage());
    }

    @Test
    void missingManifestIsReported() throws IOException {
        Path dir = copyOfSubset();
        Files.delete(dir.resolve("MANIFEST"));
        BundleException e = assertThrows(BundleException.class, () -> DataBundle.open(dir));
        assertEquals(BundleException.Kind.MISSING, e.kind());
        assertTrue(e.getMessage().contains("MANIFEST"), e.getMessage());
    }

    @Test
    void corruptFileIsCaughtByItsDigestBeforeUse() throws IOException {
        Path dir = copyOfSubset();
        Path f = dir.resolve("wordnet/pointers.tsv.gz");
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(f, bytes);
        DataBundle b = DataBundle.open(dir);
        BundleException e = assertThrows(BundleException.class, () -> b.rows(BundleFile.WORDNET_POINTERS));
        assertEquals(BundleException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("wordnet/pointers.tsv.gz") && e.getMessage().contains("SHA-256"), e.getMessage());
        assertThrows(BundleException.class, b::verify);
    }

    @Test
    void truncatedFileIsCaughtBySize() throws IOException {
        Path dir = copyOfSubset();
        Path f = dir.resolve("afinn/afinn165.tsv.gz");
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        BundleException e = assertThrows(BundleException.class, () -> DataBundle.open(dir));
        assertEquals(BundleException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("afinn/afinn165.tsv.gz"), e.getMessage());
    }

    @Test
    void malformedLineNamesFileAndLine() throws Exception {
        Path dir = copyOfSubset();
        Path f = dir.resolve("dict/devil.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("# header\nword\ttext\nno tab here\n".getBytes(StandardCharsets.UTF_8));
        }
        rewriteManifestEntry(dir, "dict/devil.tsv.gz");
        DataBundle b = DataBundle.open(dir);
        BundleException e = assertThrows(BundleException.class, () -> b.rows(BundleFile.DEVIL));
        assertEquals(BundleException.Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("dict/devil.tsv.gz") && e.getMessage().contains("line 3"), e.getMessage());
    }

    private static void rewriteManifestEntry(Path dir, String rel) throws Exception {
        byte[] blob = Files.readAllBytes(dir.resolve(rel));
        String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(blob));
        Path m = dir.resolve("MANIFEST");
        List<String> lines = Files.readAllLines(m).stream()
                .map(l -> l.startsWith(rel + "\t") ? rel + "\t" + blob.length + "\t0\t" + sha : l).toList();
        Files.write(m, lines);
    }

    @Test
    void locateHonoursTheSystemProperty() {
        String old = System.getProperty(DataBundle.DIRECTORY_PROPERTY);
        try {
            System.setProperty(DataBundle.DIRECTORY_PROPERTY, TestBundle.directory().toString());
            assertEquals(TestBundle.directory().toAbsolutePath().normalize(), DataBundle.locate().directory());
        } finally {
            if (old == null) {
                System.clearProperty(DataBundle.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(DataBundle.DIRECTORY_PROPERTY, old);
            }
        }
    }
}
