package dev.graft.runtime.cpu;

import dev.graft.api.tensor.AdamWStep;
import dev.graft.api.tensor.AttentionSpec;
import dev.graft.api.tensor.BinaryOp;
import dev.graft.api.tensor.Broadcast;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.Device;
import dev.graft.api.tensor.GemmSpec;
import dev.graft.api.tensor.HeapStorage;
import dev.graft.api.tensor.ReduceOp;
import dev.graft.api.tensor.Storage;
import dev.graft.api.tensor.UnaryOp;

import java.util.Objects;

/**
 * The fast pure-Java CPU backend ({@code "cpu"}): every kernel of {@link ComputeBackend} vectorised
 * with the Vector API ({@code FloatVector.SPECIES_PREFERRED}) and spread over a small fixed pool of
 * platform threads that this instance owns.
 *
 * <ul>
 *   <li><b>Storage.</b> Storages are {@link HeapStorage}s, the same type the {@code reference} backend
 *       uses, so a storage of either backend may be passed to the other. Arrays given back through
 *       {@link #release} (the gradients a backward pass has consumed) are reused by the next allocations of
 *       their length ({@link FreeArrays}); with the system property {@code graft.cpu.poison=true}, storages
 *       allocated for overwriting start as NaN, which the test suite uses to prove that every kernel writes
 *       the whole of its output.</li>
 *   <li><b>Threads.</b> {@code new CpuBackend(n)} uses the calling thread plus {@code n − 1} daemon
 *       threads, started in the constructor and stopped by {@link #close()}; the no-argument constructor
 *       (used by {@link java.util.ServiceLoader}) uses one thread per available processor. Like every
 *       backend, an instance is used from one thread at a time.</li>
 *   <li><b>Determinism.</b> Work is split by output elements, rows or fixed-size blocks whose bounds
 *       depend only on the shapes, and partial sums are combined in a fixed order, so every kernel gives
 *       bit-identical results for the same inputs whatever the thread count. Transcendental functions
 *       are computed from arithmetic only, so compiled and interpreted code agree too.</li>
 *   <li><b>Agreement with the reference.</b> Dropout draws the same mask (same {@code CounterRng}
 *       stream), AdamW, {@code affine}, {@code axpy}, binary ops and copies give the reference's bits;
 *       the rest agree within float rounding (GEMM and reductions accumulate in float, not double).</li>
 * </ul>
 *
 * @see dev.graft.api.tensor.ReferenceBackend
 */
public final class CpuBackend implements ComputeBackend {
    /*
     * Kernels live in package-private classes, one per family: Gemm (+ MicroKernels, Transpose),
     * Elementwise, Strided, Reductions, RowOps, Gather, Attention; VMath holds the vectorised
     * transcendental functions and WorkerPool the threads. This class checks storages and forwards.
     */

    /** The service name. */
    public static final String NAME = "cpu";

    private final WorkerPool pool;
    private final Gemm gemm;
    private final Elementwise elementwise;
    private final Strided strided;
    private final Reductions reductions;
    private final RowOps rowOps;
    private final Gather gather;
    private final Attention attention;
    private final FreeArrays freeArrays = FreeArrays.forHeap();

    /** Creates a backend with one worker per available processor. */
    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Creates a backend with a fixed number of workers.
     *
     * @param threads workers including the calling thread, {@code >= 1}
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public CpuBackend(int threads) {
        this.pool = new WorkerPool(threads, "graft-cpu");
        this.gemm = new Gemm(pool);
        this.elementwise = new Elementwise(pool);
        this.strided = new Strided(pool);
        this.reductions = new Reductions(pool);
        this.rowOps = new RowOps(pool);
        this.gather = new Gather(pool);
        this.attention = new Attention(pool);
    }

    /** @return the number of workers, including the calling thread */
    public int threads() {
        return pool.size();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public void close() {
        pool.close();
        freeArrays.clear();
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Storage allocate(DType dtype, long size) {
        return pooled(dtype, size) ? HeapStorage.ofFloats(freeArrays.zeroed((int) size)) : HeapStorage.allocate(dtype, size);
    }

    @Override
    public Storage allocateForOverwrite(DType dtype, long size) {
        return pooled(dtype, size) ? HeapStorage.ofFloats(freeArrays.forOverwrite((int) size))
                : HeapStorage.allocate(dtype, size);
    }

    private static boolean pooled(DType dtype, long size) {
        return dtype == DType.F32 && size >= 0 && size <= Integer.MAX_VALUE - 8;
    }

    /** Keeps the storage's array for the next allocation of its length (see {@link FreeArrays}). */
    @Override
    public void release(Storage storage) {
        if (storage instanceof HeapStorage h && h.floats != null) {
            freeArrays.give(h.floats);
        }
    }

    @Override
    public Storage upload(float[] data) {
        return HeapStorage.ofFloats(data.clone());
    }

    @Override
    public Storage uploadInts(int[] data) {
        return HeapStorage.ofInts(data.clone());
    }

    @Override
    public void download(Storage src, long srcOffset, float[] dst, int dstOffset, int length) {
        System.arraycopy(f(src), Math.toIntExact(srcOffset), dst, dstOffset, length);
    }

    @Override
    public void downloadInts(Storage src, long srcOffset, int[] dst, int dstOffset, int length) {
        System.arraycopy(i(src), Math.toIntExact(srcOffset), dst, dstOffset, length);
    }

    @Override
    public void fill(Storage dst, long offset, long length, float value) {
        float[] d = f(dst);
        checkRange("fill", d.length, offset, length);
        elementwise.fill(d, (int) offset, (int) length, value);
    }

    @Override
    public void copyStrided(Storage src, long srcOffset, long[] srcStrides,
                            Storage dst, long dstOffset, long[] dstStrides, int[] shape) {
        checkRank(srcStrides, dstStrides, shape);
        HeapStorage s = heap(src);
        HeapStorage d = heap(dst);
        if (s.dtype() != d.dtype()) {
            throw new IllegalArgumentException("copyStrided needs storages of one dtype, got " + s.dtype()
                    + " and " + d.dtype());
        }
        if (s.floats != null) {
            strided.copy(s.floats, Math.toIntExact(srcOffset), srcStrides, d.floats, Math.toIntExact(dstOffset),
                    dstStrides, shape);
        } else {
            strided.copyInts(s.ints, Math.toIntExact(srcOffset), srcStrides, d.ints, Math.toIntExact(dstOffset),
                    dstStrides, shape);
        }
    }

    @Override
    public void addStrided(Storage src, long srcOffset, long[] srcStrides,
                           Storage dst, long dstOffset, long[] dstStrides, int[] shape) {
        checkRank(srcStrides, dstStrides, shape);
        strided.add(f(src), Math.toIntExact(srcOffset), srcStrides, f(dst), Math.toIntExact(dstOffset), dstStrides,
                shape);
    }

    // ---------------------------------------------------------------- GEMM

    @Override
    public void gemm(GemmSpec spec, Storage a, long aOffset, Storage b, long bOffset,
                     Storage c, long cOffset, Storage bias, float beta) {
        float[] av = f(a);
        float[] bv = f(b);
        float[] cv = f(c);
        float[] biasv = bias == null ? null : f(bias);
        long last = spec.batch() - 1L;
        checkRange("gemm A", av.length, aOffset + Math.min(0, last * spec.strideA()),
                (long) spec.m() * spec.k() + Math.abs(last * spec.strideA()));
        checkRange("gemm B", bv.length, bOffset + Math.min(0, last * spec.strideB()),
                (long) spec.k() * spec.n() + Math.abs(last * spec.strideB()));
        checkRange("gemm C", cv.length, cOffset + Math.min(0, last * spec.strideC()),
                (long) spec.m() * spec.n() + Math.abs(last * spec.strideC()));
        if (biasv != null && biasv.length < spec.n()) {
            throw new IllegalArgumentException("gemm bias has " + biasv.length + " elements, expected n = " + spec.n());
        }
        gemm.gemm(spec, av, aOffset, bv, bOffset, cv, cOffset, biasv, beta);
    }

    // ---------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, Storage x, Storage out, long n) {
        elementwise.unary(op, f(x), f(out), len(n));
    }

    @Override
    public void unaryBackward(UnaryOp op, Storage x, Storage gradOut, Storage gradIn, long n) {
        elementwise.unaryBackward(op, f(x), f(gradOut), f(gradIn), len(n));
    }

    @Override
    public void affine(Storage x, float alpha, float beta, Storage out, long n) {
        elementwise.affine(f(x), alpha, beta, f(out), len(n));
    }

    @Override
    public void axpy(float alpha, Storage x, Storage y, long n) {
        elementwise.axpy(alpha, f(x), f(y), len(n));
    }

    @Override
    public void binary(BinaryOp op, Storage a, Storage b, Storage out, Broadcast bc) {
        elementwise.binary(op, f(a), f(b), f(out), bc);
    }

    @Override
    public void sumToShape(Storage x, int[] xShape, Storage out, int[] outShape) {
        if (xShape.length != outShape.length) {
            throw new IllegalArgumentException("sumToShape needs shapes of one rank, got "
                    + java.util.Arrays.toString(xShape) + " and " + java.util.Arrays.toString(outShape));
        }
        for (int d = 0; d < xShape.length; d++) {
            if (outShape[d] != 1 && outShape[d] != xShape[d]) {
                throw new IllegalArgumentException("cannot sum " + java.util.Arrays.toString(xShape) + " to "
                        + java.util.Arrays.toString(outShape) + " (dimension " + d + ")");
            }
        }
        reductions.sumToShape(f(x), xShape, f(out), outShape);
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public void reduce(ReduceOp op, Storage x, int outer, int reduced, int inner, Storage out) {
        reductions.reduce(op, f(x), outer, reduced, inner, f(out));
    }

    @Override
    public void argmax(Storage x, int rows, int cols, Storage out) {
        reductions.argmax(f(x), rows, cols, i(out));
    }

    @Override
    public double dot(Storage x, Storage y, long n) {
        return reductions.dot(f(x), f(y), len(n));
    }

    // ---------------------------------------------------------------- softmax and losses

    @Override
    public void softmax(Storage x, Storage out, int rows, int cols) {
        rowOps.softmax(f(x), f(out), rows, cols);
    }

    @Override
    public void softmaxBackward(Storage y, Storage gy, Storage gx, int rows, int cols) {
        rowOps.softmaxBackward(f(y), f(gy), f(gx), rows, cols);
    }

    @Override
    public void logSoftmax(Storage x, Storage out, int rows, int cols) {
        rowOps.logSoftmax(f(x), f(out), rows, cols);
    }

    @Override
    public void logSoftmaxBackward(Storage y, Storage gy, Storage gx, int rows, int cols) {
        rowOps.logSoftmaxBackward(f(y), f(gy), f(gx), rows, cols);
    }

    @Override
    public void crossEntropy(Storage logits, Storage targets, int rows, int cols, int ignoreIndex,
                             float smoothing, Storage loss, Storage lse) {
        rowOps.crossEntropy(f(logits), i(targets), rows, cols, ignoreIndex, smoothing, f(loss), f(lse));
    }

    @Override
    public void crossEntropyBackward(Storage logits, Storage lse, Storage targets, int rows, int cols,
                                     int ignoreIndex, float smoothing, float scale, Storage grad) {
        rowOps.crossEntropyBackward(f(logits), f(lse), i(targets), rows, cols, ignoreIndex, smoothing, scale, f(grad));
    }

    // ---------------------------------------------------------------- normalisation

    @Override
    public void layerNorm(Storage x, Storage gamma, Storage beta, int rows, int cols, float eps,
                          Storage out, Storage mean, Storage rstd) {
        rowOps.layerNorm(f(x), f(gamma), beta == null ? null : f(beta), rows, cols, eps, f(out), f(mean), f(rstd));
    }

    @Override
    public void layerNormBackward(Storage x, Storage gamma, Storage mean, Storage rstd, Storage gy,
                                  int rows, int cols, Storage gx, Storage gGamma, Storage gBeta) {
        rowOps.layerNormBackward(f(x), f(gamma), f(mean), f(rstd), f(gy), rows, cols, f(gx),
                gGamma == null ? null : f(gGamma), gBeta == null ? null : f(gBeta));
    }

    @Override
    public void rmsNorm(Storage x, Storage gamma, int rows, int cols, float eps, Storage out, Storage rstd) {
        rowOps.rmsNorm(f(x), f(gamma), rows, cols, eps, f(out), f(rstd));
    }

    @Override
    public void rmsNormBackward(Storage x, Storage gamma, Storage rstd, Storage gy, int rows, int cols,
                                Storage gx, Storage gGamma) {
        rowOps.rmsNormBackward(f(x), f(gamma), f(rstd), f(gy), rows, cols, f(gx), gGamma == null ? null : f(gGamma));
    }

    // ---------------------------------------------------------------- gather / scatter

    @Override
    public void indexSelect(Storage src, int outer, int srcRows, int inner, Storage idx, int n, Storage out) {
        gather.indexSelect(f(src), outer, srcRows, inner, i(idx), n, f(out));
    }

    @Override
    public void indexAdd(Storage grad, int outer, int dstRows, int inner, Storage idx, int n, Storage dst) {
        gather.indexAdd(f(grad), outer, dstRows, inner, i(idx), n, f(dst));
    }

    // ---------------------------------------------------------------- attention

    @Override
    public void attention(AttentionSpec spec, Storage q, Storage k, Storage v, Storage mask, Storage bias,
                          Storage out, Storage lse) {
        attention.forward(spec, f(q), f(k), f(v), mask == null ? null : f(mask), bias == null ? null : f(bias),
                f(out), f(lse));
    }

    @Override
    public void attentionBackward(AttentionSpec spec, Storage q, Storage k, Storage v, Storage mask, Storage bias,
                                  Storage out, Storage lse, Storage gOut,
                                  Storage gq, Storage gk, Storage gv, Storage gBias) {
        attention.backward(spec, f(q), f(k), f(v), mask == null ? null : f(mask), bias == null ? null : f(bias),
                f(out), f(lse), f(gOut), f(gq), f(gk), f(gv), gBias == null ? null : f(gBias));
    }

    // ---------------------------------------------------------------- dropout and optimizer

    @Override
    public void dropout(Storage x, Storage out, long n, float p, long seed, long offset) {
        elementwise.dropout(f(x), f(out), len(n), p, seed, offset);
    }

    @Override
    public void adamw(Storage param, Storage grad, Storage m, Storage v, long n, AdamWStep step) {
        elementwise.adamw(f(param), f(grad), f(m), f(v), len(n), step);
    }

    // ---------------------------------------------------------------- helpers

    private static HeapStorage heap(Storage s) {
        Objects.requireNonNull(s, "storage");
        if (!(s instanceof HeapStorage h)) {
            throw new IllegalArgumentException("the cpu backend computes on heap storages, got a "
                    + s.getClass().getSimpleName() + " on " + s.device());
        }
        return h;
    }

    private static float[] f(Storage s) {
        float[] a = heap(s).floats;
        if (a == null) {
            throw new IllegalArgumentException("expected an F32 storage, got " + s.dtype());
        }
        return a;
    }

    private static int[] i(Storage s) {
        int[] a = heap(s).ints;
        if (a == null) {
            throw new IllegalArgumentException("expected an I32 storage, got " + s.dtype());
        }
        return a;
    }

    private static int len(long n) {
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("element count out of range for a heap storage: " + n);
        }
        return (int) n;
    }

    private static void checkRange(String what, int length, long offset, long count) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IllegalArgumentException(what + ": elements [" + offset + ", " + (offset + count)
                    + ") are outside the storage of " + length + " elements");
        }
    }

    private static void checkRank(long[] ss, long[] ds, int[] shape) {
        if (ss.length != shape.length || ds.length != shape.length) {
            throw new IllegalArgumentException("strided copy: shape rank " + shape.length + " but strides of rank "
                    + ss.length + " and " + ds.length);
        }
    }
}
