package dev.graft.api.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WordNet 3.0 as stored in the bundle: synsets, pointers and irregular forms, with the indexes the
 * dataset builders need. Immutable and safe for concurrent reads once loaded.
 *
 * <p>Synset ids are the part-of-speech letter of the data file ({@code n}, {@code v}, {@code a}, {@code r})
 * followed by the 8-digit byte offset, e.g. {@code n00001740}; adjective satellites live in the
 * {@code a} file and have {@link Synset#pos()} {@code 's'}. Lemma text has spaces where WordNet writes
 * underscores.
 */
public final class WordNet {
    /**
     * One lemma of a synset.
     *
     * @param text      the lemma with spaces, in WordNet's case (e.g. {@code "physical entity"}, {@code "Paris"})
     * @param senseRank 1 for the lemma's most frequent sense in its part of speech, 2 for the next, ...
     */
    public record Lemma(String text, int senseRank) {
    }

    /**
     * A synset.
     *
     * @param id         e.g. {@code n00001740}
     * @param pos        {@code n}, {@code v}, {@code a}, {@code s} (adjective satellite) or {@code r}
     * @param lexname    the lexicographer file, e.g. {@code noun.animal} (the supersense)
     * @param lemmas     the lemmas in WordNet's order
     * @param definition the gloss without its examples
     * @param examples   the gloss's quoted example sentences
     */
    public record Synset(String id, char pos, String lexname, List<Lemma> lemmas, String definition,
                         List<String> examples) {
        /** @return the first lemma's text, the synset's usual name */
        public String head() {
            return lemmas.getFirst().text();
        }

        /** @return the part of speech with satellites folded into adjectives: {@code n}, {@code v}, {@code a}, {@code r} */
        public char basePos() {
            return pos == 's' ? 'a' : pos;
        }
    }

    /**
     * One stored pointer.
     *
     * @param head       the source synset id
     * @param relation   the relation
     * @param tail       the target synset id
     * @param sourceWord for lexical pointers the source lemma (spaces), else {@code null}
     * @param targetWord for lexical pointers the target lemma (spaces), else {@code null}
     */
    public record Pointer(String head, Relation relation, String tail, String sourceWord, String targetWord) {
        /** @return whether this pointer links two words rather than two synsets */
        public boolean isLexical() {
            return sourceWord != null;
        }
    }

    private final Map<String, Synset> synsets;
    private final List<Synset> ordered;
    private final List<Pointer> pointers;
    private final Map<String, List<Pointer>> outgoing;
    private final Map<String, List<Pointer>> incoming;
    private final Map<String, List<String>> hypernyms;
    private final Map<String, List<String>> hyponyms;
    private final Morphology morphology;

    private WordNet(Map<String, Synset> synsets, List<Synset> ordered, List<Pointer> pointers, Morphology morphology) {
        this.synsets = synsets;
        this.ordered = ordered;
        this.pointers = pointers;
        this.morphology = morphology;
        Map<String, List<Pointer>> out = new HashMap<>();
        Map<String, List<Pointer>> in = new HashMap<>();
        Map<String, List<String>> up = new HashMap<>();
        Map<String, List<String>> down = new HashMap<>();
        for (Pointer p : pointers) {
            out.computeIfAbsent(p.head(), k -> new ArrayList<>()).add(p);
            in.computeIfAbsent(p.tail(), k -> new ArrayList<>()).add(p);
            if (p.relation() == Relation.HYPERNYM || p.relation() == Relation.INSTANCE_HYPERNYM) {
                up.computeIfAbsent(p.head(), k -> new ArrayList<>()).add(p.tail());
                down.computeIfAbsent(p.tail(), k -> new ArrayList<>()).add(p.head());
            }
        }
        this.outgoing = out;
        this.incoming = in;
        this.hypernyms = up;
        this.hyponyms = down;
    }

    /**
     * Loads WordNet from a bundle.
     *
     * @param bundle the data bundle
     * @return the loaded WordNet
     * @throws BundleException if a file is corrupt, a field malformed, or a pointer names an unknown synset
     */
    public static WordNet load(DataBundle bundle) {
        Path synFile = bundle.directory().resolve(BundleFile.WORDNET_SYNSETS.path());
        Map<String, Synset> map = new HashMap<>();
        List<Synset> ordered = new ArrayList<>();
        int line = 0;
        for (String[] f : bundle.rows(BundleFile.WORDNET_SYNSETS)) {
            line++;
            if (f[1].length() != 1 || "nvasr".indexOf(f[1].charAt(0)) < 0) {
                throw new BundleException(BundleException.Kind.MALFORMED, synFile,
                        "synset " + f[0] + ": field pos is '" + f[1] + "', expected one of n v a s r", null);
            }
            List<Lemma> lemmas = new ArrayList<>();
            for (String l : f[3].split("\\|")) {
                int hash = l.lastIndexOf('#');
                if (hash <= 0) {
                    throw new BundleException(BundleException.Kind.MALFORMED, synFile,
                            "synset " + f[0] + ": lemma '" + l + "' lacks its '#senseRank'", null);
                }
                try {
                    lemmas.add(new Lemma(l.substring(0, hash).replace('_', ' '), Integer.parseInt(l.substring(hash + 1))));
                } catch (NumberFormatException e) {
                    throw new BundleException(BundleException.Kind.MALFORMED, synFile,
                            "synset " + f[0] + ": sense rank of lemma '" + l + "' is not an integer", e);
                }
            }
            List<String> examples = f[5].isEmpty() ? List.of() : List.of(f[5].split("\\|"));
            Synset s = new Synset(f[0], f[1].charAt(0), f[2], List.copyOf(lemmas), f[4], examples);
            map.put(s.id(), s);
            ordered.add(s);
        }
        if (line == 0) {
            throw new BundleException(BundleException.Kind.MALFORMED, synFile, "holds no synsets", null);
        }
        Path ptrFile = bundle.directory().resolve(BundleFile.WORDNET_POINTERS.path());
        List<Pointer> pointers = new ArrayList<>();
        for (String[] f : bundle.rows(BundleFile.WORDNET_POINTERS)) {
            Relation rel;
            try {
                rel = Relation.fromLabel(f[1]);
            } catch (IllegalArgumentException e) {
                throw new BundleException(BundleException.Kind.MALFORMED, ptrFile, e.getMessage(), e);
            }
            if (!map.containsKey(f[0]) || !map.containsKey(f[2])) {
                throw new BundleException(BundleException.Kind.MALFORMED, ptrFile, "pointer " + String.join(" ", f)
                        + " names a synset that " + BundleFile.WORDNET_SYNSETS.path() + " does not hold", null);
            }
            pointers.add(new Pointer(f[0], rel, f[2], word(f[3]), word(f[4])));
        }
        Map<String, Set<String>> exceptions = new HashMap<>();
        for (String[] f : bundle.rows(BundleFile.WORDNET_EXCEPTIONS)) {
            exceptions.computeIfAbsent(f[0] + " " + f[2].replace('_', ' '), k -> new LinkedHashSet<>())
                    .add(f[1].replace('_', ' '));
        }
        return new WordNet(map, List.copyOf(ordered), List.copyOf(pointers), new Morphology(exceptions));
    }

    private static String word(String field) {
        return field.equals("-") ? null : field.replace('_', ' ');
    }

    /** @return every synset, ordered by id */
    public List<Synset> synsets() {
        return ordered;
    }

    /**
     * @param id a synset id
     * @return the synset
     * @throws IllegalArgumentException if there is none with this id
     */
    public Synset synset(String id) {
        Synset s = synsets.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no WordNet synset with id '" + id + "'");
        }
        return s;
    }

    /** @return every stored pointer, in bundle order (sorted) */
    public List<Pointer> pointers() {
        return pointers;
    }

    /**
     * @param id a synset id
     * @return the stored pointers whose head is this synset (inverse relations are not included)
     */
    public List<Pointer> pointersFrom(String id) {
        return outgoing.getOrDefault(id, List.of());
    }

    /**
     * @param id a synset id
     * @return the stored pointers whose tail is this synset
     */
    public List<Pointer> pointersTo(String id) {
        return incoming.getOrDefault(id, List.of());
    }

    /**
     * @param id a synset id
     * @return its direct hypernyms and instance hypernyms, in bundle order
     */
    public List<String> hypernyms(String id) {
        return hypernyms.getOrDefault(id, List.of());
    }

    /**
     * @param id a synset id
     * @return its direct hyponyms and instances, in bundle order
     */
    public List<String> hyponyms(String id) {
        return hyponyms.getOrDefault(id, List.of());
    }

    /**
     * @param id a synset id
     * @return every synset reachable by hypernym and instance-hypernym pointers, excluding {@code id}
     */
    public Set<String> ancestors(String id) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> stack = new ArrayList<>(hypernyms(id));
        while (!stack.isEmpty()) {
            String x = stack.removeLast();
            if (seen.add(x)) {
                stack.addAll(hypernyms(x));
            }
        }
        return Collections.unmodifiableSet(seen);
    }

    /** @return WordNet's morphology (irregular forms and suffix rules) */
    public Morphology morphology() {
        return morphology;
    }
}
