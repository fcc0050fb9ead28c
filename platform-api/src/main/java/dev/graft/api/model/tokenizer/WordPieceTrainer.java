package dev.graft.api.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Trains a WordPiece vocabulary (BERT's scheme) from a corpus.
 *
 * <p>Texts are split around the special tokens {@link #SPECIAL_TOKENS}, normalised and split into words as BERT
 * does, and a vocabulary is learned the way Hugging Face's WordPiece trainer learns it: byte-pair merges over
 * characters, where a character inside a word carries the {@code ##} prefix and a merge drops the right part's
 * prefix. The result is used as WordPiece (greedy longest match), with {@code [UNK]} for a word it cannot spell
 * and {@code [CLS] ... [SEP]} around each text. Deterministic.
 */
public final class WordPieceTrainer {
    /** BERT's special tokens, which take ids 0 to 4 in this order. */
    public static final List<String> SPECIAL_TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    /** The prefix of a token that continues a word. */
    public static final String PREFIX = "##";

    /**
     * What to learn.
     *
     * @param vocabSize    the vocabulary size to reach, special tokens and the alphabet included (the alphabet
     *                     may make it larger)
     * @param minFrequency the least count a pair needs to be merged
     * @param lowercase    whether text is lowercased and stripped of accents first (uncased BERT)
     */
    public record Options(int vocabSize, int minFrequency, boolean lowercase) {
        /** @throws IllegalArgumentException if the size cannot hold the special tokens */
        public Options {
            if (vocabSize <= SPECIAL_TOKENS.size()) {
                throw new IllegalArgumentException("vocabSize " + vocabSize + " cannot hold the special tokens");
            }
            if (minFrequency < 1) {
                throw new IllegalArgumentException("minFrequency must be at least 1");
            }
        }
    }

    private WordPieceTrainer() {
    }

    /**
     * Learns a vocabulary.
     *
     * @param corpus texts (documents or lines)
     * @return the vocabulary and its encoder
     */
    public static WordPieceVocabulary train(Iterable<String> corpus, Options options) {
        Objects.requireNonNull(options, "options");
        AddedTokens added = WordPieceVocabulary.specials();
        SortedMap<String, Long> counts = new TreeMap<>();
        TreeSet<String> alphabet = new TreeSet<>();
        for (String text : corpus) {
            for (AddedTokens.Segment s : added.split(text)) {
                if (s.id() < 0) {
                    for (String word : BertText.words(BertText.normalize(s.text(), options.lowercase()))) {
                        counts.merge(word, 1L, Long::sum);
                        word.codePoints().forEach(c -> alphabet.add(Character.toString(c)));
                    }
                }
            }
        }
        List<String> initial = new ArrayList<>(SPECIAL_TOKENS);
        initial.addAll(alphabet);
        MergeLearner.Result r = MergeLearner.learn(counts, initial, WordPieceTrainer::symbols,
                (a, b) -> a + (b.startsWith(PREFIX) ? b.substring(PREFIX.length()) : b),
                options.vocabSize(), options.minFrequency());
        return new WordPieceVocabulary(r.vocab(), options.lowercase());
    }

    private static List<String> symbols(String word) {
        List<String> out = new ArrayList<>();
        word.codePoints().forEach(c -> out.add(out.isEmpty() ? Character.toString(c) : PREFIX + Character.toString(c)));
        return out;
    }
}
