package dev.graft.api.tensor;

/**
 * Counts the floating-point operations of the matrix products and attention that tensor ops run
 * (forward and backward) while the counter is active on the current thread. This is the engine-level
 * account behind every "compute saved" figure: it sees teacher forwards, growth and recovery steps alike,
 * because it counts the kernels themselves.
 *
 * <p>Counted: every GEMM as {@code 2·m·n·k} per product, attention as {@code 4·B·H·Tq·Tk·D} forward
 * (scores and weighted sum) and twice that backward. Elementwise ops, norms and softmax are not counted
 * (they are a few percent of a Transformer's FLOPs, and the usual {@code 6·N·tokens} convention omits them
 * too). Counters nest: an inner counter's operations are also added to the enclosing ones.
 *
 * <pre>{@code
 * try (FlopCounter flops = FlopCounter.start()) {
 *     loss = model.loss(batch); loss.backward();
 *     total += flops.count();
 * }
 * }</pre>
 */
public final class FlopCounter implements AutoCloseable {
    private static final ThreadLocal<FlopCounter> CURRENT = new ThreadLocal<>();
    private final FlopCounter parent;
    private long count;
    private boolean closed;

    private FlopCounter(FlopCounter parent) {
        this.parent = parent;
    }

    /** @return a new counter, active on this thread until closed */
    public static FlopCounter start() {
        FlopCounter c = new FlopCounter(CURRENT.get());
        CURRENT.set(c);
        return c;
    }

    /** Adds operations to every active counter of this thread (no-op when none is active). */
    public static void add(long flops) {
        for (FlopCounter c = CURRENT.get(); c != null; c = c.parent) {
            c.count += flops;
        }
    }

    /** @return the operations counted so far */
    public long count() {
        return count;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            CURRENT.set(parent);
        }
    }
}
