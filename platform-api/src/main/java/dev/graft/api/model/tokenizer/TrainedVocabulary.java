package dev.graft.api.model.tokenizer;

import dev.graft.api.model.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A vocabulary learned from a corpus by {@link BpeTrainer} or {@link WordPieceTrainer}, with its own encoder.
 *
 * <p>{@link #tokenizerJson()} describes the same tokenizer in Hugging Face's format, so that {@link Tokenizer}
 * (Hugging Face's implementation) and Python's {@code tokenizers} load it and encode every text to the ids
 * {@link #encode} gives. Immutable and thread-safe.
 */
public sealed interface TrainedVocabulary permits BpeVocabulary, WordPieceVocabulary {

    /** @return every token and its id, in id order (special tokens first) */
    Map<String, Integer> vocab();

    /** @return the number of tokens */
    default int vocabSize() {
        return vocab().size();
    }

    /**
     * Encodes a text as the written tokenizer does with its default options: special tokens in the text are
     * recognised, and the post-processor's special tokens are added.
     *
     * @return the ids
     */
    int[] encode(String text);

    /** @return the tokenizer in Hugging Face's {@code tokenizer.json} format */
    String tokenizerJson();

    /** @return a {@code tokenizer_config.json} naming the special tokens */
    String tokenizerConfigJson();

    /**
     * Writes {@code tokenizer.json} and {@code tokenizer_config.json} into a directory, each atomically.
     *
     * @throws IOException if a file cannot be written
     */
    default void save(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve("tokenizer.json"), tokenizerJson());
        AtomicFiles.writeString(dir.resolve("tokenizer_config.json"), tokenizerConfigJson());
    }
}
