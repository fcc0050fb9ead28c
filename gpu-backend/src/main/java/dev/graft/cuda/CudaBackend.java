package dev.graft.cuda;

import dev.graft.api.tensor.AdamWStep;
import dev.graft.api.tensor.AttentionSpec;
import dev.graft.api.tensor.BinaryOp;
import dev.graft.api.tensor.Broadcast;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.Device;
import dev.graft.api.tensor.GemmSpec;
import dev.graft.api.tensor.ReduceOp;
import dev.graft.api.tensor.Storage;
import dev.graft.api.tensor.UnaryOp;
import dev.graft.cuda.ffm.LibraryLocator;
import dev.graft.cuda.memory.AllocatorStats;
import dev.graft.cuda.runtime.CudaLibraries;
import dev.graft.cuda.runtime.CudaRuntime;
import dev.graft.cuda.runtime.CudaStorage;
import dev.graft.cuda.runtime.DeviceThread;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The {@code cuda} compute backend: the kernel SPI on an NVIDIA GPU, through the CUDA driver API, NVRTC and
 * cuBLAS/cuBLASLt of the installed CUDA 12 or 13, bound with FFM.
 *
 * <h2>Life cycle</h2>
 * Constructing a backend touches nothing (so {@link java.util.ServiceLoader} can list it on any machine). The
 * first call that needs the GPU probes the machine, creates the context on a dedicated platform thread (the
 * device thread: every CUDA call of this backend runs there) and compiles kernels on first use, caching
 * them on disk ({@link CudaOptions#cacheRoot()}). Where CUDA cannot be used, that first call throws
 * {@link CudaUnavailableException} listing what was looked for. {@link #close()} waits for the GPU and frees
 * everything.
 *
 * <h2>Threads and ordering</h2>
 * The backend is used from one thread at a time, as the SPI says. Kernels are queued (the calling thread
 * does not wait for the launch, let alone the GPU); calls that return data ({@code download}, {@code dot})
 * wait for everything queued before them. An error of a queued kernel is reported by the next call, as an
 * {@link DeviceThread.AsynchronousFailure}; the backend is unusable afterwards. {@link #onDevice} runs a
 * block (a whole training step) on the device thread, where every kernel launches without hand-over.
 *
 * <h2>Memory</h2>
 * Storages come from a caching allocator. They return to its cache when their {@link ReleaseScope} closes,
 * on {@link #release}, or, as a backstop, when they become unreachable. Supported dtypes: F32 and I32.
 *
 * <h2>Precision and determinism</h2>
 * {@link CudaOptions#precision()} chooses fp32, TF32 or bf16 GEMMs; every other kernel computes in fp32.
 * Every kernel has a fixed order of floating-point operations, so repeated runs on one GPU are
 * bit-identical; results differ from the CPU backends by rounding only, except AdamW, dropout and
 * {@code indexAdd}, which match the reference bit for bit. Kernels that the reference rejects with an
 * exception (a target or index out of range) produce NaN or skip the element here; the tensor layer checks
 * its arguments before calling.
 */
public final class CudaBackend implements ComputeBackend {
    /** The service name. */
    public static final String NAME = "cuda";

    private final CudaOptions options;
    private DeviceThread device;
    private CudaRuntime runtime;
    private CudaUnavailableException unavailable;
    private boolean closed;

    /** A backend configured from system properties ({@link CudaOptions#fromSystemProperties()}); lazy. */
    public CudaBackend() {
        this(CudaOptions.fromSystemProperties());
    }

    /**
     * A backend with explicit options; lazy: nothing is probed until the first kernel.
     *
     * @param options device, precision, cache
     */
    public CudaBackend(CudaOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Device device() {
        return new Device(Device.Kind.CUDA, options.deviceIndex());
    }

    /** @return the options */
    public CudaOptions options() {
        return options;
    }

    /**
     * @param backend any backend
     * @return the precision its matrix products use when it is a CUDA backend; empty for the others, which
     *         compute in fp32
     */
    public static Optional<Precision> precisionOf(ComputeBackend backend) {
        return backend instanceof CudaBackend cuda ? Optional.of(cuda.options.precision()) : Optional.empty();
    }

    private synchronized CudaRuntime start() {
        if (closed) {
            throw new IllegalStateException("this CUDA backend was closed");
        }
        if (runtime != null) {
            return runtime;
        }
        if (unavailable != null) {
            throw unavailable;
        }
        LibraryLocator locator = new LibraryLocator(LibraryLocator.Environment.system());
        CudaLibraries libs = new CudaLibraries(locator);
        CudaReport report = CudaProbe.probe(libs, locator);
        String asked = "the cuda backend (cuda:" + options.deviceIndex() + ")";
        if (!report.usable()) {
            unavailable = new CudaUnavailableException(report.refusal(asked), report);
            throw unavailable;
        }
        if (options.deviceIndex() >= report.gpus().size()) {
            unavailable = new CudaUnavailableException(asked + " was requested, but the machine has "
                    + report.gpus().size() + " CUDA device(s)", report);
            throw unavailable;
        }
        GpuInfo gpu = report.gpus().get(options.deviceIndex());
        DeviceThread t = new DeviceThread("graft-cuda-" + gpu.index());
        try {
            runtime = t.call(() -> new CudaRuntime(libs, gpu, options));
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        device = t;
        return runtime;
    }

    private void post(java.util.function.Consumer<CudaRuntime> op) {
        CudaRuntime r = start();
        device.post(() -> op.accept(r));
    }

    private <T> T call(java.util.function.Function<CudaRuntime, T> op) {
        CudaRuntime r = start();
        return device.call(() -> op.apply(r));
    }

    // ------------------------------------------------------------------ beyond the SPI

    /** @return the GPU this backend runs on (starts the backend) */
    public GpuInfo gpu() {
        return start().gpu();
    }

    /**
     * Runs {@code block} on the device thread and returns its result; backend calls inside it launch without
     * hand-over. The way to drive a whole training step, or to capture one ({@link #capture}).
     */
    public <T> T onDevice(Callable<T> block) {
        start();
        return device.call(block);
    }

    /** @return a new release scope; see {@link ReleaseScope} */
    public ReleaseScope openScope() {
        CudaRuntime r = start();
        return new ReleaseScope(device.call(() -> r.allocator().openScope()), device);
    }

    /** Returns a storage's memory to the cache now; using it afterwards throws. */
    public void release(Storage s) {
        post(r -> r.release(s));
    }

    /** Writes floats into an existing F32 storage, from element {@code offset} (the input of a captured step). */
    public void write(float[] data, Storage dst, long offset) {
        float[] copy = data.clone();
        call(r -> {
            r.write(copy, dst, offset);
            return null;
        });
    }

    /** Writes ints into an existing I32 storage, from element {@code offset}. */
    public void write(int[] data, Storage dst, long offset) {
        int[] copy = data.clone();
        call(r -> {
            r.write(copy, dst, offset);
            return null;
        });
    }

    /**
     * Captures the GPU work of {@code step} into a graph; {@code step} runs once, on the device thread, during
     * the capture (its kernels are recorded, not executed). See {@link StepGraph} for what can be captured.
     */
    public StepGraph capture(Runnable step) {
        CudaRuntime r = start();
        return new StepGraph(device.call(() -> r.capture(step)), device);
    }

    /** Waits until the GPU has finished everything queued. */
    public void synchronize() {
        call(r -> {
            r.synchronize();
            return null;
        });
    }

    /** @return milliseconds of GPU time taken by the work {@code block} queues (runs it on the device thread) */
    public float timeMillis(Runnable block) {
        return call(r -> r.timeMillis(block));
    }

    /** @return the caching allocator's books */
    public AllocatorStats memoryStats() {
        return call(CudaRuntime::stats);
    }

    /** @return {@code {compiled, fromCache}}: kernel modules compiled by NVRTC and read from the disk cache */
    public int[] kernelCacheCounts() {
        return call(r -> new int[] {r.compilations(), r.cacheHits()});
    }

    /** @return whether GEMM epilogues are fused by cuBLASLt (else run as separate kernels) */
    public boolean usesCublasLt() {
        return call(CudaRuntime::usesCublasLt);
    }

    /**
     * GEMM with a fused epilogue ({@link ComputeBackend#gemm} with {@code beta} 0 plus a GELU): {@code C =
     * gelu_tanh(op(A)·op(B) + bias)}, and for {@link Epilogue#GELU_AUX} also {@code aux = op(A)·op(B) + bias}
     * (aux laid out like C, from {@code auxOffset}).
     */
    public void gemmEpilogue(GemmSpec spec, Storage a, long aOffset, Storage b, long bOffset, Storage c, long cOffset,
                             Storage bias, Epilogue epilogue, Storage aux, long auxOffset) {
        post(r -> r.gemm(spec, a, aOffset, b, bOffset, c, cOffset, bias, 0f, epilogue, aux, auxOffset));
    }

    // ------------------------------------------------------------------ the SPI

    @Override
    public Storage allocate(DType dtype, long size) {
        return allocate(dtype, size, true);
    }

    @Override
    public Storage allocateForOverwrite(DType dtype, long size) {
        return allocate(dtype, size, false);
    }

    /**
     * Returns the storage at once; the device thread allocates its memory in submission order, so the caller
     * keeps queueing work instead of waiting for the device thread to catch up. An allocation that fails
     * (out of GPU memory) fails asynchronously: the next call throws and the backend stops.
     */
    private Storage allocate(DType dtype, long size, boolean zero) {
        if (dtype != DType.F32 && dtype != DType.I32) {
            throw new IllegalArgumentException("the CUDA backend allocates F32 or I32 storages, not " + dtype);
        }
        CudaStorage s = start().reserve(dtype, size);
        post(r -> r.bind(s, zero));
        return s;
    }

    @Override
    public Storage upload(float[] data) {
        return call(r -> r.upload(data));
    }

    @Override
    public Storage uploadInts(int[] data) {
        return call(r -> r.uploadInts(data));
    }

    @Override
    public void download(Storage src, long srcOffset, float[] dst, int dstOffset, int length) {
        call(r -> {
            r.download(src, srcOffset, dst, dstOffset, length);
            return null;
        });
    }

    @Override
    public void downloadInts(Storage src, long srcOffset, int[] dst, int dstOffset, int length) {
        call(r -> {
            r.downloadInts(src, srcOffset, dst, dstOffset, length);
            return null;
        });
    }

    @Override
    public void fill(Storage dst, long offset, long length, float value) {
        post(r -> r.fill(dst, offset, length, value));
    }

    @Override
    public void copyStrided(Storage src, long srcOffset, long[] srcStrides, Storage dst, long dstOffset,
                            long[] dstStrides, int[] shape) {
        long[] ss = srcStrides.clone();
        long[] ds = dstStrides.clone();
        int[] sh = shape.clone();
        post(r -> r.strided(src, srcOffset, ss, dst, dstOffset, ds, sh, false));
    }

    @Override
    public void addStrided(Storage src, long srcOffset, long[] srcStrides, Storage dst, long dstOffset,
                           long[] dstStrides, int[] shape) {
        long[] ss = srcStrides.clone();
        long[] ds = dstStrides.clone();
        int[] sh = shape.clone();
        post(r -> r.strided(src, srcOffset, ss, dst, dstOffset, ds, sh, true));
    }

    @Override
    public void gemm(GemmSpec spec, Storage a, long aOffset, Storage b, long bOffset, Storage c, long cOffset,
                     Storage bias, float beta) {
        post(r -> r.gemm(spec, a, aOffset, b, bOffset, c, cOffset, bias, beta, Epilogue.BIAS, null, 0));
    }

    @Override
    public void unary(UnaryOp op, Storage x, Storage out, long n) {
        post(r -> r.unary(op, x, out, n));
    }

    @Override
    public void unaryBackward(UnaryOp op, Storage x, Storage gradOut, Storage gradIn, long n) {
        post(r -> r.unaryBackward(op, x, gradOut, gradIn, n));
    }

    @Override
    public void affine(Storage x, float alpha, float beta, Storage out, long n) {
        post(r -> r.affine(x, alpha, beta, out, n));
    }

    @Override
    public void axpy(float alpha, Storage x, Storage y, long n) {
        post(r -> r.axpy(alpha, x, y, n));
    }

    @Override
    public void binary(BinaryOp op, Storage a, Storage b, Storage out, Broadcast bc) {
        post(r -> r.binary(op, a, b, out, bc));
    }

    @Override
    public void sumToShape(Storage x, int[] xShape, Storage out, int[] outShape) {
        int[] xs = xShape.clone();
        int[] os = outShape.clone();
        post(r -> r.sumToShape(x, xs, out, os));
    }

    @Override
    public void reduce(ReduceOp op, Storage x, int outer, int reduced, int inner, Storage out) {
        post(r -> r.reduce(op, x, outer, reduced, inner, out));
    }

    @Override
    public void argmax(Storage x, int rows, int cols, Storage out) {
        post(r -> r.argmax(x, rows, cols, out));
    }

    @Override
    public double dot(Storage x, Storage y, long n) {
        return call(r -> r.dot(x, y, n));
    }

    @Override
    public void softmax(Storage x, Storage out, int rows, int cols) {
        post(r -> r.softmax(x, out, rows, cols, false));
    }

    @Override
    public void softmaxBackward(Storage y, Storage gy, Storage gx, int rows, int cols) {
        post(r -> r.softmaxBackward(y, gy, gx, rows, cols, false));
    }

    @Override
    public void logSoftmax(Storage x, Storage out, int rows, int cols) {
        post(r -> r.softmax(x, out, rows, cols, true));
    }

    @Override
    public void logSoftmaxBackward(Storage y, Storage gy, Storage gx, int rows, int cols) {
        post(r -> r.softmaxBackward(y, gy, gx, rows, cols, true));
    }

    @Override
    public void crossEntropy(Storage logits, Storage targets, int rows, int cols, int ignoreIndex, float smoothing,
                             Storage loss, Storage lse) {
        post(r -> r.crossEntropy(logits, targets, rows, cols, ignoreIndex, smoothing, loss, lse));
    }

    @Override
    public void crossEntropyBackward(Storage logits, Storage lse, Storage targets, int rows, int cols, int ignoreIndex,
                                     float smoothing, float scale, Storage grad) {
        post(r -> r.crossEntropyBackward(logits, lse, targets, rows, cols, ignoreIndex, smoothing, scale, grad));
    }

    @Override
    public void layerNorm(Storage x, Storage gamma, Storage beta, int rows, int cols, float eps, Storage out,
                          Storage mean, Storage rstd) {
        post(r -> r.layerNorm(x, gamma, beta, rows, cols, eps, out, mean, rstd));
    }

    @Override
    public void layerNormBackward(Storage x, Storage gamma, Storage mean, Storage rstd, Storage gy, int rows, int cols,
                                  Storage gx, Storage gGamma, Storage gBeta) {
        post(r -> r.layerNormBackward(x, gamma, mean, rstd, gy, rows, cols, gx, gGamma, gBeta));
    }

    @Override
    public void rmsNorm(Storage x, Storage gamma, int rows, int cols, float eps, Storage out, Storage rstd) {
        post(r -> r.rmsNorm(x, gamma, rows, cols, eps, out, rstd));
    }

    @Override
    public void rmsNormBackward(Storage x, Storage gamma, Storage rstd, Storage gy, int rows, int cols, Storage gx,
                                Storage gGamma) {
        post(r -> r.rmsNormBackward(x, gamma, rstd, gy, rows, cols, gx, gGamma));
    }

    @Override
    public void indexSelect(Storage src, int outer, int srcRows, int inner, Storage idx, int n, Storage out) {
        post(r -> r.indexSelect(src, outer, srcRows, inner, idx, n, out));
    }

    @Override
    public void indexAdd(Storage grad, int outer, int dstRows, int inner, Storage idx, int n, Storage dst) {
        post(r -> r.indexAdd(grad, outer, dstRows, inner, idx, n, dst));
    }

    @Override
    public void attention(AttentionSpec spec, Storage q, Storage k, Storage v, Storage mask, Storage bias, Storage out,
                          Storage lse) {
        post(r -> r.attention(spec, q, k, v, mask, bias, out, lse));
    }

    @Override
    public void attentionBackward(AttentionSpec spec, Storage q, Storage k, Storage v, Storage mask, Storage bias,
                                  Storage out, Storage lse, Storage gOut, Storage gq, Storage gk, Storage gv,
                                  Storage gBias) {
        post(r -> r.attentionBackward(spec, q, k, v, mask, bias, out, lse, gOut, gq, gk, gv, gBias));
    }

    @Override
    public void dropout(Storage x, Storage out, long n, float p, long seed, long offset) {
        post(r -> r.dropout(x, out, n, p, seed, offset));
    }

    @Override
    public void adamw(Storage param, Storage grad, Storage m, Storage v, long n, AdamWStep step) {
        post(r -> r.adamw(param, grad, m, v, n, step));
    }

    /** Waits for the GPU, frees every storage, kernel and handle, and stops the device thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (runtime != null) {
            try {
                device.run(runtime::close);
            } finally {
                device.close();
            }
        }
    }
}
