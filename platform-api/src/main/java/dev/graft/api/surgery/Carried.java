package dev.graft.api.surgery;

/** What a {@link ParameterMap} carries from source to target. */
public enum Carried {
    /** Parameter values: each element times the product of the axes' {@link AxisMap#scale scales}. */
    VALUE,
    /**
     * Gradient-like state (AdamW's first moment): each element times the product of the axes'
     * {@link AxisMap#gradientScale gradient scales} {@code k}.
     */
    GRADIENT,
    /** Squared-gradient state (AdamW's second moment): each element times {@code k²}. */
    SQUARED_GRADIENT
}
