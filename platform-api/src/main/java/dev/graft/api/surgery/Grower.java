package dev.graft.api.surgery;

import dev.graft.api.nn.Module;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Family-independent growth: draws the unit maps, builds one {@link ParameterMap} per parameter of the target
 * from the family's {@link Layout}, writes the values into the target and says whether the result is exact.
 * One instance serves one growth.
 */
final class Grower {
    /** Sizes of one model that growth changes. */
    record Sizes(int hidden, int heads, int ffn, int layers) {
        int headSize() {
            return hidden / heads;
        }
    }

    private final Layout layout;
    private final Sizes src;
    private final Sizes tgt;
    private final GrowthSpec spec;
    private final UnitMap hidden;
    private final List<UnitMap> heads = new ArrayList<>();
    private final List<UnitMap> ffn = new ArrayList<>();
    private final int[] layerSources;
    private final boolean[] repeats;
    private boolean tookFromNextLayer;

    Grower(Layout layout, Sizes src, Sizes tgt, GrowthSpec spec) {
        this.layout = layout;
        this.src = src;
        this.tgt = tgt;
        this.spec = spec;
        Random rng = new Random(spec.seed());
        hidden = spec.units().map(src.hidden(), tgt.hidden(), rng);
        for (int l = 0; l < src.layers(); l++) {
            heads.add(spec.units().map(src.heads(), tgt.heads(), rng));
            ffn.add(spec.units().map(src.ffn(), tgt.ffn(), rng));
        }
        layerSources = spec.depth().sources(src.layers(), tgt.layers());
        repeats = new boolean[tgt.layers()];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < layerSources.length; i++) {
            repeats[i] = !seen.add(layerSources[i]);
        }
    }

    /** Fills every parameter of {@code target} from {@code source}. */
    <M extends Module> GrowthResult<M> grow(Module source, M target) {
        Map<String, Tensor> sourceParams = source.namedParameters();
        ComputeBackend backend = sourceParams.values().iterator().next().backend();
        List<ParameterMap> maps = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : target.namedParameters().entrySet()) {
            ParameterMap m = map(e.getKey(), e.getValue().shape());
            if (!Arrays.equals(m.shape(), e.getValue().shape())) {
                throw new IllegalStateException(layout.family() + " growth rule for '" + e.getKey() + "' gives shape "
                        + Arrays.toString(m.shape()) + " but the target parameter has "
                        + Arrays.toString(e.getValue().shape()));
            }
            maps.add(m);
        }
        Set<String> read = new HashSet<>();
        maps.forEach(m -> read.addAll(m.sources()));
        List<String> unread = sourceParams.keySet().stream().filter(p -> !read.contains(p)).toList();
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException("the source " + layout.family() + " model has parameters no growth rule"
                    + " reads: " + unread);
        }
        Random noise = new Random(spec.seed() ^ 0x9E3779B97F4A7C15L);
        long flops = 0;
        for (ParameterMap m : maps) {
            float[] v = m.values(sourceParams::get, Carried.VALUE);
            if (!m.isZero()) {
                flops += v.length;
                if (spec.noiseStd() > 0f) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] += (float) (noise.nextGaussian() * spec.noiseStd());
                    }
                    flops += v.length;
                }
            }
            target.replaceParameter(m.target(), Tensor.of(backend, v, m.shape()));
        }
        target.train(source.isTraining());
        GrowthMapping mapping = new GrowthMapping(hidden, heads, ffn, layerSources, repeats, maps);
        return new GrowthResult<>(target, mapping, exactness(), flops);
    }

    private Exactness exactness() {
        Set<Inexactness> causes = EnumSet.noneOf(Inexactness.class);
        if (!hidden.isIdentity() && !hidden.uniform()) {
            causes.add(Inexactness.UNEVEN_HIDDEN_COPIES);
        }
        if (tookFromNextLayer) {
            causes.add(Inexactness.AKI_NEXT_LAYER);
        }
        for (boolean r : repeats) {
            if (r) {
                if (!layout.preLn()) {
                    causes.add(Inexactness.POST_LN_DEPTH);
                } else if (spec.newLayers() == NewLayerInit.COPY) {
                    causes.add(Inexactness.COPIED_PRE_LN_LAYERS);
                }
            }
        }
        if (spec.noiseStd() > 0f) {
            causes.add(Inexactness.NOISE);
        }
        return new Exactness(causes);
    }

    private ParameterMap map(String path, int[] shape) {
        for (Layout.Role r : layout.global()) {
            if (r.name().equals(path)) {
                return build(path, shape, r, path, null, null, null, false);
            }
        }
        if (path.startsWith(layout.layerPrefix())) {
            String rest = path.substring(layout.layerPrefix().length());
            int dot = rest.indexOf('.');
            if (dot > 0) {
                int i = Integer.parseInt(rest.substring(0, dot));
                String suffix = rest.substring(dot + 1);
                for (Layout.Role r : layout.layer()) {
                    if (r.name().equals(suffix)) {
                        return layerMap(path, shape, i, r);
                    }
                }
            }
        }
        throw new IllegalArgumentException("no " + layout.family() + " growth rule for parameter '" + path + "'");
    }

    private ParameterMap layerMap(String path, int[] shape, int i, Layout.Role r) {
        int s = layerSources[i];
        boolean identityBlock = repeats[i] && spec.newLayers() == NewLayerInit.IDENTITY;
        if (identityBlock && r.residualProjection()) {
            return ParameterMap.zeros(path, shape);
        }
        String next = spec.width() == WidthOperator.AKI && s + 1 < src.layers()
                ? layout.layerPrefix() + (s + 1) + "." + r.name() : null;
        // An identity block's query/key/value and feed-forward input feed zeroed projections: what AKI puts there
        // does not change the function.
        return build(path, shape, r, layout.layerPrefix() + s + "." + r.name(), next, heads.get(s), ffn.get(s),
                !identityBlock);
    }

    private ParameterMap build(String path, int[] shape, Layout.Role r, String source, String next, UnitMap ga,
                               UnitMap gf, boolean affectsFunction) {
        if (r.axes().size() != shape.length) {
            throw new IllegalStateException(layout.family() + " growth rule for '" + path + "' has "
                    + r.axes().size() + " axes, the parameter has shape " + Arrays.toString(shape));
        }
        List<AxisMap> axes = new ArrayList<>();
        int selectAxis = -1;
        int[] select = null;
        for (int a = 0; a < r.axes().size(); a++) {
            Layout.Axis kind = r.axes().get(a);
            AxisMap m = axisMap(kind, ga, gf, shape[a]);
            axes.add(m);
            if (next != null && kind.perLayerUnits()) {
                int[] sel = new int[m.length()];
                boolean any = false;
                for (int j = 0; j < sel.length; j++) {
                    if (isNewUnit(kind, j)) {
                        sel[j] = 1;
                        any = true;
                    }
                }
                if (any) {
                    selectAxis = a;
                    select = sel;
                }
            }
        }
        if (selectAxis < 0) {
            return new ParameterMap(path, List.of(source), -1, null, axes);
        }
        tookFromNextLayer |= affectsFunction;
        return new ParameterMap(path, List.of(source, next), selectAxis, select, axes);
    }

    private boolean isNewUnit(Layout.Axis kind, int j) {
        int dh = tgt.headSize();
        return switch (kind) {
            case HEAD_COPY, HEAD_SPLIT -> j / dh >= src.heads();
            case QKV_COPY -> (j % tgt.hidden()) / dh >= src.heads();
            case FFN_COPY, FFN_SPLIT -> j >= src.ffn();
            default -> false;
        };
    }

    /** @param keepLength the target length of a {@code KEEP} axis */
    private AxisMap axisMap(Layout.Axis kind, UnitMap ga, UnitMap gf, int keepLength) {
        int dh = src.headSize();
        return switch (kind) {
            case KEEP -> AxisMap.keep(keepLength);
            case HIDDEN_COPY -> AxisMap.copy(hidden, 1);
            case HIDDEN_SPLIT -> AxisMap.split(hidden, 1);
            case HIDDEN_COPY_DIVIDED -> AxisMap.copyDivided(hidden, 1);
            case HEAD_COPY -> AxisMap.copy(ga, dh);
            case HEAD_SPLIT -> AxisMap.split(ga, dh);
            case QKV_COPY -> {
                AxisMap one = AxisMap.copy(ga, dh);
                int w = src.hidden();
                yield AxisMap.concat(new AxisMap[] {one, one, one}, new int[] {0, w, 2 * w});
            }
            case FFN_COPY -> AxisMap.copy(gf, 1);
            case FFN_SPLIT -> AxisMap.split(gf, 1);
        };
    }
}
