package dev.graft.api.train.reuse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.api.model.io.AtomicFiles;
import dev.graft.api.model.tokenizer.WordPieceTrainer;
import dev.graft.api.model.tokenizer.WordPieceVocabulary;
import dev.graft.api.tensor.ComputeBackend;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A text corpus turned into token ids for masked-language-model pre-training: a WordPiece vocabulary (BERT's
 * scheme, uncased) learned from the first {@link Options#vocabularyChars()} characters of the training
 * documents, every document encoded as {@code [CLS] pieces [SEP]}, and a validation split chosen by hashing each
 * document's id. Building is deterministic; with a cache directory the result is stored under a key made of the
 * documents' digest and the options, and read back by later builds. Immutable.
 */
public final class TokenizedCorpus {
    /** The version of the cache layout. */
    public static final int FORMAT = 1;

    /**
     * One document.
     *
     * @param id   unique and stable: the validation split is chosen from it
     * @param text the text
     */
    public record Text(String id, String text) {
        public Text {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * How to tokenise.
     *
     * @param vocabularySize     the WordPiece vocabulary to learn (the alphabet may make it larger)
     * @param vocabularyChars    how many characters of training text the vocabulary is learned from
     * @param validationPercent  the share of documents (by id hash) held out for validation, 1 to 50
     */
    public record Options(int vocabularySize, int vocabularyChars, int validationPercent) {
        public Options {
            if (vocabularySize <= WordPieceTrainer.SPECIAL_TOKENS.size() || vocabularyChars < 1
                    || validationPercent < 1 || validationPercent > 50) {
                throw new IllegalArgumentException("vocabularySize must exceed the " + WordPieceTrainer.SPECIAL_TOKENS
                        .size() + " special tokens, vocabularyChars be >= 1 and validationPercent in 1..50; got "
                        + vocabularySize + ", " + vocabularyChars + ", " + validationPercent);
            }
        }
    }

    private final List<int[]> train;
    private final List<int[]> validation;
    private final int vocabSize;
    private final String tokenizerJson;
    private final String key;

    private TokenizedCorpus(List<int[]> train, List<int[]> validation, int vocabSize, String tokenizerJson,
                            String key) {
        this.train = List.copyOf(train);
        this.validation = List.copyOf(validation);
        this.vocabSize = vocabSize;
        this.tokenizerJson = tokenizerJson;
        this.key = key;
    }

    /**
     * Tokenises documents, or reads the result from the cache.
     *
     * @param documents the corpus, in a fixed order
     * @param options   vocabulary and split
     * @param cache     a directory for cached corpora (created if missing), or {@code null} for none
     * @throws IOException if the cache cannot be read or written
     */
    public static TokenizedCorpus build(List<Text> documents, Options options, Path cache) throws IOException {
        MessageDigest md = sha256();
        for (Text t : documents) {
            md.update(t.id().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(t.text().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 1);
        }
        return build(HexFormat.of().formatHex(md.digest()), () -> documents, options, cache);
    }

    /**
     * Tokenises documents identified by a key, or reads the result cached under that key without building
     * the documents at all.
     *
     * @param identity  identifies the documents exactly (for example a data bundle's id and builder version)
     * @param documents builds the corpus, in a fixed order; called only when the cache misses
     * @param options   vocabulary and split
     * @param cache     a directory for cached corpora (created if missing), or {@code null} for none
     * @throws IOException if the cache cannot be read or written
     */
    public static TokenizedCorpus build(String identity, java.util.function.Supplier<List<Text>> documents,
                                        Options options, Path cache) throws IOException {
        String key = HexFormat.of().formatHex(sha256().digest(("format=" + FORMAT + "\n" + options + "\n" + identity)
                .getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        Path file = cache == null ? null : cache.resolve("corpus-" + key + ".bin.gz");
        if (file != null && Files.isRegularFile(file)) {
            return read(file, key);
        }
        return tokenize(documents.get(), options, key, file, cache);
    }

    private static TokenizedCorpus tokenize(List<Text> documents, Options options, String key, Path file, Path cache)
            throws IOException {
        List<Text> trainDocs = new ArrayList<>();
        List<Text> valDocs = new ArrayList<>();
        for (Text t : documents) {
            (bucket(t.id()) < options.validationPercent() ? valDocs : trainDocs).add(t);
        }
        if (trainDocs.isEmpty() || valDocs.isEmpty()) {
            throw new IllegalArgumentException(documents.size() + " documents give " + trainDocs.size()
                    + " for training and " + valDocs.size() + " for validation; both splits need some");
        }
        List<String> sample = new ArrayList<>();
        long chars = 0;
        for (Text t : trainDocs) {
            if (chars >= options.vocabularyChars()) {
                break;
            }
            sample.add(t.text());
            chars += t.text().length();
        }
        WordPieceVocabulary vocab = WordPieceTrainer.train(sample,
                new WordPieceTrainer.Options(options.vocabularySize(), 2, true));
        List<int[]> train = trainDocs.stream().map(t -> vocab.encode(t.text())).toList();
        List<int[]> val = valDocs.stream().map(t -> vocab.encode(t.text())).toList();
        TokenizedCorpus c = new TokenizedCorpus(train, val, vocab.vocab().size(), vocab.tokenizerJson(), key);
        if (file != null) {
            Files.createDirectories(cache);
            c.write(file);
        }
        return c;
    }

    private static int bucket(String id) {
        byte[] h = sha256().digest(id.getBytes(StandardCharsets.UTF_8));
        return (int) (Integer.toUnsignedLong(ByteBuffer.wrap(h).getInt()) % 100);
    }

    /** @return the training documents' ids */
    public List<int[]> train() {
        return train;
    }

    /** @return the validation documents' ids */
    public List<int[]> validation() {
        return validation;
    }

    /** @return the vocabulary size */
    public int vocabSize() {
        return vocabSize;
    }

    /** @return the vocabulary as a Hugging Face {@code tokenizer.json} */
    public String tokenizerJson() {
        return tokenizerJson;
    }

    /** @return the number of training tokens */
    public long trainTokens() {
        return train.stream().mapToLong(a -> a.length).sum();
    }

    /** @return the cache key: a digest of the documents and options */
    public String key() {
        return key;
    }

    /**
     * @return packed MLM batches of this corpus, with BERT's special tokens ({@code [PAD] [UNK] [CLS] [SEP]
     *         [MASK]}, ids 0 to 4) never predicted
     */
    public PackedMlmData mlm(ComputeBackend backend, PackedMlmData.Shape shape) {
        return new PackedMlmData(backend, train, validation, new PackedMlmData.Vocabulary(vocabSize, 4,
                new int[] {0, 1, 2, 3, 4}), shape, "corpus-" + key);
    }

    private void write(Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            byte[] tok = tokenizerJson.getBytes(StandardCharsets.UTF_8);
            out.writeInt(FORMAT);
            out.writeInt(vocabSize);
            out.writeInt(tok.length);
            out.write(tok);
            for (List<int[]> split : List.of(train, validation)) {
                out.writeInt(split.size());
                for (int[] d : split) {
                    out.writeInt(d.length);
                    for (int id : d) {
                        out.writeInt(id);
                    }
                }
            }
        }
        byte[] b = bytes.toByteArray();
        AtomicFiles.write(file, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
    }

    private static TokenizedCorpus read(Path file, String key) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(file + ": cached corpus format " + format + ", expected " + FORMAT
                        + "; delete the file to rebuild it");
            }
            int vocab = in.readInt();
            byte[] tok = in.readNBytes(in.readInt());
            List<List<int[]>> splits = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                int n = in.readInt();
                List<int[]> docs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int[] d = new int[in.readInt()];
                    for (int j = 0; j < d.length; j++) {
                        d[j] = in.readInt();
                    }
                    docs.add(d);
                }
                splits.add(docs);
            }
            String json = new String(tok, StandardCharsets.UTF_8);
            JsonObject parsed = JsonParser.parseString(json).getAsJsonObject();
            if (!parsed.has("model")) {
                throw new IOException(file + ": the cached tokenizer has no 'model' field");
            }
            return new TokenizedCorpus(splits.get(0), splits.get(1), vocab, json, key);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": cached corpus is truncated; delete it to rebuild", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
