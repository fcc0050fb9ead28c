package dev.graft.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreeArraysTest {
    private static final int N = FreeArrays.MIN_KEPT * 2;

    @Test
    void aGivenArrayIsReusedForItsLengthAndZeroFilledWhenAskedTo() {
        FreeArrays free = new FreeArrays(1L << 20, false);
        float[] a = new float[N];
        Arrays.fill(a, 3f);
        free.give(a);
        assertNotSame(a, free.zeroed(N + 1), "another length must not get it");
        float[] b = free.zeroed(N);
        assertSame(a, b);
        for (float v : b) {
            assertEquals(0f, v);
        }
        assertNotSame(a, free.zeroed(N), "an array is handed out once");
    }

    @Test
    void arraysForOverwriteArePoisonedWithNanWhenAskedTo() {
        FreeArrays free = new FreeArrays(1L << 20, true);
        free.give(new float[N]);
        for (float v : free.forOverwrite(N)) {
            assertTrue(Float.isNaN(v));
        }
        for (float v : free.forOverwrite(7)) {
            assertTrue(Float.isNaN(v), "small, never-kept arrays are poisoned too");
        }
    }

    @Test
    void smallArraysAndArraysBeyondTheCapacityAreNotKept() {
        FreeArrays free = new FreeArrays(N, false);
        float[] small = new float[FreeArrays.MIN_KEPT - 1];
        free.give(small);
        assertNotSame(small, free.forOverwrite(small.length));
        float[] first = new float[N];
        float[] second = new float[N];
        free.give(first);
        free.give(second);
        assertSame(first, free.forOverwrite(N));
        assertNotSame(second, free.forOverwrite(N), "the second array exceeded the capacity");
    }
}
