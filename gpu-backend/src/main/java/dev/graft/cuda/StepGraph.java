package dev.graft.cuda;

import dev.graft.cuda.runtime.CudaRuntime;
import dev.graft.cuda.runtime.DeviceThread;

/**
 * A whole step captured as a CUDA graph: {@link #replay()} re-issues every kernel of the step with one launch,
 * so launch overhead stops dominating small models.
 *
 * <p>What a replay does is exactly what the captured code queued: the same kernels on the same storages. So
 * inputs must be written into storages that existed before the capture (with {@link CudaBackend#write}), and
 * results read from storages the step created and kept. Memory the step allocated stays reserved for the
 * graph until {@link #close()}. The optimizer step, dropout with p &gt; 0, downloads and {@code dot} cannot be
 * captured (their arguments change every step or they wait for the GPU); the capture fails with
 * {@link IllegalStateException} naming the operation.
 */
public final class StepGraph implements AutoCloseable {
    private final CudaRuntime.Graph graph;
    private final DeviceThread device;

    StepGraph(CudaRuntime.Graph graph, DeviceThread device) {
        this.graph = graph;
        this.device = device;
    }

    /** Queues one replay of the step; returns without waiting for the GPU. */
    public void replay() {
        device.post(graph::replay);
    }

    /** @return bytes of GPU memory reserved for this graph */
    public long reservedBytes() {
        return device.call(graph::reservedBytes);
    }

    /** Destroys the graph and returns its memory (waits for queued replays). */
    @Override
    public void close() {
        device.run(graph::destroy);
    }
}
