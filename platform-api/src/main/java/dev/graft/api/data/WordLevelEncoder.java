package dev.graft.api.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level {@link TokenEncoder}: each run of word characters and each other non-space character is a
 * token, lower-cased; words outside the vocabulary become {@code [UNK]}. Ids 0–6 are
 * {@code [PAD] [UNK] [CLS] [SEP] [MASK] [BOS] [EOS]}, then the vocabulary in the order given. Useful for
 * tests and small experiments; real models use their Hugging Face tokenizer. Immutable and thread-safe.
 */
public final class WordLevelEncoder implements TokenEncoder {
    /** The special tokens, ids 0 to 6 in this order. */
    public static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[BOS]", "[EOS]");
    private static final Pattern TOKEN = Pattern.compile("\\w+|[^\\w\\s]", Pattern.UNICODE_CHARACTER_CLASS);
    private static final SpecialTokens SPECIAL_IDS = new SpecialTokens(0, 1, 2, 3, 4, 5, 6);

    private final List<String> vocab;
    private final Map<String, Integer> ids;

    /**
     * @param words the vocabulary (without the special tokens), distinct
     * @throws IllegalArgumentException if a word repeats or is a special token
     */
    public WordLevelEncoder(List<String> words) {
        List<String> v = new ArrayList<>(SPECIALS);
        v.addAll(words);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < v.size(); i++) {
            if (m.put(v.get(i), i) != null) {
                throw new IllegalArgumentException("vocabulary word '" + v.get(i) + "' appears twice");
            }
        }
        this.vocab = Collections.unmodifiableList(v);
        this.ids = m;
    }

    /**
     * Builds the vocabulary of the most frequent tokens of some texts.
     *
     * @param texts    the texts
     * @param maxWords the largest vocabulary, special tokens excluded
     * @param minCount the smallest count of a kept token
     * @return the encoder; ties in count are broken alphabetically, so the result depends only on the texts
     */
    public static WordLevelEncoder fit(Iterable<String> texts, int maxWords, int minCount) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String t : texts) {
            Matcher m = TOKEN.matcher(t.toLowerCase(Locale.ROOT));
            while (m.find()) {
                counts.merge(m.group(), 1, Integer::sum);
            }
        }
        List<String> words = counts.entrySet().stream().filter(e -> e.getValue() >= minCount)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(maxWords).map(Map.Entry::getKey).filter(w -> !SPECIALS.contains(w)).toList();
        return new WordLevelEncoder(words);
    }

    @Override
    public Encoding encode(String text) {
        List<int[]> toks = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            toks.add(new int[] {ids.getOrDefault(m.group().toLowerCase(Locale.ROOT), SPECIAL_IDS.unk()), m.start(), m.end()});
        }
        int n = toks.size();
        int[] idArr = new int[n];
        int[] words = new int[n];
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            idArr[i] = toks.get(i)[0];
            words[i] = i;
            starts[i] = toks.get(i)[1];
            ends[i] = toks.get(i)[2];
        }
        return new Encoding(idArr, words, starts, ends);
    }

    @Override
    public SpecialTokens specialTokens() {
        return SPECIAL_IDS;
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    /**
     * @param id a token id
     * @return its token
     * @throws IndexOutOfBoundsException if the id is outside the vocabulary
     */
    public String token(int id) {
        return vocab.get(id);
    }
}
