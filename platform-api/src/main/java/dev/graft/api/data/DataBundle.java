package dev.graft.api.data;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * A verified handle on the embedded data bundle: the directory {@code data/} with its {@code MANIFEST}
 * (file, size, line count, SHA-256), {@code NOTICE} and the gzip files listed in {@link BundleFile}.
 *
 * <p>{@link #open(Path)} reads the manifest and checks that every file exists with its recorded size.
 * The first read of a file also checks its SHA-256, so a corrupt file is reported before any of its
 * lines is used. Every failure is a {@link BundleException} naming the file and how to rebuild it.
 * Instances are immutable apart from the record of which files were already verified, and are safe for
 * concurrent use. Reads are deterministic: the same bundle gives the same lines in the same order.
 */
public final class DataBundle {
    /** System property naming the bundle directory; overrides every other way of finding it. */
    public static final String DIRECTORY_PROPERTY = "graft.data.bundle";
    /** Environment variable naming the bundle directory, used when the system property is not set. */
    public static final String DIRECTORY_ENV = "GRAFT_DATA_BUNDLE";
    /** The manifest's file name inside the bundle directory. */
    public static final String MANIFEST = "MANIFEST";

    private record Entry(String path, long bytes, long lines, String sha256) {
    }

    private final Path directory;
    private final Map<String, Entry> entries;
    private final String id;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    private DataBundle(Path directory, Map<String, Entry> entries, String id) {
        this.directory = directory;
        this.entries = entries;
        this.id = id;
    }

    /**
     * Opens the bundle in a directory and checks that every file of {@link BundleFile} is listed in the
     * manifest and present with the listed size.
     *
     * @param directory the bundle directory (the repository's {@code data/})
     * @return the bundle
     * @throws BundleException if the manifest or a file is missing, or a size differs
     */
    public static DataBundle open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Path manifest = dir.resolve(MANIFEST);
        byte[] raw;
        try {
            raw = Files.readAllBytes(manifest);
        } catch (NoSuchFileException e) {
            throw new BundleException(BundleException.Kind.MISSING, manifest, "the bundle manifest does not exist", e);
        } catch (IOException e) {
            throw new BundleException(BundleException.Kind.CORRUPT, manifest, "cannot be read: " + e.getMessage(), e);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        String[] lines = new String(raw, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 4) {
                throw new BundleException(BundleException.Kind.MALFORMED, manifest,
                        "line " + (i + 1) + " has " + f.length + " fields, expected 4 (file, bytes, lines, sha256)", null);
            }
            try {
                entries.put(f[0], new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
            } catch (NumberFormatException e) {
                throw new BundleException(BundleException.Kind.MALFORMED, manifest,
                        "line " + (i + 1) + ": bytes and lines must be integers, found '" + f[1] + "', '" + f[2] + "'", e);
            }
        }
        for (BundleFile bf : BundleFile.values()) {
            Entry e = entries.get(bf.path());
            Path p = dir.resolve(bf.path());
            if (e == null) {
                throw new BundleException(BundleException.Kind.MALFORMED, manifest,
                        "does not list " + bf.path(), null);
            }
            if (!Files.isRegularFile(p)) {
                throw new BundleException(BundleException.Kind.MISSING, p, "the bundle file does not exist", null);
            }
            try {
                long size = Files.size(p);
                if (size != e.bytes()) {
                    throw new BundleException(BundleException.Kind.CORRUPT, p,
                            "has " + size + " bytes, the manifest says " + e.bytes(), null);
                }
            } catch (IOException ex) {
                throw new BundleException(BundleException.Kind.CORRUPT, p, "cannot be read: " + ex.getMessage(), ex);
            }
        }
        String id = HexFormat.of().formatHex(sha256(raw)).substring(0, 16);
        return new DataBundle(dir, Collections.unmodifiableMap(entries), id);
    }

    /**
     * Opens the default bundle: the directory named by {@value #DIRECTORY_PROPERTY} or {@value #DIRECTORY_ENV},
     * else the first {@code data/} holding a {@code MANIFEST} found walking up from the working directory or
     * from the location of this class (a checkout of the repository).
     *
     * @return the bundle
     * @throws BundleException if no bundle is found, naming the places searched
     */
    public static DataBundle locate() {
        Optional<Path> dir = defaultDirectory();
        if (dir.isEmpty()) {
            throw new BundleException(BundleException.Kind.MISSING, Path.of("data", MANIFEST),
                    "no data bundle found (searched -D" + DIRECTORY_PROPERTY + ", $" + DIRECTORY_ENV
                            + ", and data/ in the working directory, the code location and their parents)", null);
        }
        return open(dir.get());
    }

    /**
     * @return the directory {@link #locate()} would open, if one is found
     */
    public static Optional<Path> defaultDirectory() {
        String prop = System.getProperty(DIRECTORY_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Optional.of(Path.of(prop));
        }
        String env = System.getenv(DIRECTORY_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of(System.getProperty("user.dir", ".")));
        try {
            CodeSource cs = DataBundle.class.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null && "file".equals(cs.getLocation().getProtocol())) {
                starts.add(Path.of(cs.getLocation().toURI()));
            }
        } catch (URISyntaxException | SecurityException e) {
            // The code location is only a hint; the working directory was already added.
        }
        for (Path start : starts) {
            for (Path d = start.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve("data").resolve(MANIFEST))) {
                    return Optional.of(d.resolve("data"));
                }
            }
        }
        return Optional.empty();
    }

    /** @return the bundle directory, absolute */
    public Path directory() {
        return directory;
    }

    /**
     * @return the bundle's identity: the first 16 hex digits of the SHA-256 of its manifest. Two bundles
     *     with the same id have the same bytes; caches and run records key on it.
     */
    public String id() {
        return id;
    }

    /**
     * @param file a bundle file
     * @return the number of lines (headers included) the manifest records for it
     */
    public long recordedLines(BundleFile file) {
        return entries.get(file.path()).lines();
    }

    /**
     * Checks the SHA-256 of every file.
     *
     * @throws BundleException naming the first file whose digest differs
     */
    public void verify() {
        for (BundleFile f : BundleFile.values()) {
            read(f);
        }
    }

    /**
     * Reads a tab-separated bundle file, skipping {@code #} header lines.
     *
     * @param file a file with {@link BundleFile#columns()} {@code > 0}
     * @return the rows in file order, each with exactly {@code file.columns()} fields
     * @throws BundleException if the file is corrupt or a line has another number of fields
     */
    public List<String[]> rows(BundleFile file) {
        if (file.columns() == 0) {
            throw new IllegalArgumentException(file.path() + " is a JSON file, not a tab-separated one");
        }
        Path p = directory.resolve(file.path());
        try (BufferedReader r = reader(file)) {
            return rows(r, p, file.columns(), true, BundleException.HOW_TO_REBUILD);
        } catch (IOException e) {
            throw new BundleException(BundleException.Kind.CORRUPT, p, "does not decompress: " + e.getMessage(), e);
        }
    }

    /**
     * Reads tab-separated lines, each of exactly {@code columns} fields: the one parser of the bundle's files and
     * of the extended sources' files.
     *
     * @param r           the decompressed text
     * @param file        the file, for messages
     * @param columns     the number of fields of every line
     * @param headerLines whether lines starting with {@code #} are headers to skip
     * @param remedy      how to get a good copy of the file, for messages
     * @return the rows in file order
     * @throws BundleException if a line has another number of fields
     * @throws IOException     if reading fails
     */
    static List<String[]> rows(BufferedReader r, Path file, int columns, boolean headerLines, String remedy)
            throws IOException {
        List<String[]> out = new ArrayList<>();
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (headerLines && line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != columns) {
                throw new BundleException(BundleException.Kind.MALFORMED, file, "line " + n + " has " + f.length
                        + " tab-separated fields, expected " + columns, remedy, null);
            }
            out.add(f);
        }
        return out;
    }

    /**
     * Reads a JSON bundle file's lines, skipping {@code #} header lines.
     *
     * @param file any bundle file
     * @return its decompressed lines in file order
     * @throws BundleException if the file is corrupt
     */
    public List<String> lines(BundleFile file) {
        Path p = directory.resolve(file.path());
        List<String> out = new ArrayList<>();
        try (BufferedReader r = reader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#")) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            throw new BundleException(BundleException.Kind.CORRUPT, p, "does not decompress: " + e.getMessage(), e);
        }
        return out;
    }

    private BufferedReader reader(BundleFile file) {
        byte[] bytes = read(file);
        try {
            return new BufferedReader(new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(bytes), 1 << 16),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BundleException(BundleException.Kind.CORRUPT, directory.resolve(file.path()),
                    "is not a gzip file: " + e.getMessage(), e);
        }
    }

    private byte[] read(BundleFile file) {
        Path p = directory.resolve(file.path());
        Entry e = entries.get(file.path());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (NoSuchFileException ex) {
            throw new BundleException(BundleException.Kind.MISSING, p, "the bundle file does not exist", ex);
        } catch (IOException ex) {
            throw new BundleException(BundleException.Kind.CORRUPT, p, "cannot be read: " + ex.getMessage(), ex);
        }
        if (!verified.contains(file.path())) {
            String digest = HexFormat.of().formatHex(sha256(bytes));
            if (!digest.equals(e.sha256())) {
                throw new BundleException(BundleException.Kind.CORRUPT, p, "SHA-256 is " + digest
                        + ", the manifest says " + e.sha256(), null);
            }
            verified.add(file.path());
        }
        return bytes;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
