package dev.graft.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.api.tensor.HeapStorage;
import dev.graft.api.tensor.ReduceOp;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.api.tensor.Shapes;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Executes the planned reductions with the reference backend's reduce and compares with its sumToShape. */
class SumPlanTest {

    @Test
    void plannedPassesEqualTheReferenceOnRandomShapes() {
        Random rnd = new Random(3);
        ReferenceBackend ref = new ReferenceBackend();
        for (int trial = 0; trial < 200; trial++) {
            int rank = 1 + rnd.nextInt(5);
            int[] xs = new int[rank];
            int[] os = new int[rank];
            for (int d = 0; d < rank; d++) {
                xs[d] = 1 + rnd.nextInt(4);
                os[d] = rnd.nextBoolean() ? 1 : xs[d];
            }
            float[] x = new float[(int) Shapes.numel(xs)];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            float[] expected = new float[(int) Shapes.numel(os)];
            ref.sumToShape(HeapStorage.ofFloats(x), xs, HeapStorage.ofFloats(expected), os);

            SumPlan plan = SumPlan.of(xs, os);
            float[] cur = x;
            for (SumPlan.Pass p : plan.passes()) {
                float[] next = new float[(int) p.outputSize()];
                ref.reduce(ReduceOp.SUM, HeapStorage.ofFloats(cur), (int) p.outer(), (int) p.reduced(),
                        (int) p.inner(), HeapStorage.ofFloats(next));
                cur = next;
            }
            assertEquals(expected.length, cur.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], cur[i], 1e-5f, java.util.Arrays.toString(xs) + " -> "
                        + java.util.Arrays.toString(os));
            }
        }
    }

    @Test
    void runsAreMergedSoABiasGradientIsOnePass() {
        assertEquals(List.of(new SumPlan.Pass(1, 2 * 5 * 7, 16)), SumPlan.of(new int[] {2, 5, 7, 16},
                new int[] {1, 1, 1, 16}).passes());
        assertEquals(List.of(), SumPlan.of(new int[] {3, 1, 4}, new int[] {3, 1, 4}).passes());
        assertEquals(List.of(new SumPlan.Pass(6, 4, 1), new SumPlan.Pass(1, 2, 3)),
                SumPlan.of(new int[] {2, 3, 4}, new int[] {1, 3, 1}).passes());
        assertThrows(IllegalArgumentException.class, () -> SumPlan.of(new int[] {4}, new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> SumPlan.of(new int[] {4}, new int[] {1, 4}));
    }
}
