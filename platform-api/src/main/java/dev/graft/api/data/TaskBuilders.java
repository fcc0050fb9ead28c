package dev.graft.api.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the classification tasks from the parsed sources. Pure functions of their inputs: the same
 * bundle gives the same examples in the same order and the same splits.
 */
final class TaskBuilders {
    /** Python documentation folders that are classes of {@code pydoc_section}. */
    static final List<String> PYDOC_SECTIONS = List.of("c-api", "extending", "faq", "howto", "library", "reference",
            "tutorial", "using", "whatsnew");
    /** A documentation paragraph is used when it has at least this many words. */
    static final int PYDOC_MIN_WORDS = 10;

    private TaskBuilders() {
    }

    static ClassificationTask build(Dataset d, DataSources s) {
        return switch (d) {
            case WN_NOUN_SUPERSENSE -> supersense(d, s.wordNet(), 'n');
            case WN_VERB_SUPERSENSE -> supersense(d, s.wordNet(), 'v');
            case WN_POS -> pos(d, s.wordNet());
            case WN_RELATION_TYPE -> relationType(d, s.wordNet());
            case AFINN_WN_GLOSS_POLARITY -> afinnPolarity(d, s.wordNet(), s.afinn());
            case PYDOC_SECTION -> pydocSection(d, s.pythonDocs());
            default -> throw new IllegalArgumentException(d.label() + " is not a classification task");
        };
    }

    /** Every noun (verb) synset: its definition → its lexname. Group: the synset. */
    static ClassificationTask supersense(Dataset d, WordNet wn, char pos) {
        List<ClassificationExample> ex = new ArrayList<>();
        for (WordNet.Synset s : wn.synsets()) {
            if (s.pos() == pos) {
                ex.add(new ClassificationExample(s.id(), s.definition(), null, s.lexname(), s.id(), Split.of(s.id())));
            }
        }
        return task(d.label(), ex);
    }

    /** Every synset's definition → n, v, a (satellites folded in) or r; at most 15,000 per class. */
    static ClassificationTask pos(Dataset d, WordNet wn) {
        List<ClassificationExample> ex = new ArrayList<>();
        for (WordNet.Synset s : wn.synsets()) {
            ex.add(new ClassificationExample(s.id(), s.definition(), null, String.valueOf(s.basePos()), s.id(),
                    Split.of(s.id())));
        }
        return task(d.label(), capPerClass(d.label(), ex, 15_000));
    }

    /**
     * Word pairs of WordNet pointers → relation. The pair is the pointer's words for lexical pointers, else the
     * first lemmas of its synsets. Pairs of one word with itself are dropped; an unordered pair (ignoring case)
     * is kept once, and only if every pointer between its words has the same relation, so the label is never
     * ambiguous (this also drops inverse duplicates). The 16 most frequent relations are kept, at most 3,000
     * pairs each. Group: the head word, lower case.
     */
    static ClassificationTask relationType(Dataset d, WordNet wn) {
        record Pair(String head, String tail, Relation relation, String key) {
        }
        List<Pair> all = new ArrayList<>();
        Map<String, Set<Relation>> relations = new HashMap<>();
        for (WordNet.Pointer p : wn.pointers()) {
            String a = p.isLexical() ? p.sourceWord() : wn.synset(p.head()).head();
            String b = p.isLexical() ? p.targetWord() : wn.synset(p.tail()).head();
            String la = a.toLowerCase(Locale.ROOT);
            String lb = b.toLowerCase(Locale.ROOT);
            if (la.equals(lb)) {
                continue;
            }
            String key = la.compareTo(lb) < 0 ? la + "\t" + lb : lb + "\t" + la;
            relations.computeIfAbsent(key, k -> new HashSet<>()).add(p.relation());
            all.add(new Pair(a, b, p.relation(), key));
        }
        Map<Relation, List<Pair>> byRelation = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Pair p : all) {
            if (relations.get(p.key()).size() == 1 && seen.add(p.key())) {
                byRelation.computeIfAbsent(p.relation(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Relation> top = byRelation.keySet().stream()
                .sorted(Comparator.comparingInt((Relation r) -> -byRelation.get(r).size()).thenComparing(Relation::label))
                .limit(16).toList();
        List<ClassificationExample> ex = new ArrayList<>();
        for (Pair p : all) {
            if (top.contains(p.relation()) && relations.get(p.key()).size() == 1 && seen.remove(p.key())) {
                String group = p.head().toLowerCase(Locale.ROOT);
                ex.add(new ClassificationExample(p.head() + "\t" + p.tail(), p.head(), p.tail(), p.relation().label(),
                        group, Split.of(group)));
            }
        }
        return task(d.label(), capPerClass(d.label(), ex, 3_000));
    }

    /**
     * For each AFINN word with a non-zero valence and each part of speech in which it is a WordNet lemma: the
     * definition of its most frequent sense → the sign of the valence. Group: the AFINN word.
     */
    static ClassificationTask afinnPolarity(Dataset d, WordNet wn, Map<String, Integer> afinn) {
        Map<String, WordNet.Synset> firstSense = new HashMap<>();
        Map<String, Integer> firstRank = new HashMap<>();
        for (WordNet.Synset s : wn.synsets()) {
            for (WordNet.Lemma l : s.lemmas()) {
                String key = s.basePos() + " " + l.text().toLowerCase(Locale.ROOT);
                Integer r = firstRank.get(key);
                if (r == null || l.senseRank() < r) {
                    firstRank.put(key, l.senseRank());
                    firstSense.put(key, s);
                }
            }
        }
        List<ClassificationExample> ex = new ArrayList<>();
        for (Map.Entry<String, Integer> e : afinn.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            String word = e.getKey().toLowerCase(Locale.ROOT);
            for (char pos : new char[] {'n', 'v', 'a', 'r'}) {
                WordNet.Synset s = firstSense.get(pos + " " + word);
                if (s != null) {
                    ex.add(new ClassificationExample(word + "/" + pos, s.definition(), null,
                            e.getValue() > 0 ? "positive" : "negative", word, Split.of(word)));
                }
            }
        }
        return task(d.label(), ex);
    }

    /**
     * Prose paragraphs of at least {@value #PYDOC_MIN_WORDS} words → the top folder of their file, for the nine
     * folders of {@link #PYDOC_SECTIONS}; at most 3,000 per class. Group: the file.
     */
    static ClassificationTask pydocSection(Dataset d, PythonDocs docs) {
        List<ClassificationExample> ex = new ArrayList<>();
        Map<String, Integer> ordinal = new HashMap<>();
        for (PythonDocs.Paragraph p : docs.paragraphs()) {
            int n = ordinal.merge(p.file(), 1, Integer::sum);
            if (p.heading() || !PYDOC_SECTIONS.contains(p.section()) || words(p.text()) < PYDOC_MIN_WORDS) {
                continue;
            }
            ex.add(new ClassificationExample(p.file() + "#" + n, p.text(), null, p.section(), p.file(), Split.of(p.file())));
        }
        return task(d.label(), capPerClass(d.label(), ex, 3_000));
    }

    static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /** A task of these examples whose labels are those the examples use, in sorted order. */
    static ClassificationTask task(String name, List<ClassificationExample> ex) {
        TreeSet<String> labels = new TreeSet<>();
        for (ClassificationExample e : ex) {
            labels.add(e.label());
        }
        return new ClassificationTask(name, List.copyOf(labels), ex);
    }

    /**
     * Keeps, for each label, the {@code cap} examples with the smallest hash of {@code name/id} ({@code name} the
     * task's), in their original order.
     */
    static List<ClassificationExample> capPerClass(String name, List<ClassificationExample> ex, int cap) {
        Map<String, List<ClassificationExample>> byLabel = new HashMap<>();
        for (ClassificationExample e : ex) {
            byLabel.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
        }
        Set<String> keep = new HashSet<>();
        for (List<ClassificationExample> l : byLabel.values()) {
            if (l.size() <= cap) {
                l.forEach(e -> keep.add(e.id()));
                continue;
            }
            Map<String, Long> hash = new HashMap<>();
            l.forEach(e -> hash.put(e.id(), Split.hash64(name + "/" + e.id())));
            l.stream().sorted(Comparator.comparing((ClassificationExample e) -> hash.get(e.id()), Long::compareUnsigned)
                            .thenComparing(ClassificationExample::id))
                    .limit(cap).forEach(e -> keep.add(e.id()));
        }
        return ex.stream().filter(e -> keep.contains(e.id())).toList();
    }
}
