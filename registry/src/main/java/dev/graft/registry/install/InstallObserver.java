package dev.graft.registry.install;

/**
 * Told about each step of a commit, in order. The command line shows progress with it; tests use it to stop
 * an install at a chosen point. An exception thrown here aborts the commit, which is then rolled back.
 */
@FunctionalInterface
public interface InstallObserver {
    /** The steps of a commit. */
    enum Stage {
        /** the journal describing the change is on disk */
        JOURNAL_WRITTEN,
        /** the current jar of a plugin has been copied into the journal */
        BACKED_UP,
        /** a plugin's new jar has been moved into place (or its jar removed) */
        MOVED,
        /** the new lockfile is on disk: the change is committed */
        LOCK_WRITTEN
    }

    /** An observer that does nothing. */
    InstallObserver NONE = (stage, pluginId) -> {
    };

    /**
     * @param stage    the step just finished
     * @param pluginId the plugin it concerns, or {@code null} for steps about the whole change
     */
    void reached(Stage stage, String pluginId);
}
