package dev.graft.api.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Trains a byte-level BPE vocabulary (GPT-2's scheme) from a corpus.
 *
 * <p>Texts are split around the special tokens, then pre-tokenized with GPT-2's expression and spelled in the
 * 256-character byte alphabet; the alphabet is always complete, so no text is ever unknown. Merges are learned
 * greedily by pair frequency ({@code minFrequency} and {@code vocabSize} stop it). The special tokens get the
 * first ids, in the order given, then the alphabet, then the merged tokens. Deterministic: the same corpus and
 * options give the same vocabulary.
 *
 * <pre>{@code
 * BpeVocabulary v = BpeTrainer.train(lines, new BpeTrainer.Options(8192, 2, List.of("<|endoftext|>")));
 * v.save(modelDir);
 * }</pre>
 */
public final class BpeTrainer {
    /**
     * What to learn.
     *
     * @param vocabSize     the vocabulary size to reach, special tokens and the 256-byte alphabet included
     * @param minFrequency  the least count a pair needs to be merged
     * @param specialTokens special tokens, never split; the first also serves as beginning, end, unknown and
     *                      padding token (GPT-2's {@code <|endoftext|>} convention)
     */
    public record Options(int vocabSize, int minFrequency, List<String> specialTokens) {
        /** @throws IllegalArgumentException if the size cannot hold the alphabet and special tokens */
        public Options {
            specialTokens = List.copyOf(specialTokens);
            if (vocabSize < 256 + specialTokens.size()) {
                throw new IllegalArgumentException("vocabSize " + vocabSize + " cannot hold the 256-byte alphabet and "
                        + specialTokens.size() + " special tokens");
            }
            if (minFrequency < 1) {
                throw new IllegalArgumentException("minFrequency must be at least 1");
            }
            if (specialTokens.stream().anyMatch(String::isEmpty) || specialTokens.stream().distinct().count()
                    != specialTokens.size()) {
                throw new IllegalArgumentException("special tokens must be distinct and non-empty");
            }
        }
    }

    private BpeTrainer() {
    }

    /**
     * Learns a vocabulary.
     *
     * @param corpus texts (documents or lines)
     * @return the vocabulary and its encoder
     */
    public static BpeVocabulary train(Iterable<String> corpus, Options options) {
        Objects.requireNonNull(options, "options");
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < options.specialTokens().size(); i++) {
            ids.add(i);
        }
        AddedTokens added = new AddedTokens(options.specialTokens(), ids);
        SortedMap<String, Long> counts = new TreeMap<>();
        for (String text : corpus) {
            for (AddedTokens.Segment s : added.split(text)) {
                if (s.id() < 0) {
                    for (String piece : ByteLevel.pieces(s.text())) {
                        counts.merge(piece, 1L, Long::sum);
                    }
                }
            }
        }
        List<String> initial = new ArrayList<>(options.specialTokens());
        ByteLevel.alphabet().stream().sorted().forEach(initial::add);
        MergeLearner.Result r = MergeLearner.learn(counts, initial,
                word -> word.codePoints().mapToObj(Character::toString).toList(), String::concat,
                options.vocabSize(), options.minFrequency());
        return new BpeVocabulary(r.vocab(), r.merges(), options.specialTokens());
    }
}
