package dev.graft.cuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link CudaProbe} found: the libraries, the driver, {@code cuInit}'s answer and the GPUs. Immutable;
 * {@link #describe()} is what {@code graft doctor} prints and {@link #refusal(String)} is the message shown
 * when CUDA is asked for but cannot be used.
 *
 * @param libraries     the driver, NVRTC, cuBLAS and cuBLASLt, in that order
 * @param driverVersion the CUDA version the driver supports, e.g. {@code 13.0}, or {@code null}
 * @param initError     {@code cuInit}'s error (e.g. {@code CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)}),
 *                      or {@code null} when it succeeded or was never reached
 * @param gpus          the devices, in ordinal order
 * @param environment   the variables and properties that steer the search, with their values ({@code (unset)})
 */
public record CudaReport(List<LibraryStatus> libraries, String driverVersion, String initError, List<GpuInfo> gpus,
                         Map<String, String> environment) {

    public CudaReport {
        libraries = List.copyOf(libraries);
        gpus = List.copyOf(gpus);
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** @return the library called {@code name}, if probed */
    public Optional<LibraryStatus> library(String name) {
        return libraries.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** @return why CUDA cannot be used, or empty when it can */
    public Optional<String> problem() {
        List<String> problems = new ArrayList<>();
        for (LibraryStatus l : libraries) {
            if (!l.ok() && !l.name().equals("cuBLASLt")) {
                problems.add(l.name() + " library: " + l.problem());
            }
        }
        if (library("CUDA driver").map(LibraryStatus::ok).orElse(false)) {
            if (initError != null) {
                problems.add("cuInit failed: " + initError);
            } else if (gpus.isEmpty()) {
                problems.add("the driver reports no CUDA device");
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * @return why CUDA cannot be used, in one short clause: where the driver itself is missing (a machine without
     *     an NVIDIA GPU), only that, since the other libraries do not matter then; otherwise {@link #problem()}
     */
    public Optional<String> briefProblem() {
        Optional<LibraryStatus> driver = library("CUDA driver");
        if (driver.isPresent() && !driver.get().ok()) {
            return Optional.of("no NVIDIA driver (" + driver.get().problem() + ")");
        }
        return problem();
    }

    /** @return whether a GPU, its driver, NVRTC and cuBLAS are all usable */
    public boolean usable() {
        return problem().isEmpty();
    }

    /** @return a multi-line report: libraries with versions, {@code cuInit}, GPUs, and the search settings */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (LibraryStatus l : libraries) {
            sb.append(l.summary()).append('\n');
        }
        sb.append("driver supports CUDA: ").append(driverVersion == null ? "unknown" : driverVersion).append('\n');
        if (library("CUDA driver").map(LibraryStatus::ok).orElse(false)) {
            sb.append("cuInit: ").append(initError == null ? "ok" : initError).append('\n');
        }
        if (gpus.isEmpty()) {
            sb.append("GPUs: none\n");
        }
        for (GpuInfo g : gpus) {
            sb.append("GPU ").append(g.describe()).append('\n');
        }
        environment.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /**
     * The message for a user who asked for CUDA where it cannot be used: the request, the reason, then
     * everything that was looked for.
     *
     * @param requested what was asked for, e.g. {@code --device cuda:0}
     * @return the message
     */
    public String refusal(String requested) {
        StringBuilder sb = new StringBuilder();
        sb.append(requested).append(" was requested, but CUDA cannot be used: ")
                .append(problem().orElse("no problem found")).append('\n');
        sb.append("Looked for:\n");
        for (LibraryStatus l : libraries) {
            sb.append("  ").append(l.describe().replace("\n", "\n  ")).append('\n');
        }
        sb.append("Search settings:\n");
        environment.forEach((k, v) -> sb.append("  ").append(k).append('=').append(v).append('\n'));
        sb.append("Use --device cpu (or auto, which falls back to the CPU), or point the overrides above at the "
                + "libraries of a CUDA 12 or 13 installation.");
        return sb.toString();
    }
}
