package dev.graft.api.surgery;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * How one parameter of a grown model is computed from parameters of the source model: element
 * {@code (i₀, i₁, ...)} of the target is element {@code (a₀.index(i₀), a₁.index(i₁), ...)} of a source tensor,
 * times the product of the axes' factors. Usually one source tensor; AKI reads the new units along one
 * {@link #selectAxis() axis} from a second one (the next layer's tensor of the same role). A map with no source
 * is all zeros (the residual projections of an identity block).
 *
 * <p>The same map carries parameter values and optimizer moments ({@link Carried}). Instances are immutable.
 */
public final class ParameterMap {
    private final String target;
    private final int[] shape;
    private final List<String> sources;
    private final int selectAxis;
    private final int[] select;
    private final List<AxisMap> axes;

    /**
     * @param target     the parameter's path in the grown model
     * @param sources    the source parameters' paths (0, 1 or 2 of them, all of one shape)
     * @param selectAxis the axis along which {@code select} picks the source, or -1 when there is one source
     * @param select     for each position along {@code selectAxis}, the index into {@code sources}; ignored
     *                   (may be {@code null}) when {@code selectAxis} is -1
     * @param axes       one map per axis of the target; their lengths give the target shape
     * @throws IllegalArgumentException if the pieces do not fit together
     */
    public ParameterMap(String target, List<String> sources, int selectAxis, int[] select, List<AxisMap> axes) {
        this.target = target;
        this.sources = List.copyOf(sources);
        this.axes = List.copyOf(axes);
        this.shape = new int[axes.size()];
        for (int a = 0; a < shape.length; a++) {
            shape[a] = axes.get(a).length();
        }
        this.selectAxis = selectAxis;
        if (sources.size() > 2) {
            throw new IllegalArgumentException(target + ": at most two source tensors, got " + sources);
        }
        if (selectAxis >= 0) {
            if (selectAxis >= shape.length || select == null || select.length != shape[selectAxis]) {
                throw new IllegalArgumentException(target + ": the source selection must cover axis " + selectAxis
                        + " of shape " + Arrays.toString(shape));
            }
            for (int s : select) {
                if (s < 0 || s >= sources.size()) {
                    throw new IllegalArgumentException(target + ": source selection " + s + " is not one of "
                            + sources);
                }
            }
            this.select = select.clone();
        } else {
            if (sources.size() > 1) {
                throw new IllegalArgumentException(target + ": two sources need a selection axis");
            }
            this.select = null;
        }
    }

    /** @return a map that produces zeros of the given shape */
    public static ParameterMap zeros(String target, int... shape) {
        AxisMap[] axes = new AxisMap[shape.length];
        for (int a = 0; a < shape.length; a++) {
            axes[a] = AxisMap.keep(shape[a]);
        }
        return new ParameterMap(target, List.of(), -1, null, List.of(axes));
    }

    /** @return the parameter's path in the grown model */
    public String target() {
        return target;
    }

    /** @return the target shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the source parameters' paths; empty for a zero map */
    public List<String> sources() {
        return sources;
    }

    /** @return the axis along which the source is selected, or -1 */
    public int selectAxis() {
        return selectAxis;
    }

    /** @return which source position {@code j} along {@link #selectAxis()} reads from (0 when there is one) */
    public int sourceOf(int j) {
        return select == null ? 0 : select[j];
    }

    /** @return the axis maps */
    public List<AxisMap> axes() {
        return axes;
    }

    /** @return whether this map produces zeros */
    public boolean isZero() {
        return sources.isEmpty();
    }

    /** @return the number of target elements */
    public long numel() {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /**
     * Computes the target tensor.
     *
     * @param backend where to create it
     * @param lookup  the source tensor (value or moment) for each source path
     * @param what    which factors to apply
     * @return a new F32 tensor of {@link #shape()}
     * @throws IllegalArgumentException naming the path and the shapes if a source tensor does not fit the map
     */
    public Tensor apply(ComputeBackend backend, Function<String, Tensor> lookup, Carried what) {
        return Tensor.of(backend, values(lookup, what), shape);
    }

    /** @return the target elements, row-major, on the host */
    float[] values(Function<String, Tensor> lookup, Carried what) {
        int n = Math.toIntExact(numel());
        float[] out = new float[n];
        if (isZero()) {
            return out;
        }
        float[][] src = new float[sources.size()][];
        int[] srcShape = null;
        for (int s = 0; s < src.length; s++) {
            Tensor t = lookup.apply(sources.get(s));
            if (t == null) {
                throw new IllegalArgumentException(target + ": the source has no parameter '" + sources.get(s) + "'");
            }
            if (srcShape == null) {
                srcShape = t.shape();
            } else if (!Arrays.equals(srcShape, t.shape())) {
                throw new IllegalArgumentException(target + ": source '" + sources.get(s) + "' has shape "
                        + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(srcShape));
            }
            src[s] = t.toFloatArray();
        }
        if (srcShape.length != shape.length) {
            throw new IllegalArgumentException(target + ": source '" + sources.get(0) + "' has shape "
                    + Arrays.toString(srcShape) + ", the map expects rank " + shape.length);
        }
        for (int a = 0; a < shape.length; a++) {
            AxisMap m = axes.get(a);
            for (int j = 0; j < m.length(); j++) {
                if (m.index(j) >= srcShape[a]) {
                    throw new IllegalArgumentException(target + ": axis " + a + " reads position " + m.index(j)
                            + " but source '" + sources.get(0) + "' has shape " + Arrays.toString(srcShape));
                }
            }
        }
        int rank = shape.length;
        int[] srcStride = new int[rank];
        int stride = 1;
        for (int a = rank - 1; a >= 0; a--) {
            srcStride[a] = stride;
            stride *= srcShape[a];
        }
        int[] pos = new int[rank];
        for (int e = 0; e < n; e++) {
            int off = 0;
            float f = 1f;
            for (int a = 0; a < rank; a++) {
                AxisMap m = axes.get(a);
                int j = pos[a];
                off += m.index(j) * srcStride[a];
                f *= switch (what) {
                    case VALUE -> m.scale(j);
                    case GRADIENT -> m.gradientScale(j);
                    case SQUARED_GRADIENT -> m.gradientScale(j) * m.gradientScale(j);
                };
            }
            int s = selectAxis < 0 ? 0 : select[pos[selectAxis]];
            out[e] = src[s][off] * f;
            for (int a = rank - 1; a >= 0; a--) {
                if (++pos[a] < shape[a]) {
                    break;
                }
                pos[a] = 0;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ParameterMap(" + target + " " + Arrays.toString(shape) + " ← " + sources + ")";
    }
}
