package dev.graft.api.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the entity- and relation-linked corpora (distant supervision in the style of ERNIE and ERICA).
 */
final class LinkedCorpusBuilders {
    /** Longest mention, in words. */
    static final int MAX_MENTION_WORDS = 5;
    /** Shortest monosemous noun linked without a knowledge-base relation. */
    static final int MIN_MONOSEMOUS_CHARS = 4;

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'_-]*");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z])");

    private LinkedCorpusBuilders() {
    }

    static List<LinkedDocument> build(Dataset d, DataSources s) {
        return switch (d) {
            case WN_GLOSS_EL -> wordNetGlosses(s.wordNet());
            case FACTBOOK_EL -> factbook(s.factbook());
            default -> throw new IllegalArgumentException(d.label() + " is not an entity-linked corpus");
        };
    }

    /** The relation from the head synset's point of view when the pointer goes from the other synset to it. */
    static String inverseLabel(Relation r) {
        return switch (r) {
            case HYPERNYM -> "hyponym";
            case INSTANCE_HYPERNYM -> "instance_hyponym";
            case MEMBER_HOLONYM -> "member_meronym";
            case SUBSTANCE_HOLONYM -> "substance_meronym";
            case PART_HOLONYM -> "part_meronym";
            case DOMAIN_TOPIC -> "member_of_domain_topic";
            case DOMAIN_REGION -> "member_of_domain_region";
            case DOMAIN_USAGE -> "member_of_domain_usage";
            case ENTAILMENT -> "entailed_by";
            case CAUSE -> "caused_by";
            case PARTICIPLE -> "has_participle";
            case PERTAINYM -> "pertainym_of";
            default -> r.label();
        };
    }

    /**
     * One document per synset: {@code "HEAD: definition." "example" ...}. Linked: the head (to the synset);
     * each example's occurrence of the synset's lemmas (to the synset); and lemma mentions in the definition
     * found by longest match (up to {@value #MAX_MENTION_WORDS} words, WordNet morphology). A mention whose
     * senses include one directly related to the head synset is linked to that sense and the relation is
     * recorded; otherwise it is linked, without a relation, only when its lemma is a monosemous noun of at
     * least {@value #MIN_MONOSEMOUS_CHARS} characters.
     */
    static List<LinkedDocument> wordNetGlosses(WordNet wn) {
        Map<String, List<String>> senses = new HashMap<>();
        Map<String, List<String>> candidates = new HashMap<>();
        Map<String, Boolean> monosemous = new HashMap<>();
        Map<String, List<String>> firstFormsOf = new HashMap<>();
        Set<String> prefixes = new HashSet<>();
        Map<String, Integer> lemmaSynsets = new HashMap<>();
        for (WordNet.Synset s : wn.synsets()) {
            for (WordNet.Lemma l : s.lemmas()) {
                senses.computeIfAbsent(l.text(), k -> new ArrayList<>()).add(s.id());
                lemmaSynsets.merge(l.text().toLowerCase(Locale.ROOT), 1, Integer::sum);
                for (int sp = l.text().indexOf(' '); sp > 0; sp = l.text().indexOf(' ', sp + 1)) {
                    prefixes.add(l.text().substring(0, sp));
                }
            }
        }
        List<LinkedDocument> out = new ArrayList<>();
        for (WordNet.Synset s : wn.synsets()) {
            Map<String, String> related = new HashMap<>();
            for (WordNet.Pointer p : wn.pointersFrom(s.id())) {
                related.putIfAbsent(p.tail(), p.relation().label());
            }
            for (WordNet.Pointer p : wn.pointersTo(s.id())) {
                related.putIfAbsent(p.head(), inverseLabel(p.relation()));
            }
            StringBuilder text = new StringBuilder(s.head()).append(": ");
            int defStart = text.length();
            text.append(s.definition()).append('.');
            List<LinkedDocument.Mention> mentions = new ArrayList<>();
            List<LinkedDocument.RelationMention> relations = new ArrayList<>();
            mentions.add(new LinkedDocument.Mention(0, s.head().length(), s.id(), s.head()));
            String def = s.definition();
            List<int[]> tokens = new ArrayList<>();
            Matcher m = TOKEN.matcher(def);
            while (m.find()) {
                tokens.add(new int[] {m.start(), m.end()});
            }
            for (int i = 0; i < tokens.size(); ) {
                // Extend over tokens separated by exactly one space while the words so far (the first one
                // possibly inflected, as verbs are) begin a multi-word lemma.
                int maxWords = 1;
                List<String> firstForms = firstFormsOf.computeIfAbsent(def.substring(tokens.get(i)[0], tokens.get(i)[1]),
                        x -> firstForms(wn, x));
                StringBuilder rest = new StringBuilder();
                while (maxWords < MAX_MENTION_WORDS && i + maxWords < tokens.size()
                        && tokens.get(i + maxWords)[0] == tokens.get(i + maxWords - 1)[1] + 1
                        && def.charAt(tokens.get(i + maxWords - 1)[1]) == ' ') {
                    if (maxWords > 1) {
                        rest.append(' ').append(def, tokens.get(i + maxWords - 1)[0], tokens.get(i + maxWords - 1)[1]);
                    }
                    String r = rest.toString();
                    if (firstForms.stream().noneMatch(f -> prefixes.contains(f + r))) {
                        break;
                    }
                    maxWords++;
                }
                int linkedWords = 0;
                for (int n = maxWords; n >= 1 && linkedWords == 0; n--) {
                    int start = tokens.get(i)[0];
                    int end = tokens.get(i + n - 1)[1];
                    String surface = def.substring(start, end);
                    List<String> found = n == 1 ? candidates.computeIfAbsent(surface, x -> sensesOf(wn, senses, x))
                            : sensesOf(wn, senses, surface);
                    String chosen = null;
                    String relation = null;
                    for (String c : found) {
                        if (!c.equals(s.id()) && related.containsKey(c)) {
                            chosen = c;
                            relation = related.get(c);
                            break;
                        }
                    }
                    if (chosen == null && found.size() == 1 && !found.getFirst().equals(s.id())
                            && surface.length() >= MIN_MONOSEMOUS_CHARS
                            && monosemous.computeIfAbsent(surface, x -> isMonosemousNoun(wn, lemmaSynsets, x, found.getFirst()))) {
                        chosen = found.getFirst();
                    }
                    if (chosen != null) {
                        mentions.add(new LinkedDocument.Mention(defStart + start, defStart + end, chosen, surface));
                        if (relation != null) {
                            relations.add(new LinkedDocument.RelationMention(0, mentions.size() - 1, relation));
                        }
                        linkedWords = n;
                    }
                }
                i += Math.max(1, linkedWords);
            }
            List<String> lemmas = s.lemmas().stream().map(WordNet.Lemma::text).toList();
            for (String ex : s.examples()) {
                text.append(" \"");
                int exStart = text.length();
                text.append(ex).append('"');
                wn.morphology().find(ex, lemmas, s.pos()).ifPresent(sp -> mentions.add(new LinkedDocument.Mention(
                        exStart + sp.start(), exStart + sp.end(), s.id(), ex.substring(sp.start(), sp.end()))));
            }
            out.add(new LinkedDocument(s.id(), text.toString(), mentions, relations, s.id(), Split.of(s.id())));
        }
        return out;
    }

    /** The synsets (in bundle order, no duplicates) having a lemma that is a base form of the surface in their POS. */
    private static List<String> sensesOf(WordNet wn, Map<String, List<String>> senses, String surface) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (Morphology.Base b : wn.morphology().bases(surface)) {
            for (String id : senses.getOrDefault(b.lemma(), List.of())) {
                if (wn.synset(id).basePos() == b.pos()) {
                    out.add(id);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Whether the surface's base is a noun lemma of the synset that has this synset as its only sense. */
    private static boolean isMonosemousNoun(WordNet wn, Map<String, Integer> lemmaSynsets, String surface, String id) {
        WordNet.Synset cs = wn.synset(id);
        if (cs.pos() != 'n') {
            return false;
        }
        Set<Morphology.Base> bases = wn.morphology().bases(surface);
        return cs.lemmas().stream().anyMatch(l -> lemmaSynsets.get(l.text().toLowerCase(Locale.ROOT)) == 1
                && bases.contains(new Morphology.Base(l.text(), 'n')));
    }

    /** A word and its base forms as the first word of a verb phrase. */
    private static List<String> firstForms(WordNet wn, String word) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        out.add(word);
        for (Morphology.Base b : wn.morphology().bases(word)) {
            if (b.pos() == 'v') {
                out.add(b.lemma());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Sentences of the Factbook Background texts that mention a country (short or long name) or a capital.
     * Relations: {@code borders} between two mentioned neighbours, {@code capital} from a mentioned country to
     * its mentioned capital. Entity ids: {@code factbook:CODE} and {@code factbook:CODE/capital}.
     */
    static List<LinkedDocument> factbook(Factbook fb) {
        record Name(String text, String entity, String country) {
        }
        List<Name> names = new ArrayList<>();
        Map<String, Set<String>> adjacent = new HashMap<>();
        for (Factbook.Country c : fb.countries()) {
            if (c.name() == null) {
                continue;
            }
            names.add(new Name(c.name(), "factbook:" + c.code(), c.code()));
            if (c.longName() != null && !c.longName().equals(c.name())) {
                names.add(new Name(c.longName(), "factbook:" + c.code(), c.code()));
            }
            if (c.capital() != null) {
                names.add(new Name(c.capital(), "factbook:" + c.code() + "/capital", c.code()));
            }
            for (String n : fb.neighbours(c)) {
                adjacent.computeIfAbsent(c.code(), k -> new HashSet<>()).add(n);
                adjacent.computeIfAbsent(n, k -> new HashSet<>()).add(c.code());
            }
        }
        names.sort(Comparator.comparingInt((Name n) -> -n.text().length()).thenComparing(Name::text));
        List<LinkedDocument> out = new ArrayList<>();
        for (Factbook.Country c : fb.countries()) {
            if (c.name() == null || c.background() == null) {
                continue;
            }
            String[] sentences = SENTENCE_END.split(c.background());
            for (int si = 0; si < sentences.length; si++) {
                String sentence = sentences[si];
                boolean[] taken = new boolean[sentence.length()];
                List<LinkedDocument.Mention> found = new ArrayList<>();
                List<String> countryOf = new ArrayList<>();
                for (Name n : names) {
                    int from = 0;
                    while (true) {
                        int at = Morphology.indexOfWord(sentence.substring(from), n.text());
                        if (at < 0) {
                            break;
                        }
                        at += from;
                        int end = at + n.text().length();
                        boolean free = true;
                        for (int k = at; k < end; k++) {
                            free &= !taken[k];
                        }
                        if (free) {
                            for (int k = at; k < end; k++) {
                                taken[k] = true;
                            }
                            found.add(new LinkedDocument.Mention(at, end, n.entity(), n.text()));
                        }
                        from = end;
                    }
                }
                if (found.isEmpty()) {
                    continue;
                }
                found.sort(Comparator.comparingInt(LinkedDocument.Mention::start));
                for (LinkedDocument.Mention mm : found) {
                    String e = mm.entityId().substring("factbook:".length());
                    countryOf.add(e.endsWith("/capital") ? e.substring(0, e.indexOf('/')) : e);
                }
                List<LinkedDocument.RelationMention> rels = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (int a = 0; a < found.size(); a++) {
                    for (int b = 0; b < found.size(); b++) {
                        boolean aCountry = !found.get(a).entityId().endsWith("/capital");
                        boolean bCountry = !found.get(b).entityId().endsWith("/capital");
                        String ca = countryOf.get(a);
                        String cb = countryOf.get(b);
                        if (a < b && aCountry && bCountry && adjacent.getOrDefault(ca, Set.of()).contains(cb)
                                && seen.add("borders " + ca + " " + cb)) {
                            rels.add(new LinkedDocument.RelationMention(a, b, "borders"));
                        }
                        if (aCountry && !bCountry && ca.equals(cb) && seen.add("capital " + ca)) {
                            rels.add(new LinkedDocument.RelationMention(a, b, "capital"));
                        }
                    }
                }
                out.add(new LinkedDocument(c.code() + "#" + (si + 1), sentence, found, rels, c.code(), Split.of(c.code())));
            }
        }
        return out;
    }
}
