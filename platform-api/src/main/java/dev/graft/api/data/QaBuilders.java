package dev.graft.api.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds the QA sets from the parsed sources. Questions are templates; contexts, answers and distractors
 * are real WordNet, Factbook and Python FAQ content.
 *
 * <p>Balance is by construction, within each split: a yes/no question is kept only when a negative exists
 * for it, and half of the kept questions of each split (in hash order of their ids) ask the negative, so
 * each split is balanced to within one example; multiple-choice sets put the correct option at position {@code rank mod k} of
 * the example's hash rank in its split, so every position is correct equally often. Distractors and
 * negatives are drawn with {@link KeyedRandom}, keyed by set and example id. Every build is identical.
 */
final class QaBuilders {
    /** An FAQ answer is used when it has at least this many words (shorter ones only point elsewhere). */
    static final int FAQ_MIN_WORDS = 15;
    /** FAQ answers are cut to this many words in the options. */
    static final int FAQ_OPTION_WORDS = 60;
    /** Options per multiple-choice question. */
    static final int OPTIONS = 4;

    private QaBuilders() {
    }

    static QaSet build(Dataset d, DataSources s) {
        return switch (d) {
            case WN_HYPERNYM_SPAN -> hypernymSpan(d, s.wordNet());
            case WN_EXAMPLE_WORD_SPAN -> exampleWordSpan(d, s.wordNet());
            case FACTBOOK_FIELD_SPAN -> factbookFieldSpan(d, s.factbook());
            case WN_WHICH_WORD_MC -> whichWord(d, s.wordNet());
            case FACTBOOK_CAPITAL_MC -> capital(d, s.factbook());
            case PYFAQ_ANSWER_MC -> faqAnswer(d, s.pythonDocs());
            case WN_ISA_YESNO -> isa(d, s.wordNet());
            case WN_PART_YESNO -> partOf(d, s.wordNet());
            case WN_ANTONYM_YESNO -> antonym(d, s.wordNet());
            case FACTBOOK_BORDERS_YESNO -> borders(d, s.factbook());
            default -> throw new IllegalArgumentException(d.label() + " is not a QA set");
        };
    }

    private static KeyedRandom random(Dataset d, String id) {
        return new KeyedRandom(d.label() + "/" + id);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ extractive

    private static String kindOf(WordNet.Synset s) {
        return s.pos() == 'v' ? "'to " + s.head() + "'" : withArticle(s.head());
    }

    /** The word with "a" or "an" by its first letter (vowel letters take "an"). */
    static String withArticle(String word) {
        return ("aeiouAEIOU".indexOf(word.isEmpty() ? 'x' : word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    /**
     * Noun and verb synsets whose definition contains a form of a lemma of a direct (instance) hypernym:
     * context {@code "X: definition."}, question "What is a X a kind of?", answer the earliest such span.
     */
    static QaSet hypernymSpan(Dataset d, WordNet wn) {
        List<QaExample> out = new ArrayList<>();
        for (WordNet.Synset s : wn.synsets()) {
            if (s.pos() != 'n' && s.pos() != 'v') {
                continue;
            }
            Morphology.Span best = null;
            for (String h : wn.hypernyms(s.id())) {
                List<String> lemmas = wn.synset(h).lemmas().stream().map(WordNet.Lemma::text).toList();
                Optional<Morphology.Span> m = wn.morphology().find(s.definition(), lemmas, s.pos());
                if (m.isPresent() && (best == null || m.get().start() < best.start()
                        || (m.get().start() == best.start() && m.get().end() > best.end()))) {
                    best = m.get();
                }
            }
            if (best != null) {
                String prefix = s.head() + ": ";
                out.add(new QaExample.Extractive(s.id(), "What is " + kindOf(s) + " a kind of?",
                        prefix + s.definition() + ".", s.definition().substring(best.start(), best.end()),
                        prefix.length() + best.start(), s.id(), Split.of(s.id())));
            }
        }
        return new QaSet(d.label(), QaFormat.EXTRACTIVE, out);
    }

    /** Example sentences that contain a form of one of their synset's lemmas; the answer is that occurrence. */
    static QaSet exampleWordSpan(Dataset d, WordNet wn) {
        List<QaExample> out = new ArrayList<>();
        for (WordNet.Synset s : wn.synsets()) {
            List<String> lemmas = s.lemmas().stream().map(WordNet.Lemma::text).toList();
            for (int i = 0; i < s.examples().size(); i++) {
                String ex = s.examples().get(i);
                Optional<Morphology.Span> m = wn.morphology().find(ex, lemmas, s.pos());
                if (m.isPresent()) {
                    out.add(new QaExample.Extractive(s.id() + "#" + (i + 1),
                            "Which word or phrase in the text means \"" + s.definition() + "\"?", ex,
                            ex.substring(m.get().start(), m.get().end()), m.get().start(), s.id(), Split.of(s.id())));
                }
            }
        }
        return new QaSet(d.label(), QaFormat.EXTRACTIVE, out);
    }

    /** Whether a Factbook value is a real answer (not "none ..." or "NA"). */
    static boolean informative(String value) {
        return value != null && !value.matches("(?s)^(none|NA)\\b.*");
    }

    /**
     * Country profiles: {@code "Name. Capital: ... . Government type: ... ."} (the nine fields that are
     * present and informative) followed by the Background; one question per field.
     */
    static QaSet factbookFieldSpan(Dataset d, Factbook fb) {
        List<QaExample> out = new ArrayList<>();
        for (Factbook.Country c : fb.countries()) {
            if (c.name() == null || c.background() == null) {
                continue;
            }
            StringBuilder ctx = new StringBuilder(c.name()).append('.');
            Map<FactbookField, Integer> offsets = new EnumMap<>(FactbookField.class);
            for (FactbookField f : FactbookField.values()) {
                String v = c.fields().get(f);
                if (!informative(v)) {
                    continue;
                }
                ctx.append(' ').append(f.label()).append(": ");
                offsets.put(f, ctx.length());
                ctx.append(v);
                if (!v.endsWith(".")) {
                    ctx.append('.');
                }
            }
            String context = ctx.append(' ').append(c.background()).toString();
            for (Map.Entry<FactbookField, Integer> e : offsets.entrySet()) {
                out.add(new QaExample.Extractive(c.code() + "/" + e.getKey().key(), e.getKey().question(c.name()),
                        context, c.fields().get(e.getKey()), e.getValue(), c.code(), Split.of(c.code())));
            }
        }
        return new QaSet(d.label(), QaFormat.EXTRACTIVE, out);
    }

    // ------------------------------------------------------------------ multiple choice

    /** A multiple-choice question before the correct option's position is assigned. */
    private record Choice(String id, String question, String context, String correct, List<String> distractors,
                          String group) {
    }

    /** Puts each correct option at position (hash rank within its split) mod {@value #OPTIONS}. */
    private static QaSet placeOptions(Dataset d, List<Choice> choices) {
        Map<String, Integer> position = new HashMap<>();
        for (Split split : Split.values()) {
            List<Choice> inSplit = choices.stream().filter(c -> Split.of(c.group()) == split)
                    .sorted(Comparator.comparing((Choice c) -> Split.hash64(d.label() + "#" + c.id()), Long::compareUnsigned)
                            .thenComparing(Choice::id))
                    .toList();
            for (int i = 0; i < inSplit.size(); i++) {
                position.put(inSplit.get(i).id(), i % OPTIONS);
            }
        }
        List<QaExample> out = new ArrayList<>();
        for (Choice c : choices) {
            int label = position.get(c.id());
            List<String> options = new ArrayList<>(c.distractors());
            options.add(label, c.correct());
            out.add(new QaExample.MultipleChoice(c.id(), c.question(), c.context(), options, label, c.group(),
                    Split.of(c.group())));
        }
        return new QaSet(d.label(), QaFormat.MULTIPLE_CHOICE, out);
    }

    /**
     * Draws {@code OPTIONS - 1} distinct distractors (ignoring case) that pass {@code ok}, or returns null.
     */
    private static List<String> distractors(KeyedRandom r, List<String> pool, Predicate<String> ok) {
        List<String> chosen = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (chosen.size() < OPTIONS - 1) {
            String w = r.pick(pool, x -> ok.test(x) && !seen.contains(lower(x)));
            if (w == null) {
                return null;
            }
            chosen.add(w);
            seen.add(lower(w));
        }
        return chosen;
    }

    /**
     * Noun and verb synsets with at least three co-hyponyms (other children of any of their hypernyms, by
     * head lemma, distinct ignoring case and none equal to a lemma of the synset): "Which word means
     * "definition"?" with the head lemma and three of those co-hyponyms.
     */
    static QaSet whichWord(Dataset d, WordNet wn) {
        List<Choice> out = new ArrayList<>();
        for (WordNet.Synset s : wn.synsets()) {
            if (s.pos() != 'n' && s.pos() != 'v') {
                continue;
            }
            Set<String> own = new HashSet<>();
            s.lemmas().forEach(l -> own.add(lower(l.text())));
            List<String> pool = new ArrayList<>();
            for (String h : wn.hypernyms(s.id())) {
                for (String k : wn.hyponyms(h)) {
                    if (!k.equals(s.id())) {
                        pool.add(wn.synset(k).head());
                    }
                }
            }
            List<String> chosen = distractors(random(d, s.id()), pool, w -> !own.contains(lower(w)));
            if (chosen != null) {
                out.add(new Choice(s.id(), "Which word means \"" + s.definition() + "\"?", "", s.head(), chosen, s.id()));
            }
        }
        return placeOptions(d, out);
    }

    /** "What is the capital of X?" over the Background; distractors: three capitals of the same region. */
    static QaSet capital(Dataset d, Factbook fb) {
        Map<String, List<String>> capitals = new HashMap<>();
        for (Factbook.Country c : fb.countries()) {
            if (c.name() != null && c.capital() != null) {
                capitals.computeIfAbsent(c.region(), k -> new ArrayList<>()).add(c.capital());
            }
        }
        List<Choice> out = new ArrayList<>();
        for (Factbook.Country c : fb.countries()) {
            if (c.name() == null || c.capital() == null || c.background() == null) {
                continue;
            }
            List<String> chosen = distractors(random(d, c.code()), capitals.get(c.region()),
                    w -> !lower(w).equals(lower(c.capital())));
            if (chosen != null) {
                out.add(new Choice(c.code(), "What is the capital of " + c.name() + "?", c.background(), c.capital(),
                        chosen, c.code()));
            }
        }
        return placeOptions(d, out);
    }

    private static String firstWords(String text, int n) {
        String[] w = text.strip().split("\\s+");
        return w.length <= n ? String.join(" ", w) : String.join(" ", Arrays.copyOf(w, n)) + " ...";
    }

    /**
     * Python FAQ questions whose answer has at least {@value #FAQ_MIN_WORDS} words (first occurrence of each
     * question): the options are the answer and three other answers, each cut to {@value #FAQ_OPTION_WORDS}
     * words. Group: the question.
     */
    static QaSet faqAnswer(Dataset d, PythonDocs docs) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (PythonDocs.FaqEntry e : docs.faq()) {
            if (TaskBuilders.words(e.answer()) >= FAQ_MIN_WORDS) {
                answers.putIfAbsent(e.question(), firstWords(e.answer(), FAQ_OPTION_WORDS));
            }
        }
        List<String> pool = List.copyOf(answers.values());
        List<Choice> out = new ArrayList<>();
        for (Map.Entry<String, String> e : answers.entrySet()) {
            List<String> chosen = distractors(random(d, e.getKey()), pool, a -> !lower(a).equals(lower(e.getValue())));
            if (chosen != null) {
                out.add(new Choice(e.getKey(), e.getKey(), "", e.getValue(), chosen, e.getKey()));
            }
        }
        return placeOptions(d, out);
    }

    // ------------------------------------------------------------------ yes/no

    /**
     * A yes/no question before its answer is chosen.
     *
     * @param noQuestion the question with a negative, or null when none exists (the question is then dropped)
     */
    private record Polar(String id, String yesQuestion, String noQuestion, String context, String group) {
    }

    /**
     * Drops the questions without a negative, then within each split answers "no" for the first half (in hash
     * order of the ids) of the rest, so that every split is balanced to within one example.
     */
    private static QaSet balance(Dataset d, List<Polar> items) {
        List<Polar> usable = items.stream().filter(p -> p.noQuestion() != null).toList();
        Set<String> no = new HashSet<>();
        for (Split split : Split.values()) {
            List<Polar> inSplit = usable.stream().filter(p -> Split.of(p.group()) == split)
                    .sorted(Comparator.comparing((Polar p) -> Split.hash64(d.label() + "#" + p.id()), Long::compareUnsigned)
                            .thenComparing(Polar::id))
                    .toList();
            for (int i = 0; i < inSplit.size() / 2; i++) {
                no.add(inSplit.get(i).id());
            }
        }
        List<QaExample> out = new ArrayList<>();
        for (Polar p : usable) {
            boolean yes = !no.contains(p.id());
            out.add(new QaExample.YesNo(p.id(), yes ? p.yesQuestion() : p.noQuestion(), p.context(), yes, p.group(),
                    Split.of(p.group())));
        }
        return new QaSet(d.label(), QaFormat.YES_NO, out);
    }

    /**
     * Noun synsets with a (instance) hypernym: "Is a X a kind of Y?" with X's definition as context. Yes: Y is
     * a direct hypernym. No: Y is a sibling of a direct hypernym (another child of one of its hypernyms) that
     * is not an ancestor of X and whose head lemma is no ancestor's lemma.
     */
    static QaSet isa(Dataset d, WordNet wn) {
        List<Polar> items = new ArrayList<>();
        for (WordNet.Synset s : wn.synsets()) {
            List<String> hs = wn.hypernyms(s.id());
            if (s.pos() != 'n' || hs.isEmpty()) {
                continue;
            }
            KeyedRandom r = random(d, s.id());
            String y = r.pick(hs, h -> true);
            Set<String> ancestors = wn.ancestors(s.id());
            Set<String> ancestorWords = new HashSet<>();
            for (String a : ancestors) {
                wn.synset(a).lemmas().forEach(l -> ancestorWords.add(lower(l.text())));
            }
            List<String> pool = new ArrayList<>();
            for (String h : hs) {
                for (String g : wn.hypernyms(h)) {
                    pool.addAll(wn.hyponyms(g));
                }
            }
            String z = r.pick(pool, k -> !ancestors.contains(k) && !k.equals(s.id())
                    && !ancestorWords.contains(lower(wn.synset(k).head())));
            items.add(new Polar(s.id(), "Is " + withArticle(s.head()) + " a kind of " + wn.synset(y).head() + "?",
                    z == null ? null : "Is " + withArticle(s.head()) + " a kind of " + wn.synset(z).head() + "?",
                    s.definition(), s.id()));
        }
        return balance(d, items);
    }

    /**
     * Part-holonym pointers "X is a part of Y": "Is a X part of a Y?" with X's definition as context. No: Y is
     * replaced by another whole of Y's supersense (a synset that has parts) that is not a whole of X and
     * whose head lemma differs from those of X's wholes.
     */
    static QaSet partOf(Dataset d, WordNet wn) {
        Map<String, List<String>> wholesByLexname = new HashMap<>();
        Map<String, Set<String>> wholesOf = new HashMap<>();
        Set<String> seenWhole = new HashSet<>();
        for (WordNet.Pointer p : wn.pointers()) {
            if (p.relation() == Relation.PART_HOLONYM) {
                if (seenWhole.add(p.tail())) {
                    wholesByLexname.computeIfAbsent(wn.synset(p.tail()).lexname(), k -> new ArrayList<>()).add(p.tail());
                }
                wholesOf.computeIfAbsent(p.head(), k -> new HashSet<>()).add(p.tail());
            }
        }
        List<Polar> items = new ArrayList<>();
        for (WordNet.Pointer p : wn.pointers()) {
            if (p.relation() != Relation.PART_HOLONYM) {
                continue;
            }
            WordNet.Synset x = wn.synset(p.head());
            String id = p.head() + ">" + p.tail();
            Set<String> mine = wholesOf.get(p.head());
            Set<String> mineWords = new HashSet<>();
            mine.forEach(w -> mineWords.add(lower(wn.synset(w).head())));
            String z = random(d, id).pick(wholesByLexname.get(wn.synset(p.tail()).lexname()),
                    w -> !mine.contains(w) && !w.equals(p.head()) && !mineWords.contains(lower(wn.synset(w).head())));
            items.add(new Polar(id, "Is " + withArticle(x.head()) + " part of " + withArticle(wn.synset(p.tail()).head()) + "?",
                    z == null ? null : "Is " + withArticle(x.head()) + " part of " + withArticle(wn.synset(z).head()) + "?",
                    x.definition(), p.head()));
        }
        return balance(d, items);
    }

    /**
     * Lexical antonym pointers (X, Y): "Is "X" the opposite of "Y"?" with X's definition as context. No: Y is
     * replaced by another word that has an antonym in the same part of speech but is not X nor an antonym of X.
     */
    static QaSet antonym(Dataset d, WordNet wn) {
        Map<Character, List<String>> words = new HashMap<>();
        Map<Character, Set<String>> seenWords = new HashMap<>();
        Map<String, Set<String>> antonyms = new HashMap<>();
        for (WordNet.Pointer p : wn.pointers()) {
            if (p.relation() == Relation.ANTONYM && p.isLexical()) {
                char pos = wn.synset(p.head()).basePos();
                for (String w : List.of(p.sourceWord(), p.targetWord())) {
                    if (seenWords.computeIfAbsent(pos, k -> new HashSet<>()).add(w)) {
                        words.computeIfAbsent(pos, k -> new ArrayList<>()).add(w);
                    }
                }
                antonyms.computeIfAbsent(lower(p.sourceWord()), k -> new HashSet<>()).add(lower(p.targetWord()));
                antonyms.computeIfAbsent(lower(p.targetWord()), k -> new HashSet<>()).add(lower(p.sourceWord()));
            }
        }
        List<Polar> items = new ArrayList<>();
        for (WordNet.Pointer p : wn.pointers()) {
            if (p.relation() != Relation.ANTONYM || !p.isLexical()) {
                continue;
            }
            WordNet.Synset x = wn.synset(p.head());
            String id = p.head() + "/" + p.sourceWord() + ">" + p.tail() + "/" + p.targetWord();
            String lx = lower(p.sourceWord());
            Set<String> mine = antonyms.get(lx);
            String z = random(d, id).pick(words.get(x.basePos()), w -> !lower(w).equals(lx) && !mine.contains(lower(w)));
            String q = "Is \"" + p.sourceWord() + "\" the opposite of \"";
            items.add(new Polar(id, q + p.targetWord() + "\"?", z == null ? null : q + z + "\"?", x.definition(),
                    p.head()));
        }
        return balance(d, items);
    }

    /**
     * For every country X with a name and a Location, and every neighbour Y its border list names: "Does X
     * border Y?" (yes), and a second question "Does X border Z?" (no) with Z a named country of X's region
     * that neither lists nor is listed by X. Context: X's Location. Balanced by construction.
     */
    static QaSet borders(Dataset d, Factbook fb) {
        Map<String, List<String>> byRegion = new HashMap<>();
        Map<String, Set<String>> adjacent = new HashMap<>();
        for (Factbook.Country c : fb.countries()) {
            if (c.name() != null) {
                byRegion.computeIfAbsent(c.region(), k -> new ArrayList<>()).add(c.code());
            }
            for (String n : fb.neighbours(c)) {
                adjacent.computeIfAbsent(c.code(), k -> new HashSet<>()).add(n);
                adjacent.computeIfAbsent(n, k -> new HashSet<>()).add(c.code());
            }
        }
        List<QaExample> out = new ArrayList<>();
        for (Factbook.Country c : fb.countries()) {
            String location = c.fields().get(FactbookField.LOCATION);
            if (c.name() == null || location == null) {
                continue;
            }
            for (String n : fb.neighbours(c)) {
                Factbook.Country y = fb.byCode(n).orElseThrow();
                if (y.name() == null) {
                    continue;
                }
                String id = c.code() + ">" + n;
                String z = random(d, id).pick(byRegion.get(c.region()),
                        k -> !k.equals(c.code()) && !adjacent.getOrDefault(c.code(), Set.of()).contains(k));
                if (z == null) {
                    continue;
                }
                out.add(new QaExample.YesNo(id, "Does " + c.name() + " border " + y.name() + "?", location, true,
                        c.code(), Split.of(c.code())));
                out.add(new QaExample.YesNo(id + "/no", "Does " + c.name() + " border "
                        + fb.byCode(z).orElseThrow().name() + "?", location, false, c.code(), Split.of(c.code())));
            }
        }
        return new QaSet(d.label(), QaFormat.YES_NO, out);
    }
}
