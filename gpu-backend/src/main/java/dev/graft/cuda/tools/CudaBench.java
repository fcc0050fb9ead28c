package dev.graft.cuda.tools;

import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.GemmSpec;
import dev.graft.api.tensor.Storage;
import dev.graft.api.tensor.UnaryOp;
import dev.graft.cuda.CudaBackend;
import dev.graft.cuda.CudaOptions;
import dev.graft.cuda.Precision;
import java.util.Locale;

/**
 * Kernel-level measurements of the CUDA backend, printed in the shape of {@code torch_gpu_anchor.py}'s lines so
 * the two can be read side by side: GEMM 8192³ in fp32 (strict), TF32 and bf16; tanh-GELU bandwidth; and the
 * cost of one kernel launch from the calling thread and from the device thread. Needs a GPU. Timings use CUDA
 * events (GPU time) except the launch costs (wall time).
 */
public final class CudaBench {
    private CudaBench() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        CudaOptions base = CudaOptions.fromSystemProperties();
        int n = 8192;
        for (Precision p : Precision.values()) {
            try (CudaBackend cuda = new CudaBackend(base.withPrecision(p))) {
                Storage a = cuda.allocate(DType.F32, (long) n * n);
                Storage b = cuda.allocate(DType.F32, (long) n * n);
                Storage c = cuda.allocate(DType.F32, (long) n * n);
                cuda.fill(a, 0, (long) n * n, 0.01f);
                cuda.fill(b, 0, (long) n * n, 0.02f);
                GemmSpec spec = GemmSpec.of(n, n, n, false, false);
                Runnable gemm = () -> cuda.gemm(spec, a, 0, b, 0, c, 0, null, 0f);
                for (int i = 0; i < 3; i++) {
                    gemm.run();
                }
                float ms = cuda.timeMillis(() -> {
                    for (int i = 0; i < 10; i++) {
                        gemm.run();
                    }
                }) / 10;
                System.out.printf(Locale.ROOT, "GRAFT_GEMM %s %d^3: %.1f TFLOP/s%s%n", label(p), n,
                        2.0 * n * n * n / (ms / 1e3) / 1e12, p == Precision.BF16 ? " (including the fp32->bf16 operand casts)" : "");
            }
        }
        try (CudaBackend cuda = new CudaBackend(base)) {
            long len = 1L << 28;
            Storage x = cuda.allocate(DType.F32, len);
            cuda.fill(x, 0, len, 0.5f);
            cuda.unary(UnaryOp.GELU_TANH, x, x, len);
            float ms = cuda.timeMillis(() -> {
                for (int i = 0; i < 20; i++) {
                    cuda.unary(UnaryOp.GELU_TANH, x, x, len);
                }
            }) / 20;
            System.out.printf(Locale.ROOT, "GRAFT gelu(tanh): %.1f GB/s%n", 8.0 * len / (ms / 1e3) / 1e9);

            Storage tiny = cuda.allocate(DType.F32, 1);
            int launches = 20_000;
            for (int i = 0; i < 1000; i++) {
                cuda.unary(UnaryOp.TANH, tiny, tiny, 1);
            }
            cuda.synchronize();
            long t0 = System.nanoTime();
            for (int i = 0; i < launches; i++) {
                cuda.unary(UnaryOp.TANH, tiny, tiny, 1);
            }
            cuda.synchronize();
            double fromCaller = (System.nanoTime() - t0) / 1e3 / launches;
            long t1 = System.nanoTime();
            cuda.onDevice(() -> {
                for (int i = 0; i < launches; i++) {
                    cuda.unary(UnaryOp.TANH, tiny, tiny, 1);
                }
                return null;
            });
            cuda.synchronize();
            double onDevice = (System.nanoTime() - t1) / 1e3 / launches;
            System.out.printf(Locale.ROOT, "GRAFT launch: %.2f us per kernel from the calling thread, %.2f us on the "
                    + "device thread%n", fromCaller, onDevice);
        }
    }

    private static String label(Precision p) {
        return switch (p) {
            case FP32 -> "fp32 strict";
            case TF32 -> "tf32";
            case BF16 -> "bf16";
        };
    }
}
