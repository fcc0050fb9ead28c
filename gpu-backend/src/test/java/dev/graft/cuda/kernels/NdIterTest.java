package dev.graft.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.api.tensor.Broadcast;
import dev.graft.api.tensor.Shapes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NdIterTest {

    /** The plain definition: offsets of the multi-index of e, over the uncoalesced shape. */
    private static long[] plain(int[] shape, long[][] strides, long e) {
        long[] off = new long[strides.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            long i = e % shape[d];
            e /= shape[d];
            for (int o = 0; o < strides.length; o++) {
                off[o] += i * strides[o][d];
            }
        }
        return off;
    }

    @Test
    void coalescingKeepsEveryOffset() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int rank = 1 + rnd.nextInt(6);
            int[] a = new int[rank];
            int[] b = new int[rank];
            for (int d = 0; d < rank; d++) {
                a[d] = 1 + rnd.nextInt(3);
                b[d] = rnd.nextInt(3) == 0 ? 1 : a[d];
            }
            Broadcast bc = Broadcast.of(a, b);
            long[][] strides = {bc.aStrides(), bc.bStrides()};
            NdIter it = NdIter.of(bc.shape(), bc.aStrides(), bc.bStrides());
            assertEquals(Shapes.numel(bc.shape()), it.size());
            for (long e = 0; e < it.size(); e++) {
                assertArrayEquals(plain(bc.shape(), strides, e), it.offsets(e), bc + " e=" + e);
            }
        }
    }

    @Test
    void contiguousOperandsCollapseToOneDimension() {
        NdIter it = NdIter.of(new int[] {2, 3, 4}, new long[] {12, 4, 1}, new long[] {12, 4, 1});
        assertArrayEquals(new int[] {24}, it.shape());
        NdIter permuted = NdIter.of(new int[] {2, 3, 4}, new long[] {12, 1, 3}, new long[] {12, 4, 1});
        assertEquals(3, permuted.shape().length);
        NdIter scalar = NdIter.of(new int[] {1, 1}, new long[] {0, 0});
        assertEquals(0, scalar.shape().length);
        assertEquals(1, scalar.size());
    }

    @Test
    void packWritesTheCudaLayout() {
        NdIter it = NdIter.of(new int[] {5, 7}, new long[] {1, 5}, new long[] {7, 1});
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(NdIter.BYTES);
            it.pack(s);
            assertEquals(1, s.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(5, s.get(ValueLayout.JAVA_LONG, 8));
            assertEquals(7, s.get(ValueLayout.JAVA_LONG, 64));
            assertEquals(1, s.get(ValueLayout.JAVA_LONG, 72));
            assertEquals(5, s.get(ValueLayout.JAVA_INT, NdIter.SHAPE_OFFSET));
            assertEquals(7, s.get(ValueLayout.JAVA_INT, NdIter.SHAPE_OFFSET + 4));
            assertEquals(2, s.get(ValueLayout.JAVA_INT, NdIter.RANK_OFFSET));
        }
    }

    @Test
    void tooManyDimensionsAreRefused() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        long[] s = {1, 2, 4, 8, 16, 32, 64, 128, 256};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NdIter.of(shape, s));
        assertEquals(true, e.getMessage().contains("at most 8"));
    }
}
