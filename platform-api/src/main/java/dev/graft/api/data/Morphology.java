package dev.graft.api.data;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Inflected forms of WordNet lemmas, the inverse of WordNet's {@code morphy}: its irregular forms
 * ({@code *.exc}) plus its regular suffix rules run backwards (noun plurals, verb {@code -s/-ed/-ing},
 * adjective {@code -er/-est}), and a matcher that finds a form in a text.
 *
 * <p>Nouns inflect their last word ({@code "sea lion"} → {@code "sea lions"}), verbs their first
 * ({@code "look up"} → {@code "looked up"}); multi-word adjectives and adverbs are not inflected. Matching
 * is case-sensitive against the lemma as WordNet writes it, so the verb {@code march} does not match
 * {@code "March"}, and whole-word: the characters around a match are not letters, digits, {@code _} or
 * {@code -}. Immutable and thread-safe.
 */
public final class Morphology {
    /**
     * A character span {@code [start, end)} in a text.
     *
     * @param start first character
     * @param end   one past the last character
     */
    public record Span(int start, int end) {
    }

    // (ending of the base, ending of the inflected form), morphy's detachment rules read backwards.
    private static final String[][] NOUN = {{"", "s"}, {"s", "ses"}, {"x", "xes"}, {"z", "zes"}, {"ch", "ches"},
            {"sh", "shes"}, {"man", "men"}, {"y", "ies"}};
    private static final String[][] VERB = {{"", "s"}, {"y", "ies"}, {"e", "es"}, {"", "es"}, {"e", "ed"}, {"", "ed"},
            {"e", "ing"}, {"", "ing"}};
    private static final String[][] ADJ = {{"", "er"}, {"", "est"}, {"e", "er"}, {"e", "est"}};

    /**
     * A possible lemma of a surface form.
     *
     * @param lemma the base form
     * @param pos   {@code n}, {@code v}, {@code a} or {@code r}
     */
    public record Base(String lemma, char pos) {
    }

    private final Map<String, Set<String>> exceptions;
    private final Map<String, Set<String>> bases;

    Morphology(Map<String, Set<String>> exceptions) {
        this.exceptions = new java.util.HashMap<>(exceptions);
        Map<String, Set<String>> inv = new java.util.HashMap<>();
        for (Map.Entry<String, Set<String>> e : exceptions.entrySet()) {
            char pos = e.getKey().charAt(0);
            String base = e.getKey().substring(2);
            for (String inflected : e.getValue()) {
                inv.computeIfAbsent(pos + " " + inflected, k -> new LinkedHashSet<>()).add(base);
            }
        }
        this.bases = inv;
    }

    /**
     * WordNet's {@code morphy}: the possible base forms of a surface form in each part of speech, the form
     * itself first. Nouns detach suffixes from the last word, verbs from the first, adjectives only from
     * single words; irregular forms come from the exception lists. Candidates are not checked against the
     * lexicon.
     *
     * @param surface a word or phrase with spaces
     * @return candidate (lemma, part of speech) pairs, without duplicates, in a fixed order
     */
    public Set<Base> bases(String surface) {
        Set<Base> out = new LinkedHashSet<>();
        String[] words = surface.split(" ");
        for (char pos : new char[] {'n', 'v', 'a', 'r'}) {
            out.add(new Base(surface, pos));
            for (String b : bases.getOrDefault(pos + " " + surface.toLowerCase(Locale.ROOT), Set.of())) {
                out.add(new Base(b, pos));
            }
        }
        String last = words[words.length - 1];
        String prefix = surface.substring(0, surface.length() - last.length());
        for (String b : detach(last, 'n', NOUN)) {
            out.add(new Base(prefix + b, 'n'));
        }
        String first = words[0];
        String suffix = surface.substring(first.length());
        for (String b : detach(first, 'v', VERB)) {
            out.add(new Base(b + suffix, 'v'));
        }
        if (words.length == 1) {
            for (String b : detach(surface, 'a', ADJ)) {
                out.add(new Base(b, 'a'));
            }
        }
        return out;
    }

    private Set<String> detach(String word, char pos, String[][] rules) {
        Set<String> out = new LinkedHashSet<>(bases.getOrDefault(pos + " " + word.toLowerCase(Locale.ROOT), Set.of()));
        for (String[] r : rules) {
            if (word.endsWith(r[1]) && word.length() > r[1].length()) {
                out.add(word.substring(0, word.length() - r[1].length()) + r[0]);
            }
        }
        return out;
    }

    /**
     * @param lemma a lemma with spaces
     * @param pos   {@code n}, {@code v}, {@code a}, {@code s} or {@code r}
     * @return the lemma itself followed by its inflected forms, without duplicates, in a fixed order
     */
    public Set<String> forms(String lemma, char pos) {
        char p = pos == 's' ? 'a' : pos;
        Set<String> out = new LinkedHashSet<>();
        out.add(lemma);
        out.addAll(irregular(p, lemma));
        String[] words = lemma.split(" ");
        switch (p) {
            case 'n' -> {
                String prefix = words.length > 1 ? lemma.substring(0, lemma.lastIndexOf(' ') + 1) : "";
                for (String f : inflect(words[words.length - 1], p, NOUN)) {
                    out.add(prefix + f);
                }
            }
            case 'v' -> {
                String suffix = words.length > 1 ? lemma.substring(lemma.indexOf(' ')) : "";
                for (String f : inflect(words[0], p, VERB)) {
                    out.add(f + suffix);
                }
            }
            case 'a' -> {
                if (words.length == 1) {
                    out.addAll(inflect(lemma, p, ADJ));
                }
            }
            default -> {
            }
        }
        return out;
    }

    private Set<String> irregular(char pos, String word) {
        return exceptions.getOrDefault(pos + " " + word.toLowerCase(Locale.ROOT), Set.of());
    }

    private Set<String> inflect(String word, char pos, String[][] rules) {
        Set<String> out = new LinkedHashSet<>();
        out.addAll(irregular(pos, word));
        for (String[] r : rules) {
            if (word.endsWith(r[0]) && word.length() > r[0].length()) {
                out.add(word.substring(0, word.length() - r[0].length()) + r[1]);
            }
        }
        return out;
    }

    /**
     * Finds the earliest whole-word occurrence of any form of any of the lemmas; of two occurrences at the
     * same position the longer wins.
     *
     * @param text   the text to search
     * @param lemmas lemmas with spaces
     * @param pos    their part of speech
     * @return the span of the occurrence, if any
     */
    public Optional<Span> find(String text, List<String> lemmas, char pos) {
        Span best = null;
        for (String lemma : lemmas) {
            for (String form : forms(lemma, pos)) {
                int at = indexOfWord(text, form);
                if (at >= 0 && (best == null || at < best.start()
                        || (at == best.start() && at + form.length() > best.end()))) {
                    best = new Span(at, at + form.length());
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * @param text a text
     * @param word a word or phrase
     * @return the first position where {@code word} occurs in {@code text} as a whole word, or -1
     */
    public static int indexOfWord(String text, String word) {
        if (word.isEmpty()) {
            return -1;
        }
        int from = 0;
        while (true) {
            int at = text.indexOf(word, from);
            if (at < 0) {
                return -1;
            }
            int end = at + word.length();
            if ((at == 0 || !isWordChar(text.charAt(at - 1))) && (end == text.length() || !isWordChar(text.charAt(end)))) {
                return at;
            }
            from = at + 1;
        }
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
