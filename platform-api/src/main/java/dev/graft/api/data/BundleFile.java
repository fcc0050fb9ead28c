package dev.graft.api.data;

/**
 * The files of the embedded data bundle, with the path relative to the bundle directory and the
 * number of tab-separated columns of each line ({@code 0} for JSON files).
 */
public enum BundleFile {
    /** WordNet synsets: {@code id pos lexname lemma#senseRank|... definition example|...}. */
    WORDNET_SYNSETS("wordnet/synsets.tsv.gz", 6),
    /** WordNet pointers: {@code head relation tail sourceWord targetWord}. */
    WORDNET_POINTERS("wordnet/pointers.tsv.gz", 5),
    /** WordNet irregular forms: {@code pos inflected base}. */
    WORDNET_EXCEPTIONS("wordnet/exceptions.tsv.gz", 3),
    /** King James Version: {@code book chapter:verse text}. */
    KJV_VERSES("kjv/verses.tsv.gz", 3),
    /** The Jargon File: {@code headword text}. */
    JARGON("dict/jargon.tsv.gz", 2),
    /** The Devil's Dictionary: {@code headword text}. */
    DEVIL("dict/devil.tsv.gz", 2),
    /** Python documentation blocks: {@code file kind text}, kind {@code heading} or {@code prose}. */
    PYDOC_PARAGRAPHS("pydoc/paragraphs.tsv.gz", 3),
    /** Python FAQ, one JSON object per line: {@code file, question, answer}. */
    PYDOC_FAQ("pydoc/faq.jsonl.gz", 0),
    /** CIA World Factbook entries as one JSON document. */
    FACTBOOK_KB("factbook/kb.json.gz", 0),
    /** CIA World Factbook text fields: {@code code section field text}. */
    FACTBOOK_FIELDS("factbook/fields.tsv.gz", 4),
    /** AFINN-165 word valences: {@code word valence}. */
    AFINN("afinn/afinn165.tsv.gz", 2);

    private final String path;
    private final int columns;

    BundleFile(String path, int columns) {
        this.path = path;
        this.columns = columns;
    }

    /** @return the path relative to the bundle directory, with forward slashes */
    public String path() {
        return path;
    }

    /** @return the number of tab-separated columns per line, or {@code 0} for a JSON file */
    public int columns() {
        return columns;
    }
}
