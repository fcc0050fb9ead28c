package dev.graft.api.surgery;

import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a growth preserves the source model's function by construction, and if not, every reason why not.
 * "Exact" means equal logits up to floating-point rounding in evaluation mode; it says nothing about dropout.
 * The amount of deviation is data-dependent and is measured, not claimed (see {@link LogitDeviation}).
 *
 * @param causes the reasons the function changes; empty when exact
 */
public record Exactness(Set<Inexactness> causes) {
    public Exactness {
        causes = causes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(causes));
    }

    /** @return whether the grown model computes the source's function by construction */
    public boolean exact() {
        return causes.isEmpty();
    }

    @Override
    public String toString() {
        return exact() ? "exact" : "not exact: " + causes;
    }
}
