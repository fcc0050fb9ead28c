package dev.graft.api.surgery;

/** A reason why a grown model does not compute exactly its source's function. */
public enum Inexactness {
    /**
     * The hidden map is not uniform (a non-integer ratio, or random copies): LayerNorm's mean and variance over
     * the grown width differ from the source's.
     */
    UNEVEN_HIDDEN_COPIES("hidden units are not all copied the same number of times, so LayerNorm statistics over"
            + " the grown width differ from the source's"),
    /** AKI took new heads or feed-forward neurons from the next layer. */
    AKI_NEXT_LAYER("AKI initialises new heads and feed-forward neurons from the next layer"),
    /** A pre-LN model gained plain copies of layers, which add their residual branches again. */
    COPIED_PRE_LN_LAYERS("copied pre-LN blocks add their residual branches a second time; only blocks with zero"
            + " residual projections are the identity"),
    /** A post-LN model gained layers; a post-LN block always re-normalises its input, so it is never the identity. */
    POST_LN_DEPTH("a post-LN block re-normalises its input, so an added block is never the identity"),
    /** Noise was added to the copied weights. */
    NOISE("noise was added to the copied weights");

    private final String description;

    Inexactness(String description) {
        this.description = description;
    }

    /** @return a sentence saying why the function changes */
    public String description() {
        return description;
    }
}
