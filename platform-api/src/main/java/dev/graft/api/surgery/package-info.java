/**
 * Model surgery shared by the growth methods: function-preserving width growth (hidden size, whole heads,
 * feed-forward neurons) with FPI and AKI, depth growth by stacking or interpolation with plain copies or exact
 * identity blocks, noise injection, tied-embedding and LayerNorm handling, and the parameter maps that carry
 * optimizer state onto the grown model.
 *
 * <p>Entry point: {@link dev.graft.api.surgery.ModelGrowth}. What is exact by construction and what is not is
 * stated by {@link dev.graft.api.surgery.Exactness}; deviations are measured with
 * {@link dev.graft.api.surgery.LogitDeviation}.
 */
package dev.graft.api.surgery;
