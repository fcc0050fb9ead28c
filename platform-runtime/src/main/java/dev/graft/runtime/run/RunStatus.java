package dev.graft.runtime.run;

/** Where a run stands, as recorded in {@code run.json}. */
public enum RunStatus {
    /** the run is going on, or its process died without recording an end */
    RUNNING,
    /** the experiment returned normally */
    COMPLETED,
    /** the experiment threw; {@code error} says what */
    FAILED,
    /** the user cancelled it (Ctrl-C); it can be resumed from its last checkpoint */
    INTERRUPTED
}
