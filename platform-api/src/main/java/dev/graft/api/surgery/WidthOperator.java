package dev.graft.api.surgery;

/**
 * The width-growth operators of bert2BERT (Chen et al., ACL 2022, §4.1–4.2).
 */
public enum WidthOperator {
    /**
     * Function-preserving initialisation: new units copy a unit of the same layer; copied units' outgoing
     * weights are divided by the copy count, so the grown model computes the same function (exactly, when
     * the hidden map is uniform).
     */
    FPI,
    /**
     * Advanced knowledge initialisation: new heads and feed-forward neurons (and their outgoing weights, divided
     * by the same counts) come from the next source layer instead; the top layer falls back to FPI. The hidden
     * size is grown as in FPI. Deliberately not function-preserving.
     */
    AKI
}
