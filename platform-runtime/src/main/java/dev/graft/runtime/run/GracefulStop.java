package dev.graft.runtime.run;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns Ctrl-C (or a SIGTERM) during long work into a request to stop after the current step.
 *
 * <p>The JVM runs its shutdown hooks on a signal and exits when they return. The hook installed here marks the
 * stop as {@linkplain #requested() requested}, says so on standard error, and then holds the exit until this
 * object is closed (at most {@value #GRACE_SECONDS} seconds), so that the command can save its checkpoint, record
 * the run and tell the user how to continue before the process ends. Close it only after the last message:
 *
 * <pre>{@code
 * try (GracefulStop stop = GracefulStop.install(err, "graft: stopping after the current step")) {
 *     Result r = work(stop::requested);
 *     if (r.cancelled()) {
 *         err.println("graft: interrupted; continue it with 'graft ... --resume DIR'");
 *     }
 * }
 * }</pre>
 */
public final class GracefulStop implements AutoCloseable {
    /** How long the exit waits for the command to finish its step and its messages. */
    public static final int GRACE_SECONDS = 60;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private GracefulStop(PrintWriter err, String message) {
        this.hook = new Thread(() -> {
            requested.set(true);
            err.println(message);
            err.flush();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "graft-graceful-stop");
    }

    /**
     * Installs the shutdown hook.
     *
     * @param err     where the hook says that the work is stopping
     * @param message what it says, e.g. {@code graft: stopping after the current step; the checkpoint is kept}
     * @return the installed stop; close it when the command has said its last word
     */
    public static GracefulStop install(PrintWriter err, String message) {
        GracefulStop stop = new GracefulStop(err, message);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** @return whether a signal asked the work to stop */
    public boolean requested() {
        return requested.get();
    }

    /** Lets a pending exit go ahead, or removes the hook when no signal came. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: the JVM exits once it returns
        }
    }
}
