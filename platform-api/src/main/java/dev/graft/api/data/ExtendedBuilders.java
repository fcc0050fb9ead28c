package dev.graft.api.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the tasks and domains of the extended sources. Pure functions of the files: the same files give the
 * same examples in the same order and the same splits.
 */
final class ExtendedBuilders {
    /** The fortune files that are classes of {@code fortune_category}. */
    static final List<String> FORTUNE_CATEGORIES = List.of("art", "computers", "definitions", "education", "food", "kids",
            "law", "linux", "literature", "love", "medicine", "pets", "platitudes", "politics", "riddles", "science",
            "sports", "startrek", "wisdom", "work");
    /** The fortune files left out of {@code quotations_fortunes}: offensive-leaning, lyrics, one author, not prose. */
    static final Set<String> FORTUNES_LEFT_OUT = Set.of("ethnic", "men-women", "drugs", "songs-poems", "pratchett",
            "knghtbrd", "ascii-art", "translate-me");
    /** Sentences per Brown passage of the genre tasks, and per Brown document of the domains. */
    static final int BROWN_PASSAGE = 5;
    static final int BROWN_DOCUMENT = 10;
    /** Sentences of a FOLDOC entry's text kept as the task input. */
    static final int FOLDOC_SENTENCES = 3;
    /** A FOLDOC category (GCIDE subject) is a class when at least this many entries (senses) carry it. */
    static final int FOLDOC_MIN_CLASS = 40;
    static final int GCIDE_MIN_CLASS = 150;
    /** At most this many senses per part of speech in {@code gcide_pos}. */
    static final int GCIDE_POS_CAP = 15_000;
    /** The parts of speech of GCIDE senses, in the order {@code afinn_gcide_def_polarity} asks them. */
    static final List<String> GCIDE_PARTS_OF_SPEECH = List.of("noun", "verb", "adj", "adv");

    private static final Pattern FOLDOC_CATEGORY = Pattern.compile("<([a-z][a-z0-9 ,'/-]*)>");
    private static final Pattern FOLDOC_DATE = Pattern.compile("\\s*\\(\\d{4}-\\d{2}-\\d{2}\\)\\s*$");
    /** A link in braces, {@code {(ftp://...)}}, with the full stop that may follow it. */
    private static final Pattern BRACED_LINK = Pattern.compile("\\{\\((?:ftp|https?|mailto|news|telnet|gopher):[^}]*\\)\\}\\.?");
    private static final Pattern BROWN_TAG_MARKER = Pattern.compile("-(?:tl|hl|nc)(?=$|[-+])");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\"(\\[]?[A-Z0-9])");

    private ExtendedBuilders() {
    }

    static TaggingTask tagging(ExtendedTask t, ExtendedData x) {
        return switch (t) {
            case BROWN_POS -> brownPos(t.label(), x.rows(ExtendedFile.BROWN_TAGGED),
                    x.directory().resolve(ExtendedFile.BROWN_TAGGED.path()));
            default -> throw new IllegalArgumentException(t.label() + " is not a tagging task");
        };
    }

    static ClassificationTask task(ExtendedTask t, ExtendedData x) {
        String name = t.label();
        return switch (t) {
            case FORTUNE_CATEGORY -> fortuneCategory(name, x.rows(ExtendedFile.FORTUNES));
            case BROWN_GENRE -> brown(name, brownPassages(x, BROWN_PASSAGE, false), false);
            case BROWN_FICTION_VS_NONFICTION -> brown(name, brownPassages(x, BROWN_PASSAGE, false), true);
            case FOLDOC_CATEGORY -> foldocCategory(name, x.rows(ExtendedFile.FOLDOC_ENTRIES));
            case GCIDE_SUBJECT_FIELD -> gcideSubject(name, x.gcideSenses());
            case GCIDE_POS -> gcidePos(name, x.gcideSenses());
            case AFINN_GCIDE_DEF_POLARITY -> afinnGcide(name, x.gcideSenses(), x.afinn());
            case SPAM_VS_HAM -> spamVsHam(name, x.rows(ExtendedFile.SPAMASSASSIN_MESSAGES));
            case BROWN_POS -> throw new IllegalArgumentException(name + " is not a classification task");
        };
    }

    static List<Document> domain(ExtendedDomain d, ExtendedData x) {
        return switch (d) {
            case FICTION_BROWN -> brownDocuments(brownPassages(x, BROWN_DOCUMENT, true), true);
            case NONFICTION_BROWN -> brownDocuments(brownPassages(x, BROWN_DOCUMENT, true), false);
            case SYSADMIN_HANDBOOK -> rowsAsDocuments("handbook:", x.rows(ExtendedFile.HANDBOOK_PARAGRAPHS));
            case DEFINITIONS_GCIDE_FOLDOC -> {
                List<String[]> gcide = x.rows(ExtendedFile.GCIDE_ENTRIES).stream()
                        .map(r -> new String[] {r[0], Gcide.plainText(r[1])}).toList();
                List<Document> out = new ArrayList<>(rowsAsDocuments("gcide:", gcide));
                out.addAll(rowsAsDocuments("foldoc:", x.rows(ExtendedFile.FOLDOC_ENTRIES)));
                yield out;
            }
            case QUOTATIONS_FORTUNES -> rowsAsDocuments("fortune:", x.rows(ExtendedFile.FORTUNES).stream()
                    .filter(r -> !FORTUNES_LEFT_OUT.contains(r[0])).toList());
            case EMAIL_SPAMASSASSIN_HAM -> x.rows(ExtendedFile.SPAMASSASSIN_MESSAGES).stream()
                    .filter(r -> !spam(r))
                    .map(r -> new Document("spamassassin:" + r[0] + "/" + r[1], mail(r))).toList();
        };
    }

    // ------------------------------------------------------------------ SpamAssassin

    /** A spam_vs_ham text's length: the subject and the start of the body. */
    static final int SPAM_TEXT_CHARS = 2_000;

    /** @return whether a row of {@link ExtendedFile#SPAMASSASSIN_MESSAGES} comes from a spam corpus */
    private static boolean spam(String[] row) {
        return row[0].startsWith("spam");
    }

    /** @return a message's subject and body as one text */
    private static String mail(String[] row) {
        return row[2].isEmpty() ? row[3] : row[3].isEmpty() ? row[2] : row[2] + " " + row[3];
    }

    /**
     * Every message → {@code spam} or {@code ham}; the text is the subject and the body, cut after
     * {@link #SPAM_TEXT_CHARS} characters. Group: the message's MD5, the part of its file name after the dot, so
     * that a message filed twice never lands in two splits.
     */
    static ClassificationTask spamVsHam(String name, List<String[]> rows) {
        List<ClassificationExample> ex = new ArrayList<>();
        for (String[] r : rows) {
            String text = mail(r);
            if (text.length() > SPAM_TEXT_CHARS) {
                int end = Character.isHighSurrogate(text.charAt(SPAM_TEXT_CHARS - 1)) ? SPAM_TEXT_CHARS - 1
                        : SPAM_TEXT_CHARS;
                text = text.substring(0, end);
            }
            String group = r[1].substring(r[1].indexOf('.') + 1);
            ex.add(new ClassificationExample(r[0] + "/" + r[1], text, null, spam(r) ? "spam" : "ham", group,
                    Split.of(group)));
        }
        return TaskBuilders.task(name, ex);
    }

    // ------------------------------------------------------------------ fortunes

    /** Every fortune of the {@link #FORTUNE_CATEGORIES} → its file. Group: the fortune's text. */
    static ClassificationTask fortuneCategory(String name, List<String[]> rows) {
        List<ClassificationExample> ex = new ArrayList<>();
        Map<String, Integer> ordinal = new HashMap<>();
        for (String[] r : rows) {
            if (FORTUNE_CATEGORIES.contains(r[0])) {
                int n = ordinal.merge(r[0], 1, Integer::sum);
                ex.add(new ClassificationExample(r[0] + "#" + n, r[1], null, r[0], r[1], Split.of(r[1])));
            }
        }
        return TaskBuilders.task(name, ex);
    }

    /**
     * One document per row: id {@code prefix + first column}, with {@code #n} from the second use of a first
     * column on; the text of the second column without cross-reference braces.
     */
    private static List<Document> rowsAsDocuments(String prefix, List<String[]> rows) {
        List<Document> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String[] r : rows) {
            out.add(new Document(DomainBuilders.uniqueId(seen, prefix + r[0]), r[1].replace("{", "").replace("}", "")));
        }
        return out;
    }

    // ------------------------------------------------------------------ Brown

    /** Consecutive sentences of one Brown file, detokenized. */
    record BrownPassage(String file, int index, String genre, String text) {
        /** @return whether the file is fiction: Brown genres K to R (file ids {@code ck..} to {@code cr..}) */
        boolean fiction() {
            char c = file.charAt(1);
            return c >= 'k' && c <= 'r';
        }
    }

    /**
     * Each Brown file cut into passages of {@code size} consecutive sentences; a shorter remainder at the end of a
     * file is a passage of its own when {@code keepRemainder}, else dropped.
     */
    static List<BrownPassage> brownPassages(ExtendedData x, int size, boolean keepRemainder) {
        Map<String, String> genre = new LinkedHashMap<>();
        for (String[] r : x.rows(ExtendedFile.BROWN_CATEGORIES)) {
            genre.put(r[0], r[1]);
        }
        Map<String, List<String>> sentences = x.brownSentences();
        List<BrownPassage> out = new ArrayList<>();
        for (Map.Entry<String, String> g : genre.entrySet()) {
            List<String> s = sentences.getOrDefault(g.getKey(), List.of());
            for (int i = 0; i + (keepRemainder ? 1 : size) <= s.size(); i += size) {
                List<String> passage = s.subList(i, Math.min(i + size, s.size()));
                out.add(new BrownPassage(g.getKey(), i / size, g.getValue(), String.join(" ", passage)));
            }
        }
        return out;
    }

    /** Passages → their genre, or fiction/nonfiction when {@code fiction}. Group: the file. */
    static ClassificationTask brown(String name, List<BrownPassage> passages, boolean fiction) {
        List<ClassificationExample> ex = new ArrayList<>();
        for (BrownPassage p : passages) {
            String label = fiction ? (p.fiction() ? "fiction" : "nonfiction") : p.genre();
            ex.add(new ClassificationExample(p.file() + "#" + p.index(), p.text(), null, label, p.file(), Split.of(p.file())));
        }
        return TaskBuilders.task(name, ex);
    }

    private static List<Document> brownDocuments(List<BrownPassage> passages, boolean fiction) {
        return passages.stream().filter(p -> p.fiction() == fiction)
                .map(p -> new Document("brown:" + p.file() + "#" + p.index(), p.text())).toList();
    }

    /**
     * Every word of every Brown sentence → its {@linkplain #simplifyBrownTag simplified} tag. Group: the file.
     *
     * @param source the file the rows come from, named in errors
     * @throws BundleException if a token is not {@code WORD/TAG}
     */
    static TaggingTask brownPos(String name, List<String[]> tagged, Path source) {
        List<TaggedSentence> sentences = new ArrayList<>();
        Set<String> tags = new TreeSet<>();
        for (String[] r : tagged) {
            String[] tokens = r[2].split(" ");
            List<String> words = new ArrayList<>(tokens.length);
            List<String> sentenceTags = new ArrayList<>(tokens.length);
            for (String token : tokens) {
                int slash = token.lastIndexOf('/');
                if (slash <= 0 || slash == token.length() - 1) {
                    throw new BundleException(BundleException.Kind.MALFORMED, source, "Brown file " + r[0] + ", sentence "
                            + r[1] + ": token '" + token + "' is not WORD/TAG", "write it again with '"
                            + ExtendedFile.BROWN_TAGGED.fetchCommand() + "'", null);
                }
                words.add(token.substring(0, slash));
                String tag = simplifyBrownTag(token.substring(slash + 1));
                sentenceTags.add(tag);
                tags.add(tag);
            }
            sentences.add(new TaggedSentence(r[0] + "#" + r[1], words, sentenceTags, r[0], Split.of(r[0])));
        }
        return new TaggingTask(name, List.copyOf(tags), sentences);
    }

    /**
     * A Brown tag without its title ({@code -tl}), headline ({@code -hl}) and citation ({@code -nc}) markers, and
     * with every foreign-word tag ({@code fw-nn}, {@code fw-in+at}, ...) read as {@code fw}: 472 tags become 182.
     */
    static String simplifyBrownTag(String tag) {
        String t = BROWN_TAG_MARKER.matcher(tag).replaceAll("");
        return t.startsWith("fw-") ? "fw" : t;
    }

    /** @return each Brown file's sentences as text ({@link #detokenize}), in file order */
    static Map<String, List<String>> brownSentences(List<String[]> tagged) {
        Map<String, List<String>> sentences = new LinkedHashMap<>();
        for (String[] r : tagged) {
            sentences.computeIfAbsent(r[0], k -> new ArrayList<>()).add(detokenize(r[2]));
        }
        return sentences;
    }

    /**
     * A Brown sentence as text: {@code word/tag} tokens become words; closing punctuation joins the word before
     * it, opening brackets the word after, and the corpus's {@code ``} and {@code ''} become straight quotes.
     */
    static String detokenize(String tagged) {
        StringBuilder sb = new StringBuilder();
        boolean glueNext = true;
        for (String token : tagged.split(" ")) {
            int slash = token.lastIndexOf('/');
            String w = slash > 0 ? token.substring(0, slash) : token;
            boolean closing = w.equals("''") || w.equals(",") || w.equals(".") || w.equals(";") || w.equals(":")
                    || w.equals("?") || w.equals("!") || w.equals(")");
            boolean opening = w.equals("``") || w.equals("(");
            if (!glueNext && !closing) {
                sb.append(' ');
            }
            sb.append(w.equals("``") || w.equals("''") ? "\"" : w);
            glueNext = opening;
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ FOLDOC

    /** A FOLDOC entry's first category and its text. */
    record FoldocEntry(String headword, String category, String text) {
    }

    /**
     * @return the entry's first category and its first {@value #FOLDOC_SENTENCES} sentences, when the entry's text
     *     opens with its headword followed by a {@code <category, ...>} list; else {@code null}
     */
    static FoldocEntry foldoc(String headword, String text) {
        Matcher m = FOLDOC_CATEGORY.matcher(text);
        if (!m.find() || !text.substring(0, m.start()).strip().equalsIgnoreCase(headword)) {
            return null;
        }
        String category = m.group(1).split(",")[0].strip();
        String body = BRACED_LINK.matcher(text.substring(m.end())).replaceAll("");
        body = FOLDOC_DATE.matcher(body.replace("{", "").replace("}", "")).replaceAll("").strip();
        String[] sentences = SENTENCE_END.split(body);
        String first = String.join(" ", List.of(sentences).subList(0, Math.min(FOLDOC_SENTENCES, sentences.length)));
        return category.isEmpty() || first.isBlank() ? null : new FoldocEntry(headword, category, first.strip());
    }

    /** Entries → their first category, for categories of at least {@value #FOLDOC_MIN_CLASS}. Group: the headword. */
    static ClassificationTask foldocCategory(String name, List<String[]> rows) {
        List<ClassificationExample> ex = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String[] r : rows) {
            FoldocEntry e = foldoc(r[0], r[1]);
            if (e != null) {
                String group = r[0].toLowerCase(Locale.ROOT);
                ex.add(new ClassificationExample(DomainBuilders.uniqueId(seen, group), e.text(), null, e.category(), group,
                        Split.of(group)));
            }
        }
        return TaskBuilders.task(name, frequentLabels(ex, FOLDOC_MIN_CLASS));
    }

    // ------------------------------------------------------------------ GCIDE

    /** Senses with a subject label → the label, for labels of at least {@value #GCIDE_MIN_CLASS}. Group: the headword. */
    static ClassificationTask gcideSubject(String name, List<Gcide.Sense> senses) {
        List<ClassificationExample> ex = new ArrayList<>();
        Map<String, Integer> ordinal = new HashMap<>();
        for (Gcide.Sense s : senses) {
            if (s.subject() != null) {
                ex.add(gcideExample(s, s.subject(), ordinal));
            }
        }
        return TaskBuilders.task(name, frequentLabels(ex, GCIDE_MIN_CLASS));
    }

    /** Every sense → the part of speech of its entry, at most {@value #GCIDE_POS_CAP} per class. Group: the headword. */
    static ClassificationTask gcidePos(String name, List<Gcide.Sense> senses) {
        List<ClassificationExample> ex = new ArrayList<>();
        Map<String, Integer> ordinal = new HashMap<>();
        for (Gcide.Sense s : senses) {
            ex.add(gcideExample(s, s.pos(), ordinal));
        }
        return TaskBuilders.task(name, TaskBuilders.capPerClass(name, ex, GCIDE_POS_CAP));
    }

    /**
     * For each AFINN word with a non-zero valence and each part of speech in which GCIDE has it: the first sense
     * → the sign of the valence. Group: the AFINN word.
     */
    static ClassificationTask afinnGcide(String name, List<Gcide.Sense> senses, Map<String, Integer> afinn) {
        Map<String, Gcide.Sense> first = new LinkedHashMap<>();
        for (Gcide.Sense s : senses) {
            first.putIfAbsent(s.headword().toLowerCase(Locale.ROOT) + "/" + s.pos(), s);
        }
        List<ClassificationExample> ex = new ArrayList<>();
        for (Map.Entry<String, Integer> e : afinn.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            String word = e.getKey().toLowerCase(Locale.ROOT);
            for (String pos : GCIDE_PARTS_OF_SPEECH) {
                Gcide.Sense s = first.get(word + "/" + pos);
                if (s != null) {
                    ex.add(new ClassificationExample(word + "/" + pos, s.text(), null,
                            e.getValue() > 0 ? "positive" : "negative", word, Split.of(word)));
                }
            }
        }
        return TaskBuilders.task(name, ex);
    }

    private static ClassificationExample gcideExample(Gcide.Sense s, String label, Map<String, Integer> ordinal) {
        String group = s.headword().toLowerCase(Locale.ROOT);
        int n = ordinal.merge(group, 1, Integer::sum);
        return new ClassificationExample(group + "#" + n, s.text(), null, label, group, Split.of(group));
    }

    /** The examples whose label at least {@code min} examples carry, in their order. */
    static List<ClassificationExample> frequentLabels(List<ClassificationExample> ex, int min) {
        Map<String, Integer> count = new HashMap<>();
        ex.forEach(e -> count.merge(e.label(), 1, Integer::sum));
        return ex.stream().filter(e -> count.get(e.label()) >= min).toList();
    }
}
