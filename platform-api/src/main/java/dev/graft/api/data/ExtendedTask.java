package dev.graft.api.data;

import java.util.List;

/**
 * The classification and tagging tasks of the data plan built from the extended sources, available once
 * {@code graft data fetch --extended} has written their files (see {@link ExtendedData}). A name, once
 * published, is kept.
 */
public enum ExtendedTask {
    /** a fortune → its file, for 20 clean categories; group: the fortune's text */
    FORTUNE_CATEGORY("fortune -> its category (20 categories)", ExtendedFile.FORTUNES),
    /** five consecutive Brown sentences → the genre of their file (15 genres); group: the file */
    BROWN_GENRE("5 consecutive Brown sentences -> genre of the file", ExtendedFile.BROWN_TAGGED,
            ExtendedFile.BROWN_CATEGORIES),
    /** the same passages → fiction (genres K–R) or nonfiction (A–J); group: the file */
    BROWN_FICTION_VS_NONFICTION("5 consecutive Brown sentences -> fiction or nonfiction", ExtendedFile.BROWN_TAGGED,
            ExtendedFile.BROWN_CATEGORIES),
    /** the first three sentences of a FOLDOC entry → its first category, kept if at least 40; group: the headword */
    FOLDOC_CATEGORY("FOLDOC entry -> its first category", ExtendedFile.FOLDOC_ENTRIES),
    /** a GCIDE sense → its subject label such as (Zool.), merged, kept if at least 150; group: the headword */
    GCIDE_SUBJECT_FIELD("GCIDE sense -> its subject field", ExtendedFile.GCIDE_ENTRIES),
    /** a GCIDE sense → the part of speech of its entry, at most 15,000 per class; group: the headword */
    GCIDE_POS("GCIDE sense -> part of speech (noun, verb, adj, adv)", ExtendedFile.GCIDE_ENTRIES),
    /** the first GCIDE sense per (AFINN word, part of speech) → the sign of the word's AFINN score */
    AFINN_GCIDE_DEF_POLARITY("GCIDE definition -> AFINN polarity of its word", ExtendedFile.GCIDE_ENTRIES),
    /**
     * every Brown word → its tag, simplified: the title, headline and citation markers {@code -tl}, {@code -hl},
     * {@code -nc} dropped and every foreign-word tag {@code fw-*} read as {@code fw}; group: the file
     */
    BROWN_POS(Kind.TAGGING, "Brown word -> simplified part-of-speech tag (per word)", ExtendedFile.BROWN_TAGGED),
    /**
     * an e-mail's subject and body, the first 2,000 characters → spam or ham (a control task: bag-of-words models
     * score about 0.98); group: the message's MD5, so that copies of one message stay in one split
     */
    SPAM_VS_HAM("e-mail subject + body -> spam or ham", ExtendedFile.SPAMASSASSIN_MESSAGES);

    /** What a task's examples are. */
    public enum Kind {
        /** a text → one label: {@link ExtendedData#task(ExtendedTask)} */
        CLASSIFICATION,
        /** a sentence → one tag per word: {@link ExtendedData#tagging(ExtendedTask)} */
        TAGGING;

        /** @return the lower-case name, e.g. {@code tagging} */
        public String label() {
            return Labels.of(this);
        }
    }

    private final Kind kind;
    private final String description;
    private final List<ExtendedFile> files;

    ExtendedTask(String description, ExtendedFile... files) {
        this(Kind.CLASSIFICATION, description, files);
    }

    ExtendedTask(Kind kind, String description, ExtendedFile... files) {
        this.kind = kind;
        this.description = description;
        this.files = List.of(files);
    }

    /** @return whether the task classifies texts or tags words */
    public Kind kind() {
        return kind;
    }

    /** @return the task's name, e.g. {@code brown_genre} */
    public String label() {
        return Labels.of(this);
    }

    /** @return a one-line description */
    public String description() {
        return description;
    }

    /** @return the extended files the task is built from */
    public List<ExtendedFile> files() {
        return files;
    }

    /**
     * @param name a name as written by {@link #label()}
     * @return the task
     * @throws IllegalArgumentException listing the known names if none matches
     */
    public static ExtendedTask fromLabel(String name) {
        return Labels.parse(ExtendedTask.class, name, "extended task");
    }
}
