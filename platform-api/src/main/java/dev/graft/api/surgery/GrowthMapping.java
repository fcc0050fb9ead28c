package dev.graft.api.surgery;

import dev.graft.api.nn.Module;
import dev.graft.api.optim.AdamW;
import dev.graft.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a growth: the unit maps it drew, which source layer each target layer came from, and one
 * {@link ParameterMap} per parameter of the grown model. It is what lets optimizer state follow the weights
 * ({@link #carryMoments}) and what a report cites. Immutable.
 */
public final class GrowthMapping {
    private final UnitMap hidden;
    private final List<UnitMap> heads;
    private final List<UnitMap> ffn;
    private final int[] layerSources;
    private final boolean[] repeats;
    private final Map<String, ParameterMap> parameters;

    GrowthMapping(UnitMap hidden, List<UnitMap> heads, List<UnitMap> ffn, int[] layerSources, boolean[] repeats,
                  List<ParameterMap> parameters) {
        this.hidden = hidden;
        this.heads = List.copyOf(heads);
        this.ffn = List.copyOf(ffn);
        this.layerSources = layerSources.clone();
        this.repeats = repeats.clone();
        Map<String, ParameterMap> m = new LinkedHashMap<>();
        for (ParameterMap p : parameters) {
            if (m.put(p.target(), p) != null) {
                throw new IllegalArgumentException("two maps for parameter " + p.target());
            }
        }
        this.parameters = Collections.unmodifiableMap(m);
    }

    /** @return the global hidden map {@code g_h} */
    public UnitMap hidden() {
        return hidden;
    }

    /** @return the head map {@code g_a} of each source layer */
    public List<UnitMap> heads() {
        return heads;
    }

    /** @return the feed-forward map {@code g_f} of each source layer */
    public List<UnitMap> ffn() {
        return ffn;
    }

    /** @return for each target layer, the source layer it was made from */
    public int[] layerSources() {
        return layerSources.clone();
    }

    /** @return whether target layer {@code i} repeats a source layer already used below it (an added layer) */
    public boolean isAddedLayer(int i) {
        return repeats[i];
    }

    /** @return one map per parameter path of the grown model, in the model's parameter order */
    public Map<String, ParameterMap> parameters() {
        return parameters;
    }

    /**
     * @return the map of one grown parameter
     * @throws IllegalArgumentException if the grown model has no such parameter
     */
    public ParameterMap parameter(String path) {
        ParameterMap p = parameters.get(path);
        if (p == null) {
            throw new IllegalArgumentException("the grown model has no parameter '" + path + "'");
        }
        return p;
    }

    /**
     * Carries AdamW state over to the grown model: each grown parameter's first moment is the source moment
     * mapped with {@link Carried#GRADIENT}, its second with {@link Carried#SQUARED_GRADIENT}, so that every copy
     * of an element starts from the moments its gradient would have had (MSG's state transfer; for a
     * function-preserving growth the grown gradients are exactly the source gradients mapped this way).
     * Zero-initialised parameters get zero moments. The step count is carried too, so bias correction
     * continues.
     *
     * @param source          the model that was grown
     * @param sourceOptimizer the optimizer that trained it (moments it never created are zeros)
     * @param target          the grown model
     * @param targetOptimizer a fresh optimizer over the grown model's parameters
     * @throws IllegalArgumentException if a path of this mapping is missing from either model
     */
    public void carryMoments(Module source, AdamW sourceOptimizer, Module target, AdamW targetOptimizer) {
        List<String> missing = new ArrayList<>();
        Map<String, Tensor> targetParams = target.namedParameters();
        for (ParameterMap p : parameters.values()) {
            Tensor param = targetParams.get(p.target());
            if (param == null) {
                missing.add(p.target());
                continue;
            }
            Tensor m = p.apply(param.backend(), path -> sourceOptimizer.moments(source.parameter(path))[0],
                    Carried.GRADIENT);
            Tensor v = p.apply(param.backend(), path -> sourceOptimizer.moments(source.parameter(path))[1],
                    Carried.SQUARED_GRADIENT);
            targetOptimizer.setMoments(param, m, v);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the target model lacks grown parameters " + missing);
        }
        targetOptimizer.setStepCount(sourceOptimizer.stepCount());
    }
}
