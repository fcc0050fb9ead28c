package dev.graft.cuda.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sumToShape} as a sequence of middle-axis sums. Dimensions are grouped into runs that are kept
 * (output size equals input size) or reduced (output size 1); each reduced run is summed away by one
 * {@code [outer, reduced, inner]} reduction, innermost run first, each writing a smaller intermediate.
 *
 * @param passes the reductions, in order; empty when nothing is reduced (a plain copy)
 */
public record SumPlan(List<Pass> passes) {

    /**
     * One reduction of the middle axis of {@code [outer, reduced, inner]}.
     *
     * @param outer   product of the dimensions before
     * @param reduced the dimension summed away
     * @param inner   product of the dimensions after
     */
    public record Pass(long outer, long reduced, long inner) {
        /** @return elements written */
        public long outputSize() {
            return outer * inner;
        }
    }

    /**
     * Plans the reduction of {@code xShape} to {@code outShape}.
     *
     * @throws IllegalArgumentException if the ranks differ or an output dimension is neither the input's nor 1
     */
    public static SumPlan of(int[] xShape, int[] outShape) {
        if (xShape.length != outShape.length) {
            throw new IllegalArgumentException("sumToShape needs equal ranks: " + Arrays.toString(xShape) + " vs "
                    + Arrays.toString(outShape));
        }
        List<long[]> runs = new ArrayList<>();
        for (int d = 0; d < xShape.length; d++) {
            if (xShape[d] == 1) {
                continue;
            }
            boolean reduced;
            if (outShape[d] == xShape[d]) {
                reduced = false;
            } else if (outShape[d] == 1) {
                reduced = true;
            } else {
                throw new IllegalArgumentException("cannot sum shape " + Arrays.toString(xShape) + " to "
                        + Arrays.toString(outShape) + ": dimension " + d + " is " + outShape[d]);
            }
            long kind = reduced ? 1 : 0;
            if (!runs.isEmpty() && runs.getLast()[0] == kind) {
                runs.getLast()[1] *= xShape[d];
            } else {
                runs.add(new long[] {kind, xShape[d]});
            }
        }
        List<Pass> passes = new ArrayList<>();
        for (int r = runs.size() - 1; r >= 0; r--) {
            if (runs.get(r)[0] == 0) {
                continue;
            }
            long outer = 1;
            for (int q = 0; q < r; q++) {
                outer *= runs.get(q)[1];
            }
            long inner = 1;
            for (int q = r + 1; q < runs.size(); q++) {
                inner *= runs.get(q)[1];
            }
            passes.add(new Pass(outer, runs.get(r)[1], inner));
            runs.get(r)[1] = 1;
        }
        return new SumPlan(List.copyOf(passes));
    }
}
