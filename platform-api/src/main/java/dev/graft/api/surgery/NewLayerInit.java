package dev.graft.api.surgery;

/** How a layer added by depth growth (any repeat of a source layer after its first use) is initialised. */
public enum NewLayerInit {
    /** A plain copy of its source layer (bert2BERT, ELLE). Changes the function in both pre-LN and post-LN models. */
    COPY,
    /**
     * A copy whose residual-branch output projections (attention output and second feed-forward projection,
     * weights and biases) are zero. In a pre-LN model the block is then exactly {@code x → x}, so depth growth
     * preserves the function; in a post-LN model the block still applies its layer norms and is not the identity.
     */
    IDENTITY
}
