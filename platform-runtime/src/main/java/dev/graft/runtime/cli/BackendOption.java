package dev.graft.runtime.cli;

import dev.graft.api.tensor.Backends;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.runtime.cpu.CpuBackend;
import picocli.CommandLine.Option;

/**
 * The {@code --backend} and {@code --threads} options every computing command shares. The backend is chosen
 * here, once, and passed down explicitly.
 */
public final class BackendOption {
    @Option(names = "--backend", description = "compute backend: cpu, reference or cuda (default: ${DEFAULT-VALUE})")
    String backend = "cpu";

    @Option(names = "--threads", description = "CPU threads for the cpu backend (default: all cores)")
    Integer threads;

    /**
     * Creates the chosen backend.
     *
     * @throws IllegalArgumentException listing the available backends if the name is unknown
     */
    public ComputeBackend create() {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        if (backend.equals(CpuBackend.NAME)) {
            return threads == null ? new CpuBackend() : new CpuBackend(threads);
        }
        return Backends.create(backend);
    }

    /** @return the thread count in effect for the CPU backend */
    public int threadsOrDefault() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
