package dev.graft.api.data;

import java.util.List;

/**
 * The pre-training domains of the data plan built from the extended sources, available once
 * {@code graft data fetch --extended} has written their files (see {@link ExtendedData}).
 */
public enum ExtendedDomain {
    /** Brown fiction (genres K–R), ten consecutive sentences of a file per document */
    FICTION_BROWN("literary: Brown corpus fiction (genres K-R), 10 sentences per document",
            ExtendedFile.BROWN_TAGGED, ExtendedFile.BROWN_CATEGORIES),
    /** Brown nonfiction (genres A–J: news, essays, learned), ten sentences per document */
    NONFICTION_BROWN("news, essays, learned: Brown corpus genres A-J, 10 sentences per document",
            ExtendedFile.BROWN_TAGGED, ExtendedFile.BROWN_CATEGORIES),
    /** the Debian Administrator's Handbook, one paragraph per document */
    SYSADMIN_HANDBOOK("technical documentation: the Debian Administrator's Handbook, one paragraph per document",
            ExtendedFile.HANDBOOK_PARAGRAPHS),
    /** GCIDE (the 1913 Webster) and FOLDOC entries */
    DEFINITIONS_GCIDE_FOLDOC("dictionary definitions: GCIDE (1913 Webster) and FOLDOC entries",
            ExtendedFile.GCIDE_ENTRIES, ExtendedFile.FOLDOC_ENTRIES),
    /** fortunes, without the offensive-leaning, lyric, single-author and non-prose files */
    QUOTATIONS_FORTUNES("quotations and humour: the fortune collection (35 of its categories)", ExtendedFile.FORTUNES),
    /** the ham of the SpamAssassin corpus (mailing lists, 2002), subject and body, one message per document */
    EMAIL_SPAMASSASSIN_HAM("e-mail: SpamAssassin ham (mailing lists), subject and body, one message per document",
            ExtendedFile.SPAMASSASSIN_MESSAGES);

    private final String description;
    private final List<ExtendedFile> files;

    ExtendedDomain(String description, ExtendedFile... files) {
        this.description = description;
        this.files = List.of(files);
    }

    /** @return the domain's name, e.g. {@code fiction_brown} */
    public String label() {
        return Labels.of(this);
    }

    /** @return a one-line description */
    public String description() {
        return description;
    }

    /** @return the extended files the domain is built from */
    public List<ExtendedFile> files() {
        return files;
    }

    /**
     * @param name a name as written by {@link #label()}
     * @return the domain
     * @throws IllegalArgumentException listing the known names if none matches
     */
    public static ExtendedDomain fromLabel(String name) {
        return Labels.parse(ExtendedDomain.class, name, "extended domain");
    }
}
