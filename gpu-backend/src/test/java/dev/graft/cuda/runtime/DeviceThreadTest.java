package dev.graft.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeviceThreadTest {

    @Test
    void workRunsOnOnePlatformThreadInSubmissionOrder() {
        try (DeviceThread t = new DeviceThread("test-device")) {
            List<Integer> order = new ArrayList<>();
            AtomicReference<Thread> where = new AtomicReference<>();
            for (int i = 0; i < 1000; i++) {
                int k = i;
                t.post(() -> {
                    order.add(k);
                    where.compareAndSet(null, Thread.currentThread());
                    assertSame(where.get(), Thread.currentThread());
                });
            }
            int size = t.call(order::size);
            assertEquals(1000, size, "a call runs after everything posted before it");
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, order.get(i));
            }
            assertFalse(where.get().isVirtual());
            assertFalse(t.onDeviceThread());
        }
    }

    @Test
    void onTheDeviceThreadWorkRunsInline() {
        try (DeviceThread t = new DeviceThread("test-device")) {
            int r = t.call(() -> {
                assertTrue(t.onDeviceThread());
                List<Integer> seen = new ArrayList<>();
                t.post(() -> seen.add(1));
                seen.add(2);
                return t.call(() -> seen.get(0) * 10 + seen.get(1));
            });
            assertEquals(12, r);
        }
    }

    @Test
    void aFailedPostIsReportedByTheNextCallAndLaterWorkIsSkipped() {
        try (DeviceThread t = new DeviceThread("test-device")) {
            List<String> ran = new ArrayList<>();
            t.post(() -> {
                throw new IllegalStateException("kernel exploded");
            });
            try {
                t.post(() -> ran.add("after"));
            } catch (DeviceThread.AsynchronousFailure alreadySeen) {
                // The device thread may already have run the failing task: post then refuses at once.
            }
            DeviceThread.AsynchronousFailure e = assertThrows(DeviceThread.AsynchronousFailure.class, () -> t.call(() -> 1));
            assertTrue(e.getMessage().contains("kernel exploded"));
            assertThrows(DeviceThread.AsynchronousFailure.class, () -> t.post(() -> { }));
            assertTrue(ran.isEmpty());
        }
    }

    @Test
    void aFailedCallThrowsToItsCallerOnly() {
        try (DeviceThread t = new DeviceThread("test-device")) {
            assertThrows(ArithmeticException.class, () -> t.call(() -> 1 / 0));
            assertEquals(3, t.call(() -> 3));
        }
    }

    @Test
    void closeFinishesQueuedWorkThenRefusesMore() {
        DeviceThread t = new DeviceThread("test-device");
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            t.post(() -> done.add(1));
        }
        t.close();
        assertEquals(100, done.size());
        assertThrows(IllegalStateException.class, () -> t.post(() -> { }));
    }
}
