package dev.graft.api.data;

/** The three QA formats. */
public enum QaFormat {
    /** the answer is a span of the context, given with its character offset */
    EXTRACTIVE,
    /** one of several options is correct */
    MULTIPLE_CHOICE,
    /** the answer is yes or no */
    YES_NO;

    /** @return the lower-case name used in files and output, e.g. {@code multiple_choice} */
    public String label() {
        return Labels.of(this);
    }
}
