package dev.graft.registry;

import java.util.Objects;

/**
 * A registry or install operation refused for a stated reason. Nothing on disk was changed by the refused
 * operation. The message names the plugin, file or field at fault and what was expected.
 */
public class RefusedException extends RuntimeException {
    /** Why an operation was refused; the command line maps each to an exit code. */
    public enum Reason {
        /** the index signature is missing or does not verify */
        BAD_SIGNATURE,
        /** a downloaded or installed jar does not have the expected SHA-256 or size */
        CHECKSUM_MISMATCH,
        /** the index is older than one already seen from the same registry */
        ROLLBACK_ATTACK,
        /** a jar has unsafe entries (path traversal, absolute paths) or bundles the host API */
        UNSAFE_JAR,
        /** the plugin's ranges exclude this host's API or SPI versions */
        INCOMPATIBLE,
        /** a required plugin dependency is missing or has a version outside the range */
        MISSING_DEPENDENCY,
        /** plugins depend on each other in a cycle */
        DEPENDENCY_CYCLE,
        /** two plugins carry the same id */
        DUPLICATE_ID,
        /** an unsigned source was used without {@code --allow-unsigned} */
        UNSIGNED,
        /** a file is not in the expected format */
        MALFORMED,
        /** the plugin or version is not found */
        NOT_FOUND,
        /** the operation conflicts with the installed set (e.g. removing a plugin others need) */
        CONFLICT,
        /** the user did not confirm the plan */
        NOT_CONFIRMED
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message what was refused and why, naming the file, field or plugin
     */
    public RefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    /**
     * @param reason  why
     * @param message what was refused and why
     * @param cause   the underlying error
     */
    public RefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    /** @return why the operation was refused */
    public Reason reason() {
        return reason;
    }
}
