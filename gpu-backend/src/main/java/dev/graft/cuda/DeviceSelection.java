package dev.graft.cuda;

import dev.graft.api.tensor.Device;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Turns the {@code --device} option ({@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}) into a
 * backend choice, with one message saying what was picked and why.
 *
 * <ul>
 *   <li>{@code cpu}: the {@code cpu} backend; CUDA is not probed.</li>
 *   <li>{@code cuda} / {@code cuda:N}: the {@code cuda} backend on device N, or a
 *       {@link CudaUnavailableException} whose message lists everything that was looked for.</li>
 *   <li>{@code auto}: {@code cuda:0} when a usable GPU and the libraries are found, else {@code cpu};
 *       the message names the GPU picked, or the reason CUDA was not used.</li>
 * </ul>
 */
public final class DeviceSelection {
    private DeviceSelection() {
    }

    /**
     * The outcome of a selection.
     *
     * @param device      the device chosen
     * @param backendName the {@link dev.graft.api.tensor.ComputeBackend} service name to create: {@code cpu} or
     *                    {@code cuda}
     * @param gpu         the GPU chosen, or {@code null} for the CPU
     * @param message     one line for the user, e.g. {@code auto: using cuda:0 NVIDIA H200 (sm_90, ...)}
     */
    public record Choice(Device device, String backendName, GpuInfo gpu, String message) {
    }

    /** The backend name of the CPU choice. */
    public static final String CPU_BACKEND = "cpu";
    /** The backend name of the CUDA choice. */
    public static final String CUDA_BACKEND = "cuda";

    /**
     * Chooses with a fresh {@link CudaProbe#probe()} (only when the request needs one).
     *
     * @param request {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}
     * @return the choice
     * @throws IllegalArgumentException   if the request is none of those forms
     * @throws CudaUnavailableException  if CUDA was asked for explicitly and cannot be used
     */
    public static Choice choose(String request) {
        return choose(request, CudaProbe::probe);
    }

    /**
     * Chooses with the given probe (tests pass a canned report).
     *
     * @see #choose(String)
     */
    public static Choice choose(String request, Supplier<CudaReport> probe) {
        String r = request.trim().toLowerCase(Locale.ROOT);
        if (r.equals("auto")) {
            CudaReport report = probe.get();
            if (report.usable()) {
                GpuInfo g = report.gpus().getFirst();
                return new Choice(new Device(Device.Kind.CUDA, 0), CUDA_BACKEND, g,
                        "auto: using " + g.describe() + versions(report));
            }
            return new Choice(Device.CPU, CPU_BACKEND, null,
                    "auto: using cpu, because CUDA cannot be used: " + report.briefProblem().orElse("unknown reason"));
        }
        Device d;
        try {
            d = Device.parse(r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown device '" + request + "': expected cpu, cuda, cuda:N or auto", e);
        }
        if (d.kind() == Device.Kind.CPU) {
            return new Choice(Device.CPU, CPU_BACKEND, null, "using cpu");
        }
        CudaReport report = probe.get();
        String asked = "--device " + d;
        if (!report.usable()) {
            throw new CudaUnavailableException(report.refusal(asked), report);
        }
        if (d.index() >= report.gpus().size()) {
            StringBuilder sb = new StringBuilder(asked + " was requested, but this machine has "
                    + report.gpus().size() + " CUDA device(s):");
            report.gpus().forEach(g -> sb.append("\n  ").append(g.describe()));
            throw new CudaUnavailableException(sb.toString(), report);
        }
        GpuInfo g = report.gpus().get(d.index());
        return new Choice(d, CUDA_BACKEND, g, "using " + g.describe() + versions(report));
    }

    private static String versions(CudaReport report) {
        StringBuilder sb = new StringBuilder("; driver CUDA ").append(report.driverVersion());
        for (LibraryStatus l : report.libraries()) {
            if (l.ok() && !l.name().equals("CUDA driver")) {
                sb.append(", ").append(l.name()).append(' ').append(l.version());
            }
        }
        return sb.toString();
    }
}
