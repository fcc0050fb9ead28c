package dev.graft.cuda;

import dev.graft.api.tensor.Storage;
import dev.graft.cuda.memory.CachingAllocator;
import dev.graft.cuda.runtime.CudaStorage;
import dev.graft.cuda.runtime.DeviceThread;

/**
 * Releases GPU memory deterministically: every storage the backend allocates while this scope is the
 * innermost open one goes back to the backend's cache when the scope closes. Scopes nest and must close
 * innermost first. Storages that must outlive the scope (parameters, optimizer state, the loss to print)
 * are created outside it or passed to {@link #keep}.
 *
 * <pre>{@code
 * try (ReleaseScope step = cuda.openScope()) {
 *     Tensor loss = model.loss(batch);
 *     loss.backward();
 *     optimizer.step();
 * }   // activations and gradients of this step return to the cache here
 * }</pre>
 *
 * <p>Using a storage after its scope closed throws {@link IllegalStateException}. Not thread-safe: use it on
 * the thread that uses the backend.
 */
public final class ReleaseScope implements AutoCloseable {
    private final CachingAllocator.Scope scope;
    private final DeviceThread device;

    ReleaseScope(CachingAllocator.Scope scope, DeviceThread device) {
        this.scope = scope;
        this.device = device;
    }

    /**
     * Keeps storages past this scope: they move to the enclosing scope, or to no scope.
     *
     * @throws IllegalArgumentException if a storage was not allocated in this scope or is not a CUDA storage
     */
    public void keep(Storage... storages) {
        for (Storage s : storages) {
            if (!(s instanceof CudaStorage c)) {
                throw new IllegalArgumentException("not a CUDA storage: " + s);
            }
            device.run(() -> scope.keep(c.block()));
        }
    }

    /** @return the number of storages this scope will release */
    public int size() {
        return device.call(scope::size);
    }

    /**
     * Returns the scope's storages to the cache.
     *
     * @throws IllegalStateException if an inner scope is still open
     */
    @Override
    public void close() {
        device.run(scope::close);
    }
}
