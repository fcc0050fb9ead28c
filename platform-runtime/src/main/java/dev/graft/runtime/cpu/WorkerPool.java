package dev.graft.runtime.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed pool of platform threads that runs one parallel job at a time. The calling thread
 * takes part as worker 0, so a pool of {@code n} workers starts {@code n − 1} threads. Waiting threads
 * spin briefly, then yield their core for a while, then park: kernels arrive in quick succession, and
 * on a machine shared with other work a spinning waiter must not starve the thread it waits for.
 *
 * <p>Jobs hand out task indices dynamically; kernels are written so that the result of each task does
 * not depend on which worker runs it, which keeps every kernel bit-identical whatever the thread count.
 * A job submitted from inside a job runs inline on the submitting thread. Not for concurrent use from
 * several submitting threads. {@link #close()} stops the threads.
 */
final class WorkerPool implements AutoCloseable {

    /** The body of a job: runs task {@code task} of the job on worker {@code worker} ({@code 0 <= worker < size()}). */
    @FunctionalInterface
    interface Body {
        void run(int task, int worker);
    }

    /** The body of a job over index ranges: handles {@code [lo, hi)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int lo, int hi);
    }

    /** How long a waiting thread keeps polling (spinning, then yielding) before it parks. */
    private static final long SPIN_NANOS = 50_000;
    /** Busy-wait iterations before a waiting thread starts to yield its core to other threads. */
    private static final int BUSY_SPINS = 2_000;

    private final int size;
    private final Thread[] threads;
    private volatile Thread submitter;

    private volatile long epoch;
    private volatile boolean closed;
    private Body body;
    private int tasks;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean inJob;

    /**
     * @param size the number of workers including the caller, {@code >= 1}
     * @param name prefix of the thread names
     */
    WorkerPool(int size, String name) {
        if (size < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 worker, got " + size);
        }
        this.size = size;
        this.threads = new Thread[size - 1];
        for (int i = 0; i < threads.length; i++) {
            int id = i + 1;
            threads[i] = Thread.ofPlatform().daemon(true).name(name + "-" + id).unstarted(() -> loop(id));
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    /** @return the number of workers including the caller */
    int size() {
        return size;
    }

    /**
     * Runs {@code body.run(t)} for every {@code t < tasks}, spread over the workers, and returns when all
     * have finished. The first exception thrown by a task is rethrown here.
     */
    void run(int tasks, Body body) {
        if (tasks <= 0) {
            return;
        }
        if (tasks == 1 || size == 1 || inJob || closed) {
            int self = inJob ? currentWorker() : 0;
            for (int t = 0; t < tasks; t++) {
                body.run(t, self);
            }
            return;
        }
        inJob = true;
        try {
            this.body = body;
            this.tasks = tasks;
            next.set(0);
            failure.set(null);
            running.set(threads.length);
            submitter = Thread.currentThread();
            epoch = epoch + 1;
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
            work(0);
            awaitWorkers();
            this.body = null;
            Throwable f = failure.get();
            if (f != null) {
                if (f instanceof RuntimeException re) {
                    throw re;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException("a CPU kernel task failed", f);
            }
        } finally {
            inJob = false;
        }
    }

    /**
     * Splits {@code [0, n)} into chunks of at least {@code grain} elements (the chunk boundaries depend
     * only on {@code n} and {@code grain}) and runs them in parallel.
     */
    void range(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int g = Math.max(1, grain);
        int chunks = (n + g - 1) / g;
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        run(chunks, (c, w) -> body.run(c * g, Math.min(n, (c + 1) * g)));
    }

    /** @return the worker id of the calling thread while a job runs (the submitter is 0) */
    private int currentWorker() {
        Thread me = Thread.currentThread();
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] == me) {
                return i + 1;
            }
        }
        return 0;
    }

    private void work(int worker) {
        Body b = body;
        int n = tasks;
        for (int t = next.getAndIncrement(); t < n; t = next.getAndIncrement()) {
            if (failure.get() != null) {
                continue;
            }
            try {
                b.run(t, worker);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private void awaitWorkers() {
        long start = System.nanoTime();
        int spins = 0;
        while (running.get() != 0) {
            if (++spins < BUSY_SPINS) {
                Thread.onSpinWait();
            } else if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(this, 20_000);
            }
        }
    }

    private void loop(int id) {
        long seen = 0;
        while (true) {
            long start = System.nanoTime();
            int spins = 0;
            while (epoch == seen && !closed) {
                if (++spins < BUSY_SPINS) {
                    Thread.onSpinWait();
                } else if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.yield();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = epoch;
            work(id);
            if (running.decrementAndGet() == 0) {
                Thread s = submitter;
                if (s != null) {
                    LockSupport.unpark(s);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
