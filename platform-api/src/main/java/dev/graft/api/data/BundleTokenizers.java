package dev.graft.api.data;

import dev.graft.api.model.tokenizer.BpeTrainer;
import dev.graft.api.model.tokenizer.TrainedVocabulary;
import dev.graft.api.model.tokenizer.WordPieceTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Tokenizers trained on the bundle: WordPiece (uncased, BERT's special tokens) or byte-level BPE (GPT-2's
 * {@code <|endoftext|>}), at any vocabulary size (8,192 and 16,384 are the usual ones), written as Hugging Face
 * {@code tokenizer.json} and {@code tokenizer_config.json}.
 *
 * <p>The training corpus takes about {@value #WORDS_PER_DOMAIN} words from each {@link Domain}: every k-th
 * document, with k the domain's word count divided by that budget, so that every domain weighs the same
 * and the sample spreads over each whole domain. Training is deterministic, so a tokenizer is rebuilt
 * identically on first use and then read from the catalog's cache.
 */
public final class BundleTokenizers {
    /** Words drawn from each domain for training. */
    public static final int WORDS_PER_DOMAIN = 250_000;
    /** Pairs seen fewer times are not merged. */
    public static final int MIN_FREQUENCY = 2;

    /** The tokenizer models. */
    public enum Kind {
        /** BERT-style WordPiece, lower-cased, {@code [PAD] [UNK] [CLS] [SEP] [MASK]} */
        WORDPIECE,
        /** GPT-2-style byte-level BPE with {@code <|endoftext|>} */
        BYTE_LEVEL_BPE;

        /** @return the lower-case name, e.g. {@code byte_level_bpe} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @return the smallest vocabulary size the trainer accepts: the special tokens plus one learned token
         *         for WordPiece, the special tokens and the 256-byte alphabet for byte-level BPE
         */
        public int smallestVocabulary() {
            return switch (this) {
                case WORDPIECE -> WordPieceTrainer.SPECIAL_TOKENS.size() + 1;
                case BYTE_LEVEL_BPE -> 256 + BPE_SPECIAL_TOKENS.size();
            };
        }
    }

    /** The special tokens of the byte-level BPE tokenizer. */
    private static final List<String> BPE_SPECIAL_TOKENS = List.of("<|endoftext|>");

    private BundleTokenizers() {
    }

    /**
     * @param catalog the catalog whose domains are sampled
     * @return the training texts, in domain order
     */
    public static List<String> corpus(DataCatalog catalog) {
        List<String> out = new ArrayList<>();
        for (Domain d : Domain.values()) {
            List<Document> docs = catalog.domain(d).toList();
            long words = docs.stream().mapToLong(x -> TaskBuilders.words(x.text())).sum();
            int stride = (int) Math.max(1, words / WORDS_PER_DOMAIN);
            for (int i = 0; i < docs.size(); i += stride) {
                out.add(docs.get(i).text());
            }
        }
        return out;
    }

    /**
     * Trains a tokenizer on {@link #corpus}.
     *
     * @param catalog   the catalog
     * @param kind      the model
     * @param vocabSize the vocabulary size
     * @return the trained vocabulary
     */
    public static TrainedVocabulary train(DataCatalog catalog, Kind kind, int vocabSize) {
        List<String> texts = corpus(catalog);
        return switch (kind) {
            case WORDPIECE -> WordPieceTrainer.train(texts, new WordPieceTrainer.Options(vocabSize, MIN_FREQUENCY, true));
            case BYTE_LEVEL_BPE -> BpeTrainer.train(texts, new BpeTrainer.Options(vocabSize, MIN_FREQUENCY,
                    BPE_SPECIAL_TOKENS));
        };
    }

    /**
     * The directory holding {@code tokenizer.json} for a kind and size, training and caching it on first use.
     * The directory is written completely under a temporary name and then renamed, so a reader never sees a
     * partial tokenizer.
     *
     * @param catalog   a catalog with a cache
     * @param kind      the model
     * @param vocabSize the vocabulary size
     * @return the directory, {@code CACHE/tokenizers/KIND-SIZE}
     * @throws IllegalStateException if the catalog has no cache
     * @throws UncheckedIOException  if the cache cannot be written
     */
    public static Path directory(DataCatalog catalog, Kind kind, int vocabSize) {
        DatasetCache cache = catalog.cache().orElseThrow(() ->
                new IllegalStateException("a tokenizer trained on the bundle is kept in the dataset cache; "
                        + "use a catalog with a cache (DataCatalog.withCache)"));
        Path dir = cache.directory().resolve("tokenizers").resolve(kind.label() + "-" + vocabSize);
        if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            return dir;
        }
        try {
            Files.createDirectories(dir.getParent());
            Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".");
            try {
                train(catalog, kind, vocabSize).save(tmp);
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // Another process finished the same deterministic tokenizer first; its copy is identical.
            } finally {
                if (Files.exists(tmp)) {
                    try (Stream<Path> walk = Files.walk(tmp)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tokenizer into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }
}
