package dev.graft.api.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A region of code on one thread whose tensors give their memory back to their backend when it closes, so
 * that the next region's tensors reuse it while it is still warm: what a caching allocator does for a training
 * loop, made explicit.
 *
 * <pre>{@code
 * for (int step = 0; step < steps; step++) {
 *     try (TensorScope scope = TensorScope.open()) {
 *         Tensor loss = model.loss(batch(step));
 *         optimizer.zeroGrad();
 *         loss.backward();
 *         optimizer.step();
 *         log(loss.item());
 *     }
 * }
 * }</pre>
 *
 * <p>Every tensor whose memory is allocated on this thread while the scope is the innermost open one (the
 * results of ops, {@link Tensor#zeros}, {@link Tensor#of}, ...) belongs to the scope, and so do its views
 * ({@link Tensor#reshape}, {@link Tensor#detach}). Closing the scope gives their memory back to the backend;
 * any later use of such a tensor raises {@link IllegalStateException}. These outlive the scope:
 * <ul>
 *   <li>tensors made before it opened (parameters, optimizer state created earlier);</li>
 *   <li>the gradients autograd accumulates into leaves ({@link Tensor#grad()}) and those set with
 *       {@link Tensor#setGrad};</li>
 *   <li>tensors passed to {@link #keep} (they move to the enclosing scope) or to {@link #escape} (they leave
 *       every scope, as optimizers do with the state they create lazily).</li>
 * </ul>
 *
 * <p>A scope is used by the thread that opened it and closes in reverse order of opening.
 */
public final class TensorScope implements AutoCloseable {
    private static final ThreadLocal<TensorScope> INNERMOST = new ThreadLocal<>();

    private final TensorScope outer;
    private final Thread thread;
    private final List<Lease> leases = new ArrayList<>();
    private boolean closed;

    private TensorScope(TensorScope outer) {
        this.outer = outer;
        this.thread = Thread.currentThread();
    }

    /** @return a new scope, the innermost on this thread until it closes */
    public static TensorScope open() {
        TensorScope s = new TensorScope(INNERMOST.get());
        INNERMOST.set(s);
        return s;
    }

    /**
     * Moves a tensor's memory (and its views') to the enclosing scope, or out of every scope when this is the
     * outermost one. A tensor that does not belong to this scope is returned as it is.
     *
     * @return {@code t}
     * @throws IllegalStateException if this scope is closed, or {@code t}'s memory was already given back
     */
    public Tensor keep(Tensor t) {
        checkOpen();
        Lease l = t.lease();
        if (l == null || l.scope != this) {
            return t;
        }
        l.scope = outer;
        if (outer != null) {
            outer.leases.add(l);
        }
        return t;
    }

    /**
     * Takes a tensor's memory out of every scope: it lives for as long as it is referenced, as if it had been
     * made outside any scope. Optimizers call this for the state they create on their first step.
     *
     * @return {@code t}
     * @throws IllegalStateException if {@code t}'s memory was already given back
     */
    public static Tensor escape(Tensor t) {
        Lease l = t.lease();
        if (l != null) {
            l.scope = null;
        }
        return t;
    }

    /**
     * Gives the memory of every tensor that still belongs to this scope back to its backend.
     *
     * @throws IllegalStateException if an inner scope is still open, or another thread calls it
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("a tensor scope is closed by the thread that opened it");
        }
        if (INNERMOST.get() != this) {
            throw new IllegalStateException("tensor scopes close in reverse order of opening; an inner scope is open");
        }
        closed = true;
        INNERMOST.set(outer);
        for (Lease l : leases) {
            if (l.scope == this) {
                l.giveBack();
            }
        }
        leases.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the tensor scope is closed");
        }
    }

    /** @return the lease of memory just allocated on this thread: owned by the innermost scope, or none */
    static Lease lease(ComputeBackend backend, Storage storage) {
        TensorScope s = INNERMOST.get();
        if (s == null) {
            return null;
        }
        Lease l = new Lease(backend, storage, s);
        s.leases.add(l);
        return l;
    }

    /**
     * One allocation's membership in a scope, shared by the tensor made with it and all of its views. Whoever
     * gives the memory back first (the scope, or a backward pass releasing a consumed gradient) marks it
     * released, so that it is given back once and never read again.
     */
    static final class Lease {
        final ComputeBackend backend;
        final Storage storage;
        TensorScope scope;
        boolean released;

        Lease(ComputeBackend backend, Storage storage, TensorScope scope) {
            this.backend = backend;
            this.storage = storage;
            this.scope = scope;
        }

        /** Gives the memory back to the backend unless it was given back already. */
        void giveBack() {
            if (!released) {
                released = true;
                backend.release(storage);
            }
        }
    }
}
