package dev.graft.api.surgery;

/**
 * How one axis of a grown parameter is read from its source: for each target position {@code j}, the source
 * position {@code index[j]}, the factor {@code scale[j]} applied to the value, and the factor
 * {@code gradientScale[j]} that relates gradients.
 *
 * <p>An out-dimension copy has scale 1 and gradient scale {@code 1/c}; an in-dimension split has scale
 * {@code 1/c} and gradient scale 1 (with {@code c} the copy count of the source unit). For a function-preserving
 * growth the grown model's gradient at a copied element is the source gradient times the product of the axes'
 * gradient scales, because copies are symmetric and {@code Σ scale·gradient} over the copies of an element must
 * give back the source gradient. That product is what carries optimizer moments over.
 *
 * <p>Instances are immutable.
 */
public final class AxisMap {
    private final int[] index;
    private final float[] scale;
    private final float[] gradientScale;

    /**
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public AxisMap(int[] index, float[] scale, float[] gradientScale) {
        if (scale.length != index.length || gradientScale.length != index.length) {
            throw new IllegalArgumentException("axis map arrays differ in length: index " + index.length + ", scale "
                    + scale.length + ", gradientScale " + gradientScale.length);
        }
        this.index = index.clone();
        this.scale = scale.clone();
        this.gradientScale = gradientScale.clone();
    }

    /** @return the axis of length {@code n} read unchanged */
    public static AxisMap keep(int n) {
        int[] idx = new int[n];
        float[] one = new float[n];
        for (int j = 0; j < n; j++) {
            idx[j] = j;
            one[j] = 1f;
        }
        return new AxisMap(idx, one, one);
    }

    /** @return an out-dimension copy along a unit map expanded by {@code unitWidth} elements per unit */
    public static AxisMap copy(UnitMap g, int unitWidth) {
        return build(g, unitWidth, false, true);
    }

    /** @return an in-dimension split (value ÷ c) along a unit map expanded by {@code unitWidth} elements per unit */
    public static AxisMap split(UnitMap g, int unitWidth) {
        return build(g, unitWidth, true, false);
    }

    /**
     * @return a copy whose values are also divided by the count (a tied output head's last LayerNorm); its
     *         gradient scale is 1, as for a split
     */
    public static AxisMap copyDivided(UnitMap g, int unitWidth) {
        return build(g, unitWidth, true, false);
    }

    private static AxisMap build(UnitMap g, int unitWidth, boolean divideValue, boolean divideGradient) {
        int n = g.targetSize() * unitWidth;
        int[] idx = new int[n];
        float[] s = new float[n];
        float[] gs = new float[n];
        for (int j = 0; j < n; j++) {
            int unit = j / unitWidth;
            int src = g.source(unit);
            float inv = 1f / g.count(src);
            idx[j] = src * unitWidth + j % unitWidth;
            s[j] = divideValue ? inv : 1f;
            gs[j] = divideGradient ? inv : 1f;
        }
        return new AxisMap(idx, s, gs);
    }

    /** @return the concatenation of axis maps, each part's source indices shifted by {@code sourceOffsets[i]} */
    public static AxisMap concat(AxisMap[] parts, int[] sourceOffsets) {
        int n = 0;
        for (AxisMap p : parts) {
            n += p.length();
        }
        int[] idx = new int[n];
        float[] s = new float[n];
        float[] gs = new float[n];
        int o = 0;
        for (int i = 0; i < parts.length; i++) {
            AxisMap p = parts[i];
            for (int j = 0; j < p.length(); j++) {
                idx[o] = p.index[j] + sourceOffsets[i];
                s[o] = p.scale[j];
                gs[o] = p.gradientScale[j];
                o++;
            }
        }
        return new AxisMap(idx, s, gs);
    }

    /** @return the target length of the axis */
    public int length() {
        return index.length;
    }

    /** @return the source position of target position {@code j} */
    public int index(int j) {
        return index[j];
    }

    /** @return the value factor at target position {@code j} */
    public float scale(int j) {
        return scale[j];
    }

    /** @return the gradient factor at target position {@code j} */
    public float gradientScale(int j) {
        return gradientScale[j];
    }

    /** @return whether this axis reads every source position once, in order, unscaled */
    public boolean isIdentity(int sourceLength) {
        if (index.length != sourceLength) {
            return false;
        }
        for (int j = 0; j < index.length; j++) {
            if (index[j] != j || scale[j] != 1f || gradientScale[j] != 1f) {
                return false;
            }
        }
        return true;
    }
}
