package dev.graft.api.data;

import java.nio.file.Path;

/**
 * A data file is missing, corrupt or malformed: a file of the embedded bundle, or one of the extended sources
 * that {@code graft data fetch --extended} writes. The message names the file (and the line and field when one
 * is at fault) and says how to rebuild it.
 */
public final class BundleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How to get a good copy of the bundle back, appended to every message. */
    public static final String HOW_TO_REBUILD = "restore it with 'git checkout -- data/' or rebuild the bundle with "
            + "scripts/data/build.sh (see scripts/data/README.md)";

    private final transient Path file;
    private final Kind kind;

    /** What is wrong with the file. */
    public enum Kind {
        /** the file (or the whole bundle) does not exist */
        MISSING,
        /** the file exists but its size or SHA-256 differs from the manifest, or it does not decompress */
        CORRUPT,
        /** a line or field does not have the expected form */
        MALFORMED
    }

    /**
     * @param kind    what is wrong
     * @param file    the file at fault
     * @param problem what was found and what was expected, without the rebuild advice
     * @param cause   the underlying exception, or {@code null}
     */
    public BundleException(Kind kind, Path file, String problem, Throwable cause) {
        this(kind, file, problem, HOW_TO_REBUILD, cause);
    }

    /**
     * @param kind    what is wrong
     * @param file    the file at fault
     * @param problem what was found and what was expected
     * @param remedy  how to get a good copy of the file, e.g. the command that writes it
     * @param cause   the underlying exception, or {@code null}
     */
    public BundleException(Kind kind, Path file, String problem, String remedy, Throwable cause) {
        super(file + ": " + problem + "; " + remedy, cause);
        this.kind = kind;
        this.file = file;
    }

    /** @return the file at fault */
    public Path file() {
        return file;
    }

    /** @return what is wrong with the file */
    public Kind kind() {
        return kind;
    }
}
