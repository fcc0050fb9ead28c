package dev.graft.api.tensor;

/**
 * A scope in which tensor ops record no autograd graph, for inference, evaluation and optimizer updates.
 * Scopes nest and are per thread:
 *
 * <pre>{@code
 * try (NoGrad ignored = NoGrad.enter()) {
 *     Tensor logits = model.forward(batch);   // no graph kept, no saved activations
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private boolean closed;

    private NoGrad() {
    }

    /** @return a new scope; close it to leave */
    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** @return whether the current thread records autograd graphs */
    public static boolean isGradEnabled() {
        return DEPTH.get()[0] == 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
