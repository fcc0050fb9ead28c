package dev.graft.api.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The entry point to Graft's data: every {@link Dataset} and {@link Domain} of one bundle, built on demand
 * and, when a {@link DatasetCache} is given, cached on disk.
 *
 * <pre>{@code
 * DataBundle bundle = DataBundle.locate();
 * DataCatalog data = DataCatalog.withCache(bundle, DataHome.fromEnvironment());
 * ClassificationTask t = data.task(Dataset.WN_NOUN_SUPERSENSE);
 * List<ClassificationExample> train = t.examples(Split.TRAIN);
 * }</pre>
 *
 * <p>Every build is deterministic: the same bundle gives the same examples, in the same order, in the same
 * splits, on every machine, whether built or read from the cache. Thread-safe; concurrent first calls may
 * build the same dataset twice, with identical results.
 */
public final class DataCatalog {
    private final DataSources sources;
    private final DatasetCache cache;

    /**
     * @param sources the parsed sources of a bundle
     * @param cache   a cache, or {@code null} to build every time
     */
    public DataCatalog(DataSources sources, DatasetCache cache) {
        this.sources = sources;
        this.cache = cache;
    }

    /**
     * @param bundle a bundle
     * @return a catalog that builds every time and caches nothing
     */
    public static DataCatalog uncached(DataBundle bundle) {
        return new DataCatalog(new DataSources(bundle), null);
    }

    /**
     * @param bundle a bundle
     * @param home   the Graft home whose {@link DataHome#cacheDirectory()} holds the cache
     * @return a catalog that caches built datasets
     */
    public static DataCatalog withCache(DataBundle bundle, DataHome home) {
        return new DataCatalog(new DataSources(bundle), new DatasetCache(home.cacheDirectory(), bundle));
    }

    /** @return the bundle */
    public DataBundle bundle() {
        return sources.bundle();
    }

    /** @return the parsed sources */
    public DataSources sources() {
        return sources;
    }

    /** @return the cache, if any */
    public Optional<DatasetCache> cache() {
        return Optional.ofNullable(cache);
    }

    /**
     * @param d a classification task
     * @return the task
     * @throws IllegalArgumentException if {@code d} is not a classification task
     * @throws BundleException          if a bundle file is missing or corrupt
     */
    public ClassificationTask task(Dataset d) {
        requireKind(d, Dataset.Kind.CLASSIFICATION);
        if (cache != null) {
            Optional<DatasetCache.Entry<ClassificationExample>> e = cache.read(d.label(), ClassificationExample.class);
            if (e.isPresent()) {
                return new ClassificationTask(d.label(), e.get().strings("labels"), e.get().rows());
            }
        }
        ClassificationTask t = TaskBuilders.build(d, sources);
        if (cache != null) {
            JsonObject h = new JsonObject();
            JsonArray labels = new JsonArray();
            t.labels().forEach(labels::add);
            h.add("labels", labels);
            cache.write(d.label(), h, t.examples());
        }
        return t;
    }

    /**
     * @param d a QA set
     * @return the set
     * @throws IllegalArgumentException if {@code d} is not a QA set
     * @throws BundleException          if a bundle file is missing or corrupt
     */
    public QaSet qaSet(Dataset d) {
        requireKind(d, Dataset.Kind.QA);
        Class<? extends QaExample> type = switch (d.format()) {
            case EXTRACTIVE -> QaExample.Extractive.class;
            case MULTIPLE_CHOICE -> QaExample.MultipleChoice.class;
            case YES_NO -> QaExample.YesNo.class;
        };
        if (cache != null) {
            Optional<? extends DatasetCache.Entry<? extends QaExample>> e = cache.read(d.label(), type);
            if (e.isPresent()) {
                return new QaSet(d.label(), d.format(), new ArrayList<>(e.get().rows()));
            }
        }
        QaSet q = QaBuilders.build(d, sources);
        if (cache != null) {
            cache.write(d.label(), new JsonObject(), q.examples());
        }
        return q;
    }

    /**
     * @param d an entity-linked corpus
     * @return its documents
     * @throws IllegalArgumentException if {@code d} is not an entity-linked corpus
     * @throws BundleException          if a bundle file is missing or corrupt
     */
    public List<LinkedDocument> linkedCorpus(Dataset d) {
        requireKind(d, Dataset.Kind.LINKED_CORPUS);
        if (cache != null) {
            Optional<DatasetCache.Entry<LinkedDocument>> e = cache.read(d.label(), LinkedDocument.class);
            if (e.isPresent()) {
                return List.copyOf(e.get().rows());
            }
        }
        List<LinkedDocument> docs = LinkedCorpusBuilders.build(d, sources);
        if (cache != null) {
            cache.write(d.label(), new JsonObject(), docs);
        }
        return docs;
    }

    /**
     * @param d a domain
     * @return its documents as a stream, in a fixed order
     * @throws BundleException if a bundle file is missing or corrupt
     */
    public Stream<Document> domain(Domain d) {
        return DomainBuilders.build(d, sources).stream();
    }

    /**
     * @param d a task or QA set
     * @return its statistics
     * @throws IllegalArgumentException for an entity-linked corpus
     */
    public DatasetStats stats(Dataset d) {
        return switch (d.kind()) {
            case CLASSIFICATION -> stats(task(d));
            case QA -> stats(qaSet(d));
            case LINKED_CORPUS -> throw new IllegalArgumentException(d.label() + " is a corpus; it has no labels to count");
        };
    }

    /** @return the statistics of every task and QA set, in {@link Dataset} order */
    public List<DatasetStats> stats() {
        List<DatasetStats> out = new ArrayList<>();
        for (Dataset d : Dataset.values()) {
            if (d.kind() != Dataset.Kind.LINKED_CORPUS) {
                out.add(stats(d));
            }
        }
        return out;
    }

    /**
     * @param t a task
     * @return its statistics
     */
    public static DatasetStats stats(ClassificationTask t) {
        Fingerprint fp = new Fingerprint();
        t.examples().forEach(e -> fp.add(e.id(), e.split(), e.label()));
        return new DatasetStats(t.name(), "classification", t.examples(Split.TRAIN).size(), t.examples(Split.DEV).size(),
                t.examples(Split.TEST).size(), t.labels().size(), t.majorityAccuracy(), fp.hex());
    }

    /**
     * @param t a tagging task
     * @return its statistics, counting words: words per split, tags, the majority tag's share of test words
     */
    public static DatasetStats stats(TaggingTask t) {
        Fingerprint fp = new Fingerprint();
        t.sentences().forEach(s -> fp.add(s.id(), s.split(), String.join(" ", s.tags())));
        return new DatasetStats(t.name(), "tagging", t.words(Split.TRAIN), t.words(Split.DEV), t.words(Split.TEST),
                t.tags().size(), t.majorityAccuracy(), fp.hex());
    }

    /**
     * @param q a QA set
     * @return its statistics
     */
    public static DatasetStats stats(QaSet q) {
        Fingerprint fp = new Fingerprint();
        q.examples().forEach(e -> fp.add(e.id(), e.split(), e.answerText()));
        return new DatasetStats(q.name(), q.format().label(), q.examples(Split.TRAIN).size(), q.examples(Split.DEV).size(),
                q.examples(Split.TEST).size(), q.classes(), q.majorityAccuracy(), fp.hex());
    }

    private static void requireKind(Dataset d, Dataset.Kind kind) {
        if (d.kind() != kind) {
            throw new IllegalArgumentException(d.label() + " is a " + d.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " dataset, not a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " one");
        }
    }

    /** SHA-256 over {@code id TAB split TAB answer NEWLINE} lines. */
    private static final class Fingerprint {
        private final MessageDigest md;

        Fingerprint() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every Java platform", e);
            }
        }

        void add(String id, Split split, String answer) {
            md.update((id + "\t" + split.label() + "\t" + answer + "\n").getBytes(StandardCharsets.UTF_8));
        }

        String hex() {
            return HexFormat.of().formatHex(md.digest());
        }
    }
}
