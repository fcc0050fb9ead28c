package dev.graft.runtime.cli;

import dev.graft.api.tensor.Backends;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.ReferenceBackend;
import dev.graft.cuda.CudaBackend;
import dev.graft.cuda.CudaOptions;
import dev.graft.cuda.DeviceSelection;
import dev.graft.cuda.Precision;
import dev.graft.runtime.cpu.CpuBackend;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --device}, {@code --precision}, {@code --threads} and {@code --backend} options every computing
 * command shares. The backend is chosen here, once, and passed down explicitly.
 */
public final class BackendOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--device", paramLabel = "cpu|cuda[:N]|auto",
            description = "where to compute; auto picks CUDA when a usable GPU and its libraries are found "
                    + "(default: ${DEFAULT-VALUE})")
    String device = "auto";

    @Option(names = "--precision", paramLabel = "fp32|tf32|bf16", defaultValue = "fp32",
            converter = PrecisionConverter.class,
            description = "GPU matrix-product precision (default: ${DEFAULT-VALUE}); the CPU always computes in fp32")
    Precision precision = Precision.FP32;

    @Option(names = "--threads", description = "CPU threads for the cpu backend (default: all cores)")
    Integer threads;

    @Option(names = "--backend", paramLabel = "reference",
            description = "use a named backend instead of --device, e.g. reference (the slow plain-loop oracle)")
    String backend;

    private String choiceMessage = "";

    /**
     * Creates the chosen backend.
     *
     * @throws ParameterException if {@code --threads} is below 1
     * @throws IllegalArgumentException listing what is available if the device or backend name is unknown
     * @throws dev.graft.cuda.CudaUnavailableException if CUDA was asked for and cannot be used
     */
    public ComputeBackend create() {
        if (threads != null && threads < 1) {
            throw new ParameterException(mixee.commandLine(), "--threads must be >= 1, got " + threads);
        }
        if (backend != null) {
            choiceMessage = "backend " + backend;
            return backend.equals(ReferenceBackend.NAME) ? new ReferenceBackend() : Backends.create(backend);
        }
        DeviceSelection.Choice choice = DeviceSelection.choose(device);
        choiceMessage = choice.message();
        if (choice.backendName().equals(DeviceSelection.CUDA_BACKEND)) {
            return new CudaBackend(CudaOptions.fromSystemProperties()
                    .withDevice(choice.device().index()).withPrecision(precision));
        }
        if (precision != Precision.FP32) {
            choiceMessage += "; --precision " + precision.id() + " is for GPUs, the CPU computes in fp32";
        }
        return threads == null ? new CpuBackend() : new CpuBackend(threads);
    }

    /** @return the one-line explanation of the last {@link #create()} choice (for run records and stderr) */
    public String choiceMessage() {
        return choiceMessage;
    }

    /** @return the thread count in effect for the CPU backend */
    public int threadsOrDefault() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** Reads {@code --precision} as {@link Precision#parse} does: fp32, tf32 or bf16, in any case. */
    static final class PrecisionConverter implements ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            try {
                return Precision.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
