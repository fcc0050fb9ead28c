package dev.graft.api.data;

/**
 * Every named dataset Graft builds from the embedded bundle: the classification tasks, the QA sets and
 * the entity-linked corpora. A name, once published, is kept.
 */
public enum Dataset {
    /** noun definition → one of 26 noun supersenses */
    WN_NOUN_SUPERSENSE(Kind.CLASSIFICATION, null, "definition -> noun supersense (WordNet lexname)"),
    /** verb definition → one of 15 verb supersenses */
    WN_VERB_SUPERSENSE(Kind.CLASSIFICATION, null, "definition -> verb supersense (WordNet lexname)"),
    /** definition → part of speech, at most 15,000 per class */
    WN_POS(Kind.CLASSIFICATION, null, "definition -> part of speech (n, v, a, r)"),
    /** word pair → WordNet relation, 16 relations, at most 3,000 per class */
    WN_RELATION_TYPE(Kind.CLASSIFICATION, null, "word pair -> WordNet relation"),
    /** definition of an AFINN word's most frequent sense → polarity of the word */
    AFINN_WN_GLOSS_POLARITY(Kind.CLASSIFICATION, null, "definition -> AFINN polarity of its word"),
    /** Python documentation paragraph → top folder of its file, at most 3,000 per class */
    PYDOC_SECTION(Kind.CLASSIFICATION, null, "Python docs paragraph -> documentation section"),

    /** "What is a X a kind of?" answered by a hypernym span of X's definition */
    WN_HYPERNYM_SPAN(Kind.QA, QaFormat.EXTRACTIVE, "hypernym span in a definition"),
    /** "Which word or phrase in the text means ...?" answered by the lemma's occurrence in an example */
    WN_EXAMPLE_WORD_SPAN(Kind.QA, QaFormat.EXTRACTIVE, "defined word in an example sentence"),
    /** one question per Factbook field, answered by the field's value in a country profile */
    FACTBOOK_FIELD_SPAN(Kind.QA, QaFormat.EXTRACTIVE, "field value in a Factbook country profile"),
    /** "Which word means ...?" with the lemma and three co-hyponyms as options */
    WN_WHICH_WORD_MC(Kind.QA, QaFormat.MULTIPLE_CHOICE, "definition -> word among co-hyponyms"),
    /** "What is the capital of X?" with three capitals of the same region as distractors */
    FACTBOOK_CAPITAL_MC(Kind.QA, QaFormat.MULTIPLE_CHOICE, "capital among capitals of the same region"),
    /** a Python FAQ question with its answer and three other answers as options */
    PYFAQ_ANSWER_MC(Kind.QA, QaFormat.MULTIPLE_CHOICE, "Python FAQ question -> answer"),
    /** "Is a X a kind of Y?": a direct hypernym, or a sibling of it that is not an ancestor */
    WN_ISA_YESNO(Kind.QA, QaFormat.YES_NO, "is-a with hard negatives"),
    /** "Is a X part of a Y?": a part holonym, or another whole of the same supersense */
    WN_PART_YESNO(Kind.QA, QaFormat.YES_NO, "part-of with same-supersense negatives"),
    /** "Is "X" the opposite of "Y"?": a lexical antonym, or another antonym word of the same part of speech */
    WN_ANTONYM_YESNO(Kind.QA, QaFormat.YES_NO, "antonymy with antonym-word negatives"),
    /** "Does X border Y?": a listed neighbour, or a country of the same region that is not one */
    FACTBOOK_BORDERS_YESNO(Kind.QA, QaFormat.YES_NO, "land borders with same-region negatives"),

    /** WordNet glosses with linked lemma mentions and knowledge-base relations */
    WN_GLOSS_EL(Kind.LINKED_CORPUS, null, "WordNet glosses with linked mentions and relations"),
    /** Factbook background sentences with linked country and capital mentions */
    FACTBOOK_EL(Kind.LINKED_CORPUS, null, "Factbook background sentences with linked countries and capitals");

    /** What a dataset holds. */
    public enum Kind {
        /** a {@link ClassificationTask} */
        CLASSIFICATION,
        /** a {@link QaSet} */
        QA,
        /** a list of {@link LinkedDocument}s */
        LINKED_CORPUS
    }

    private final Kind kind;
    private final QaFormat format;
    private final String description;

    Dataset(Kind kind, QaFormat format, String description) {
        this.kind = kind;
        this.format = format;
        this.description = description;
    }

    /** @return the dataset's name, e.g. {@code wn_noun_supersense} */
    public String label() {
        return Labels.of(this);
    }

    /** @return what the dataset holds */
    public Kind kind() {
        return kind;
    }

    /** @return the QA format of a QA set, else {@code null} */
    public QaFormat format() {
        return format;
    }

    /** @return a one-line description */
    public String description() {
        return description;
    }

    /**
     * @param name a name as written by {@link #label()}
     * @return the dataset
     * @throws IllegalArgumentException listing the known names if none matches
     */
    public static Dataset fromLabel(String name) {
        return Labels.parse(Dataset.class, name, "dataset");
    }
}
