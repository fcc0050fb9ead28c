package dev.graft.cuda.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The one platform thread that talks to a GPU. CUDA contexts are current per OS thread, and virtual threads
 * move between carriers, so every CUDA call of a backend runs here, in submission order.
 *
 * <p>{@link #post} queues work and returns at once (kernel launches and allocations, see {@link CudaStorage}:
 * the caller does not wait for them); {@link #call} queues work and waits for its result (downloads). Both run
 * the work directly when called on the device thread itself, so code that runs a whole training step through
 * {@link #call} pays no hand-over per kernel. The first exception of posted work is kept, every later task is
 * skipped, and the exception is rethrown (wrapped, naming it as asynchronous) by the next {@code post} or
 * {@code call}: after a failed kernel the device state is unknown, so the backend stops.
 *
 * <p>The thread spins for a few microseconds before parking when idle, which keeps hand-over latency well
 * under a kernel launch.
 */
public final class DeviceThread implements AutoCloseable {
    private static final long SPIN_NANOS = 50_000;

    private static final class Task {
        final Runnable work;
        volatile boolean done;
        Throwable failure;
        final Thread waiter;

        Task(Runnable work, Thread waiter) {
            this.work = work;
            this.waiter = waiter;
        }
    }

    private final ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean parked;
    private volatile boolean stopping;
    private volatile Throwable asyncFailure;

    /**
     * Starts the thread.
     *
     * @param name the thread name, e.g. {@code graft-cuda-0}
     */
    public DeviceThread(String name) {
        thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
        thread.start();
    }

    /** @return whether the caller is the device thread */
    public boolean onDeviceThread() {
        return Thread.currentThread() == thread;
    }

    private void loop() {
        while (true) {
            Task t = queue.poll();
            if (t == null) {
                if (stopping) {
                    return;
                }
                long until = System.nanoTime() + SPIN_NANOS;
                while (queue.isEmpty() && System.nanoTime() < until && !stopping) {
                    Thread.onSpinWait();
                }
                if (queue.isEmpty() && !stopping) {
                    parked = true;
                    if (queue.isEmpty() && !stopping) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
                continue;
            }
            if (asyncFailure != null && t.waiter == null) {
                t.done = true;
                continue;
            }
            try {
                t.work.run();
            } catch (Throwable e) {
                if (t.waiter == null) {
                    if (asyncFailure == null) {
                        asyncFailure = e;
                    }
                } else {
                    t.failure = e;
                }
            }
            t.done = true;
            if (t.waiter != null) {
                LockSupport.unpark(t.waiter);
            }
        }
    }

    private void enqueue(Task t) {
        if (stopping) {
            throw new IllegalStateException("the CUDA backend was closed");
        }
        queue.add(t);
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    private void checkAsync() {
        Throwable f = asyncFailure;
        if (f != null) {
            throw new AsynchronousFailure(f);
        }
    }

    /** Thrown by every call after a posted task failed: names the original failure as its cause. */
    public static final class AsynchronousFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AsynchronousFailure(Throwable cause) {
            super("an earlier asynchronous GPU operation failed; the CUDA backend cannot continue: " + cause, cause);
        }
    }

    /**
     * Runs {@code work} on the device thread without waiting.
     *
     * @throws AsynchronousFailure if earlier posted work failed
     */
    public void post(Runnable work) {
        checkAsync();
        if (onDeviceThread()) {
            work.run();
            return;
        }
        enqueue(new Task(work, null));
    }

    /**
     * Runs {@code work} on the device thread and returns its result, after all work queued before it.
     *
     * @throws AsynchronousFailure if earlier posted work failed
     * @throws RuntimeException    what {@code work} threw (checked exceptions wrapped)
     */
    public <T> T call(Callable<T> work) {
        checkAsync();
        if (onDeviceThread()) {
            try {
                return work.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Object[] result = new Object[1];
        Task t = new Task(() -> {
            try {
                result[0] = work.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Thread.currentThread());
        enqueue(t);
        long until = System.nanoTime() + SPIN_NANOS;
        while (!t.done) {
            if (System.nanoTime() < until) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(t);
            }
            if (!t.done && !thread.isAlive()) {
                throw new IllegalStateException("the CUDA device thread stopped");
            }
        }
        if (t.failure instanceof RuntimeException r) {
            throw r;
        }
        if (t.failure instanceof Error e) {
            throw e;
        }
        checkAsync();
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }

    /** Runs {@code work} on the device thread and waits for it. */
    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Finishes the queued work, then stops the thread. */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        if (onDeviceThread()) {
            stopping = true;
            return;
        }
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
