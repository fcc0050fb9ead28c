package dev.graft.api.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The tasks and domains of the data plan that are built from the extended sources (GCIDE, FOLDOC, the Debian
 * handbook, fortunes, the Brown corpus, the SpamAssassin mail corpus), read from the directory
 * {@code graft data fetch --extended} writes. These sources are copyleft, non-commercial, of unclear provenance or
 * full of personal data (real names and addresses in the mail), so they are never embedded; a task or
 * domain whose files are absent raises a {@link BundleException} naming the file and the command that fetches it.
 *
 * <p>Builds are deterministic functions of the files (splits by {@link Split#of(String)} of each example's group
 * key, caps by hash) and take a few seconds, so they are not cached. Parsed files are kept for the instance's
 * life. Safe for concurrent use.
 */
public final class ExtendedData {
    private final Path directory;
    private final DataSources embedded;
    private final Map<ExtendedFile, List<String[]>> rows = new EnumMap<>(ExtendedFile.class);
    private List<Gcide.Sense> gcide;
    private Map<String, List<String>> brownSentences;

    /**
     * @param directory the extended data directory
     * @param embedded  the embedded sources, read by {@link ExtendedTask#AFINN_GCIDE_DEF_POLARITY} for AFINN; may be
     *                  {@code null} where that task is not built
     */
    public ExtendedData(Path directory, DataSources embedded) {
        this.directory = directory;
        this.embedded = embedded;
    }

    /**
     * @param home     the Graft home
     * @param embedded the embedded sources
     * @return the extended data under {@link DataHome#extendedDirectory()}
     */
    public static ExtendedData in(DataHome home, DataSources embedded) {
        return new ExtendedData(home.extendedDirectory(), embedded);
    }

    /** @return the extended data directory */
    public Path directory() {
        return directory;
    }

    /**
     * @param files extended files
     * @return those of them that are not in the directory
     */
    public List<ExtendedFile> missing(List<ExtendedFile> files) {
        return files.stream().filter(f -> !Files.isRegularFile(directory.resolve(f.path()))).toList();
    }

    /**
     * @param t a classification task
     * @return the task, built from the extended files
     * @throws IllegalArgumentException if {@code t} is a tagging task
     * @throws BundleException          if one of its files is missing, does not decompress or has a malformed line
     */
    public ClassificationTask task(ExtendedTask t) {
        require(t, ExtendedTask.Kind.CLASSIFICATION);
        return ExtendedBuilders.task(t, this);
    }

    /**
     * @param t a tagging task
     * @return the task, built from the extended files
     * @throws IllegalArgumentException if {@code t} is a classification task
     * @throws BundleException          if one of its files is missing, does not decompress or has a malformed line
     */
    public TaggingTask tagging(ExtendedTask t) {
        require(t, ExtendedTask.Kind.TAGGING);
        return ExtendedBuilders.tagging(t, this);
    }

    /**
     * @param t a task of either kind
     * @return its statistics; for a tagging task the counts are words
     * @throws BundleException if one of its files is missing, does not decompress or has a malformed line
     */
    public DatasetStats stats(ExtendedTask t) {
        return switch (t.kind()) {
            case CLASSIFICATION -> DataCatalog.stats(task(t));
            case TAGGING -> DataCatalog.stats(tagging(t));
        };
    }

    private static void require(ExtendedTask t, ExtendedTask.Kind kind) {
        if (t.kind() != kind) {
            throw new IllegalArgumentException(t.label() + " is a " + t.kind().label() + " task, not a "
                    + kind.label() + " task");
        }
    }

    /**
     * @param d a domain
     * @return its documents, in a fixed order
     * @throws BundleException if one of its files is missing, does not decompress or has a malformed line
     */
    public Stream<Document> domain(ExtendedDomain d) {
        return ExtendedBuilders.domain(d, this).stream();
    }

    /** @return AFINN-165 from the embedded bundle */
    Map<String, Integer> afinn() {
        if (embedded == null) {
            throw new IllegalStateException("AFINN comes from the embedded bundle, and no embedded sources were given");
        }
        return embedded.afinn();
    }

    /** @return every sense of GCIDE, parsed on first use */
    synchronized List<Gcide.Sense> gcideSenses() {
        if (gcide == null) {
            gcide = Gcide.senses(rows(ExtendedFile.GCIDE_ENTRIES));
        }
        return gcide;
    }

    /** @return each Brown file's sentences as text, in file order, detokenized on first use */
    synchronized Map<String, List<String>> brownSentences() {
        if (brownSentences == null) {
            brownSentences = ExtendedBuilders.brownSentences(rows(ExtendedFile.BROWN_TAGGED));
        }
        return brownSentences;
    }

    /**
     * @param file an extended file
     * @return its rows in file order, each with exactly {@code file.columns()} fields; read on first use
     */
    synchronized List<String[]> rows(ExtendedFile file) {
        List<String[]> r = rows.get(file);
        if (r == null) {
            r = read(file);
            rows.put(file, r);
        }
        return r;
    }

    private List<String[]> read(ExtendedFile file) {
        Path p = directory.resolve(file.path());
        String remedy = "write it with '" + file.fetchCommand() + "'";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(p), 1 << 16), StandardCharsets.UTF_8))) {
            // Extended files have no header lines: a FOLDOC headword may start with '#'.
            return DataBundle.rows(r, p, file.columns(), false, remedy);
        } catch (NoSuchFileException e) {
            throw new BundleException(BundleException.Kind.MISSING, p, "the extended source file does not exist", remedy, e);
        } catch (IOException e) {
            throw new BundleException(BundleException.Kind.CORRUPT, p, "does not decompress: " + e.getMessage(), remedy, e);
        }
    }
}
