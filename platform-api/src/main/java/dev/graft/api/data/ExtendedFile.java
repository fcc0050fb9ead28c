package dev.graft.api.data;

/**
 * The files {@code graft data fetch --extended} writes into the extended data directory
 * ({@link DataHome#extendedDirectory()}): gzip, tab-separated, UTF-8, with the path relative to that directory,
 * the number of columns of each line and the source to fetch again when one is missing.
 */
public enum ExtendedFile {
    /** GCIDE, one dictd entry per line: {@code headword text}. */
    GCIDE_ENTRIES("gcide/entries.tsv.gz", 2, "gcide"),
    /** FOLDOC, one entry per line: {@code headword text}, the text with its {@code <category>} tags. */
    FOLDOC_ENTRIES("foldoc/entries.tsv.gz", 2, "foldoc"),
    /** The Debian Administrator's Handbook (en-US): {@code file text}, one paragraph per line. */
    HANDBOOK_PARAGRAPHS("debian_handbook/paragraphs.tsv.gz", 2, "debian_handbook"),
    /** The fortune collection: {@code category text}, one fortune per line. */
    FORTUNES("fortunes/fortunes.tsv.gz", 2, "fortunes"),
    /** The Brown corpus: {@code file sentenceNumber word/tag ...}, one tagged sentence per line. */
    BROWN_TAGGED("brown/tagged.tsv.gz", 3, "brown"),
    /** The Brown corpus genres: {@code file genre}. */
    BROWN_CATEGORIES("brown/categories.tsv.gz", 2, "brown"),
    /**
     * The SpamAssassin public mail corpus: {@code corpus file subject body}, one message per line, the headers
     * dropped but the subject, whitespace collapsed; corpus is {@code easy-ham-1}, {@code easy-ham-2},
     * {@code hard-ham-1}, {@code spam-1} or {@code spam-2}, file the message's file name ({@code NNNNN.MD5}).
     */
    SPAMASSASSIN_MESSAGES("spamassassin/messages.tsv.gz", 4, "spamassassin");

    private final String path;
    private final int columns;
    private final String source;

    ExtendedFile(String path, int columns, String source) {
        this.path = path;
        this.columns = columns;
        this.source = source;
    }

    /** @return the path relative to the extended data directory, with forward slashes */
    public String path() {
        return path;
    }

    /** @return the number of tab-separated columns per line */
    public int columns() {
        return columns;
    }

    /** @return the source's name for {@code graft data fetch --extended --only NAME} */
    public String source() {
        return source;
    }

    /** @return the command that writes this file */
    public String fetchCommand() {
        return "graft data fetch --extended --only " + source;
    }
}
