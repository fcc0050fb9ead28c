package dev.graft.runtime.cpu;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker pool runs every task once, propagates failures, tolerates nesting and stops on close. */
class WorkerPoolTest {

    @Test
    void runsEveryTaskExactlyOnceOnValidWorkers() {
        try (WorkerPool pool = new WorkerPool(3, "test")) {
            for (int round = 0; round < 200; round++) {
                AtomicIntegerArray seen = new AtomicIntegerArray(97);
                AtomicInteger badWorker = new AtomicInteger();
                pool.run(97, (t, w) -> {
                    seen.incrementAndGet(t);
                    if (w < 0 || w >= 3) {
                        badWorker.incrementAndGet();
                    }
                });
                for (int t = 0; t < 97; t++) {
                    assertEquals(1, seen.get(t), "task " + t);
                }
                assertEquals(0, badWorker.get());
            }
        }
    }

    @Test
    void rangesCoverTheIndexSpaceInGrainSizedChunks() {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            AtomicIntegerArray seen = new AtomicIntegerArray(1001);
            pool.range(1001, 64, (lo, hi) -> {
                assertTrue(hi - lo <= 64 && lo % 64 == 0);
                for (int i = lo; i < hi; i++) {
                    seen.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 1001; i++) {
                assertEquals(1, seen.get(i));
            }
        }
    }

    @Test
    void aFailingTaskIsRethrownToTheCaller() {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.run(10, (t, w) -> {
                if (t == 7) {
                    throw new IllegalArgumentException("task 7");
                }
            }));
            assertEquals("task 7", e.getMessage());
            // The pool still works afterwards.
            AtomicInteger n = new AtomicInteger();
            pool.run(10, (t, w) -> n.incrementAndGet());
            assertEquals(10, n.get());
        }
    }

    @Test
    void nestedJobsRunInlineOnTheCallingWorker() {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            AtomicInteger inner = new AtomicInteger();
            AtomicInteger mismatched = new AtomicInteger();
            pool.run(4, (t, w) -> pool.run(3, (u, w2) -> {
                inner.incrementAndGet();
                if (w2 != w) {
                    mismatched.incrementAndGet();
                }
            }));
            assertEquals(12, inner.get());
            assertEquals(0, mismatched.get());
        }
    }

    @Test
    void closeStopsTheThreads() throws InterruptedException {
        WorkerPool pool = new WorkerPool(3, "closing");
        pool.run(6, (t, w) -> { });
        pool.close();
        Thread.sleep(50);
        boolean alive = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(th -> th.getName().startsWith("closing-") && th.isAlive());
        assertFalse(alive);
    }
}
