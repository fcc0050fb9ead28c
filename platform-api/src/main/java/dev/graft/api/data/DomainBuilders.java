package dev.graft.api.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the documents of each pre-training domain. */
final class DomainBuilders {
    /** A Factbook field is a document when it has at least this many words. */
    static final int FACTBOOK_MIN_WORDS = 12;

    private DomainBuilders() {
    }

    static List<Document> build(Domain d, DataSources s) {
        return switch (d) {
            case SCRIPTURE_KJV -> kjv(s.bundle());
            case ENCYCLOPEDIC_FACTBOOK -> factbook(s.factbook());
            case DEFINITIONS_WN_DEVIL_JARGON -> definitions(s);
            case PROGRAMMING_PYDOC -> pydoc(s.pythonDocs());
        };
    }

    /** One document per chapter, id {@code "Book C"}, verses joined by spaces. */
    static List<Document> kjv(DataBundle bundle) {
        List<Document> out = new ArrayList<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String[] f : bundle.rows(BundleFile.KJV_VERSES)) {
            int colon = f[1].indexOf(':');
            if (colon <= 0) {
                throw new BundleException(BundleException.Kind.MALFORMED, bundle.directory().resolve(BundleFile.KJV_VERSES.path()),
                        "verse reference '" + f[1] + "' of " + f[0] + " is not chapter:verse", null);
            }
            String chapter = f[0] + " " + f[1].substring(0, colon);
            if (!chapter.equals(current)) {
                if (current != null) {
                    out.add(new Document(current, text.toString()));
                }
                current = chapter;
                text.setLength(0);
            }
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(f[2]);
        }
        if (current != null) {
            out.add(new Document(current, text.toString()));
        }
        return out;
    }

    static List<Document> factbook(Factbook fb) {
        List<Document> out = new ArrayList<>();
        for (Factbook.Field f : fb.fields()) {
            if (TaskBuilders.words(f.text()) >= FACTBOOK_MIN_WORDS) {
                out.add(new Document(f.code() + "/" + f.section() + "/" + f.field(), f.text()));
            }
        }
        return out;
    }

    /**
     * WordNet as {@code "lemma, lemma: definition. "example" ..."} (ids {@code wn:SYNSET}), then the Devil's
     * Dictionary (text as written, {@code devil:HEADWORD}) and the Jargon File ({@code "headword: text"},
     * {@code jargon:HEADWORD}); a headword's second entry gets the id suffix {@code #2}, and so on.
     */
    static List<Document> definitions(DataSources s) {
        List<Document> out = new ArrayList<>();
        for (WordNet.Synset syn : s.wordNet().synsets()) {
            StringBuilder t = new StringBuilder();
            for (WordNet.Lemma l : syn.lemmas()) {
                if (!t.isEmpty()) {
                    t.append(", ");
                }
                t.append(l.text());
            }
            t.append(": ").append(syn.definition()).append('.');
            for (String ex : syn.examples()) {
                t.append(" \"").append(ex).append('"');
            }
            out.add(new Document("wn:" + syn.id(), t.toString()));
        }
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (String[] f : s.bundle().rows(BundleFile.DEVIL)) {
            out.add(new Document(uniqueId(seen, "devil:" + f[0]), f[1]));
        }
        for (String[] f : s.bundle().rows(BundleFile.JARGON)) {
            out.add(new Document(uniqueId(seen, "jargon:" + f[0]), f[0] + ": " + f[1]));
        }
        return out;
    }

    /** The id, with {@code #2}, {@code #3}, ... appended to the second and later uses of a headword. */
    static String uniqueId(Map<String, Integer> seen, String id) {
        int n = seen.merge(id, 1, Integer::sum);
        return n == 1 ? id : id + "#" + n;
    }

    static List<Document> pydoc(PythonDocs docs) {
        List<Document> out = new ArrayList<>();
        Map<String, Integer> ordinal = new java.util.HashMap<>();
        for (PythonDocs.Paragraph p : docs.paragraphs()) {
            int n = ordinal.merge(p.file(), 1, Integer::sum);
            if (!p.heading() && TaskBuilders.words(p.text()) >= TaskBuilders.PYDOC_MIN_WORDS) {
                out.add(new Document(p.file() + "#" + n, p.text()));
            }
        }
        return out;
    }
}
