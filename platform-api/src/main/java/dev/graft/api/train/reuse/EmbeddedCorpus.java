package dev.graft.api.train.reuse;

import dev.graft.api.data.DataBundle;
import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.DatasetCache;
import dev.graft.api.data.Domain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The pre-training corpus of the reuse studies: chosen {@link Domain}s of the embedded data bundle (the King James
 * Version by chapter, Factbook fields, dictionary definitions, Python documentation paragraphs), interleaved in
 * a fixed pseudo-random order (by a hash of each document's id), tokenised with a WordPiece vocabulary learned
 * from it ({@link TokenizedCorpus}). The tokenised corpus is cached under the bundle's id and the builders' version,
 * so a cached corpus is read without rebuilding the documents. Stateless.
 */
public final class EmbeddedCorpus {
    /** The default tokenisation: 4,096 WordPiece tokens learned from 2 million characters, 3 % for validation. */
    public static final TokenizedCorpus.Options OPTIONS = new TokenizedCorpus.Options(4096, 2_000_000, 3);

    private EmbeddedCorpus() {
    }

    /**
     * @param catalog the bundle's catalog
     * @param options vocabulary and split
     * @param cache   where the tokenised corpus is cached, or {@code null}
     * @return the tokenised corpus
     * @throws IOException if the cache cannot be read or written
     * @throws dev.graft.api.data.BundleException if a bundle file is missing or corrupt
     */
    public static TokenizedCorpus tokenized(DataCatalog catalog, List<Domain> domains, TokenizedCorpus.Options options,
                                            Path cache) throws IOException {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("a corpus needs at least one domain");
        }
        String identity = "embedded-bundle=" + catalog.bundle().id() + " builders=" + DatasetCache.BUILDER_VERSION
                + " domains=" + domains;
        return TokenizedCorpus.build(identity, () -> documents(catalog, domains), options, cache);
    }

    private static List<TokenizedCorpus.Text> documents(DataCatalog catalog, List<Domain> domains) {
        List<TokenizedCorpus.Text> docs = new ArrayList<>();
        for (Domain d : domains) {
            catalog.domain(d).forEach(doc -> docs.add(new TokenizedCorpus.Text(d.label() + ":" + doc.id(), doc.text())));
        }
        docs.sort(Comparator.comparing((TokenizedCorpus.Text t) -> order(t.id())).thenComparing(TokenizedCorpus.Text::id));
        return docs;
    }

    /** @return the corpus of some domains of the bundle found by {@link DataBundle#locate()}, with {@link #OPTIONS} */
    public static TokenizedCorpus tokenized(List<Domain> domains, Path cache) throws IOException {
        return tokenized(DataCatalog.uncached(DataBundle.locate()), domains, OPTIONS, cache);
    }

    /** @return a line describing the corpus and batches, for reports */
    public static String describe(TokenizedCorpus corpus, List<Domain> domains, PackedMlmData.Shape shape) {
        return String.format(Locale.ROOT, "the embedded corpus (%s), %,d training and %,d validation documents,"
                + " %,d training tokens; WordPiece vocabulary of %,d; sequences of %d tokens packed without padding,"
                + " %d per batch, %d positions predicted per sequence (BERT's 80/10/10 corruption); %d validation"
                + " batches", String.join(", ", domains.stream().map(Domain::label).toList()),
                corpus.train().size(), corpus.validation().size(), corpus.trainTokens(), corpus.vocabSize(),
                shape.length(), shape.batch(), shape.masked(), shape.validationBatches());
    }

    private static String order(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
