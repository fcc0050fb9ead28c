package dev.graft.api.data;

/**
 * The pre-training domains of the embedded bundle, each a stream of documents of one kind of text. The
 * suggested order for a domain stream runs from most to least general English.
 */
public enum Domain {
    /** the King James Version, one chapter per document (1,189) */
    SCRIPTURE_KJV("religious, archaic: the King James Version, one chapter per document"),
    /** CIA World Factbook text fields of at least 12 words */
    ENCYCLOPEDIC_FACTBOOK("encyclopedic: CIA World Factbook fields of at least 12 words"),
    /** WordNet glosses, the Devil's Dictionary and the Jargon File */
    DEFINITIONS_WN_DEVIL_JARGON("dictionary definitions: WordNet, the Devil's Dictionary, the Jargon File"),
    /** Python 3.11 documentation prose paragraphs */
    PROGRAMMING_PYDOC("programming documentation: Python 3.11 docs paragraphs of at least 10 words");

    private final String description;

    Domain(String description) {
        this.description = description;
    }

    /** @return the domain's name, e.g. {@code scripture_kjv} */
    public String label() {
        return Labels.of(this);
    }

    /** @return a one-line description */
    public String description() {
        return description;
    }

    /**
     * @param name a name as written by {@link #label()}
     * @return the domain
     * @throws IllegalArgumentException listing the known names if none matches
     */
    public static Domain fromLabel(String name) {
        return Labels.parse(Domain.class, name, "domain");
    }
}
