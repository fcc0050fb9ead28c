package dev.graft.cuda.runtime;

import dev.graft.api.tensor.AdamWStep;
import dev.graft.api.tensor.AttentionSpec;
import dev.graft.api.tensor.BinaryOp;
import dev.graft.api.tensor.Broadcast;
import dev.graft.api.tensor.DType;
import dev.graft.api.tensor.Device;
import dev.graft.api.tensor.GemmSpec;
import dev.graft.api.tensor.ReduceOp;
import dev.graft.api.tensor.Shapes;
import dev.graft.api.tensor.Storage;
import dev.graft.api.tensor.UnaryOp;
import dev.graft.cuda.AttentionKernel;
import dev.graft.cuda.CudaOptions;
import dev.graft.cuda.Epilogue;
import dev.graft.cuda.GpuInfo;
import dev.graft.cuda.Precision;
import dev.graft.cuda.ffm.Cublas;
import dev.graft.cuda.ffm.CublasLt;
import dev.graft.cuda.ffm.Driver;
import dev.graft.cuda.ffm.Nvrtc;
import dev.graft.cuda.kernels.AttentionGemms;
import dev.graft.cuda.kernels.AttentionPlan;
import dev.graft.cuda.kernels.CompileTarget;
import dev.graft.cuda.kernels.GemmPlan;
import dev.graft.cuda.kernels.KernelArgs;
import dev.graft.cuda.kernels.KernelCache;
import dev.graft.cuda.kernels.KernelCompiler;
import dev.graft.cuda.kernels.KernelImages;
import dev.graft.cuda.kernels.KernelSources;
import dev.graft.cuda.kernels.KernelModule;
import dev.graft.cuda.kernels.KernelSignatures;
import dev.graft.cuda.kernels.NdIter;
import dev.graft.cuda.kernels.SumPlan;
import dev.graft.cuda.memory.AllocatorStats;
import dev.graft.cuda.memory.CachingAllocator;
import dev.graft.cuda.memory.DeviceMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one CUDA backend holds on its GPU (context, stream, cuBLAS handles, kernels, memory) and the
 * implementation of every kernel of the SPI. Every method must run on the backend's device thread, where the
 * context is current; {@link dev.graft.cuda.CudaBackend} routes the SPI calls there.
 */
public final class CudaRuntime implements AutoCloseable {
    private static final int STAGING_BYTES = 8 << 20;
    private static final int BLAS_WORKSPACE_BYTES = 32 << 20;
    private static final int THREADS = 256;

    private final CudaOptions options;
    private final Device device;
    private final GpuInfo gpu;
    private final Driver driver;
    private final Cublas cublas;
    private final CublasLt lt;
    private final int cuDevice;
    private final MemorySegment stream;
    private final MemorySegment blasHandle;
    private final MemorySegment ltHandle;
    private final CachingAllocator allocator;
    private final CachingAllocator.Block blasWorkspace;
    private final KernelImages images;
    private final Map<String, MemorySegment> modules = new HashMap<>();
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private final Map<LtKey, LtPlan> ltPlans = new HashMap<>();
    private final Map<String, List<KernelSignatures.Kind>> signatures = new HashMap<>();
    private final Arena arena = Arena.ofShared();
    private final KernelArgs args;
    private final MemorySegment struct;
    private final MemorySegment scalars;
    private final MemorySegment attrScratch;
    private final MemorySegment staging;
    private final Cleaner cleaner = Cleaner.create();
    private final String compilerVersion;
    private boolean capturing;
    private boolean closed;

    /**
     * Sets up a device. Must run on the device thread, which it makes the context's thread.
     *
     * @param libs    the loaded libraries (driver, NVRTC and cuBLAS present)
     * @param gpu     the device, as probed
     * @param options the backend's options
     */
    public CudaRuntime(CudaLibraries libs, GpuInfo gpu, CudaOptions options) {
        this.options = options;
        this.gpu = gpu;
        this.device = new Device(Device.Kind.CUDA, gpu.index());
        this.driver = libs.driver().orElseThrow();
        Nvrtc nvrtc = libs.nvrtc().orElseThrow();
        this.cublas = libs.cublas().orElseThrow();
        this.lt = options.useCublasLt() ? libs.cublasLt().orElse(null) : null;
        driver.init();
        cuDevice = driver.device(gpu.index());
        MemorySegment ctx = driver.retainPrimaryContext(cuDevice);
        driver.setCurrent(ctx);
        stream = driver.createStream(1);
        args = new KernelArgs(arena);
        struct = arena.allocate(512, 16);
        scalars = arena.allocate(16, 16);
        attrScratch = arena.allocate(16, 16);
        staging = driver.allocHost(STAGING_BYTES);
        allocator = new CachingAllocator(new DeviceMemory() {
            @Override
            public long allocate(long bytes) {
                return driver.memAlloc(bytes);
            }

            @Override
            public void free(long address) {
                driver.memFree(address);
            }

            @Override
            public String describeUsage() {
                long[] info = driver.memInfo();
                return String.format(java.util.Locale.ROOT, "the device has %.2f GiB free of %.2f GiB",
                        info[0] / (double) (1L << 30), info[1] / (double) (1L << 30));
            }
        });
        blasHandle = cublas.create();
        cublas.setStream(blasHandle, stream);
        cublas.setMathMode(blasHandle, Cublas.DEFAULT_MATH);
        blasWorkspace = allocator.allocate(BLAS_WORKSPACE_BYTES);
        cublas.setWorkspace(blasHandle, blasWorkspace.address(), BLAS_WORKSPACE_BYTES);
        ltHandle = lt == null ? null : lt.createHandle();
        int[] v = nvrtc.version();
        compilerVersion = "nvrtc " + v[0] + "." + v[1];
        CompileTarget target = CompileTarget.choose(gpu.ccMajor(), gpu.ccMinor(), nvrtc.supportedArchs());
        images = new KernelImages(new KernelCache(options.cacheRoot()), new KernelCompiler() {
            @Override
            public byte[] compile(String name, String source, List<String> opts, boolean cubin) {
                return nvrtc.compile(source, name, opts, cubin).image();
            }

            @Override
            public String version() {
                return compilerVersion;
            }
        }, target);
    }

    /** @return the device */
    public Device device() {
        return device;
    }

    /** @return the GPU */
    public GpuInfo gpu() {
        return gpu;
    }

    /** @return the options */
    public CudaOptions options() {
        return options;
    }

    /** @return the kernel compile target */
    public CompileTarget target() {
        return images.target();
    }

    /** @return kernel modules compiled (not found in the cache) since start */
    public int compilations() {
        return images.compilations();
    }

    /** @return kernel modules read from the cache since start */
    public int cacheHits() {
        return images.cacheHits();
    }

    /** @return whether fused GEMM epilogues go through cuBLASLt */
    public boolean usesCublasLt() {
        return lt != null;
    }

    // ------------------------------------------------------------------ kernels and launches

    private MemorySegment function(KernelModule m, String kernel, Map<String, String> defines) {
        String fkey = m + "|" + defines + "|" + kernel;
        MemorySegment f = functions.get(fkey);
        if (f != null) {
            return f;
        }
        String mkey = m + "|" + defines;
        MemorySegment mod = modules.get(mkey);
        if (mod == null) {
            mod = load(m, defines);
            modules.put(mkey, mod);
        }
        f = driver.function(mod, kernel);
        functions.put(fkey, f);
        return f;
    }

    private MemorySegment load(KernelModule m, Map<String, String> defines) {
        signatures.putAll(KernelSignatures.parse(KernelSources.moduleSource(m)));
        KernelImages.Image img = images.get(m, defines);
        try {
            return loadImage(img.image());
        } catch (RuntimeException e) {
            if (!img.fromCache()) {
                throw e;
            }
            images.evict(img);
            return loadImage(images.get(m, defines).image());
        }
    }

    private MemorySegment loadImage(byte[] image) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment seg = a.allocate(image.length + 1L, 16);
            MemorySegment.copy(image, 0, seg, ValueLayout.JAVA_BYTE, 0, image.length);
            return driver.loadModule(seg);
        }
    }

    private KernelArgs args() {
        return args.reset();
    }

    private void launch(KernelModule m, String kernel, int gx, int gy, int bx, int by) {
        launch(m, kernel, Map.of(), gx, gy, bx, by);
    }

    private void launch(KernelModule m, String kernel, Map<String, String> defines, int gx, int gy, int bx, int by) {
        MemorySegment f = function(m, kernel, defines);
        KernelSignatures.check(kernel, signatures.get(kernel), args.kinds());
        driver.launch(f, gx, gy, 1, bx, by, 1, 0, stream, args.pointers(), kernel);
    }

    private int grid(long n) {
        long blocks = (n + THREADS - 1) / THREADS;
        long cap = (long) gpu.multiprocessors() * 32;
        return (int) Math.max(1, Math.min(blocks, cap));
    }

    private static int rowThreads(long cols) {
        int t = 32;
        while (t < cols && t < 1024) {
            t <<= 1;
        }
        return t;
    }

    private void elementwise(KernelModule m, String kernel, long n) {
        if (n > 0) {
            launch(m, kernel, grid(n), 1, THREADS, 1);
        }
    }

    // ------------------------------------------------------------------ memory

    private CudaStorage cs(Storage s) {
        Objects.requireNonNull(s, "storage");
        if (!(s instanceof CudaStorage c) || !c.ownedBy(this)) {
            throw new IllegalArgumentException("expected a storage of the CUDA backend on " + device + ", got " + s);
        }
        return c;
    }

    private CudaStorage f32(Storage s) {
        CudaStorage c = cs(s);
        if (c.dtype() != DType.F32) {
            throw new IllegalArgumentException("expected an F32 storage, got " + c.dtype());
        }
        return c;
    }

    private CudaStorage i32(Storage s) {
        CudaStorage c = cs(s);
        if (c.dtype() != DType.I32) {
            throw new IllegalArgumentException("expected an I32 storage, got " + c.dtype());
        }
        return c;
    }

    private long ptr(Storage s) {
        return s == null ? 0L : cs(s).address();
    }

    /**
     * Allocates a zero-filled storage.
     *
     * @throws IllegalArgumentException for dtypes other than F32, I32 and BF16
     */
    public CudaStorage allocate(DType dtype, long size) {
        CudaStorage s = reserve(dtype, size);
        bind(s, true);
        return s;
    }

    /**
     * A storage without memory yet, which {@link #bind} gives memory later on the device thread; safe from any
     * thread, so that an allocation need not wait for the device thread.
     *
     * @throws IllegalArgumentException for dtypes other than F32, I32 and BF16, or a negative size
     */
    public CudaStorage reserve(DType dtype, long size) {
        if (dtype != DType.F32 && dtype != DType.I32 && dtype != DType.BF16) {
            throw new IllegalArgumentException("the CUDA backend stores F32, I32 and BF16, not " + dtype);
        }
        if (size < 0) {
            throw new IllegalArgumentException("storage size must be >= 0, got " + size);
        }
        return new CudaStorage(dtype, size, device, this);
    }

    /**
     * Allocates a {@linkplain #reserve reserved} storage's memory, zero-filled in stream order if asked.
     *
     * @throws dev.graft.cuda.memory.DeviceOutOfMemoryException if the device has no room
     */
    public void bind(CudaStorage s, boolean zero) {
        long bytes = s.size() * s.dtype().byteSize();
        CachingAllocator.Block b = allocator.allocate(bytes);
        s.bind(b);
        cleaner.register(s, () -> allocator.releaseLater(b));
        if (zero && bytes > 0) {
            driver.memset8(b.address(), (byte) 0, bytes, stream);
        }
    }

    /** An uninitialised scratch buffer, released by the caller (in stream order, so right after the last use). */
    private CachingAllocator.Block scratch(long bytes) {
        return allocator.allocate(Math.max(bytes, 4));
    }

    /** Releases a storage's memory now. */
    public void release(Storage s) {
        allocator.release(cs(s).block());
    }

    /** @return the allocator (scopes, graph pools, statistics) */
    public CachingAllocator allocator() {
        return allocator;
    }

    /** @return allocator statistics */
    public AllocatorStats stats() {
        return allocator.stats();
    }

    private void requireNoCapture(String op) {
        if (capturing) {
            throw new IllegalStateException(op + " cannot run inside CUDA graph capture: it waits for the GPU or "
                    + "its arguments change every step; run it before or after the captured step");
        }
    }

    /** Copies host bytes to a device address (through the pinned staging buffer) and waits. */
    private void upload(MemorySegment host, long dst, long bytes) {
        requireNoCapture("an upload from the host");
        for (long done = 0; done < bytes; done += STAGING_BYTES) {
            long n = Math.min(STAGING_BYTES, bytes - done);
            MemorySegment.copy(host, done, staging, 0, n);
            driver.copyHtoD(dst + done, staging, n, stream);
            driver.synchronize(stream);
        }
    }

    /** Copies device bytes to host memory (through the pinned staging buffer) and waits. */
    private void download(long src, MemorySegment host, long bytes) {
        requireNoCapture("a download to the host");
        for (long done = 0; done < bytes; done += STAGING_BYTES) {
            long n = Math.min(STAGING_BYTES, bytes - done);
            driver.copyDtoH(staging, src + done, n, stream);
            driver.synchronize(stream);
            MemorySegment.copy(staging, 0, host, done, n);
        }
    }

    /** Writes floats into an existing F32 storage from {@code offset}. */
    public void write(float[] data, Storage dst, long offset) {
        CudaStorage d = f32(dst);
        checkRange(d, offset, data.length);
        upload(MemorySegment.ofArray(data), d.address(offset), data.length * 4L);
    }

    /** Writes ints into an existing I32 storage from {@code offset}. */
    public void write(int[] data, Storage dst, long offset) {
        CudaStorage d = i32(dst);
        checkRange(d, offset, data.length);
        upload(MemorySegment.ofArray(data), d.address(offset), data.length * 4L);
    }

    private static void checkRange(CudaStorage s, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > s.size()) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + length) + ") outside a storage of "
                    + s.size() + " elements");
        }
    }

    /** SPI {@code upload}. */
    public CudaStorage upload(float[] data) {
        CudaStorage s = allocateUninitialised(DType.F32, data.length);
        upload(MemorySegment.ofArray(data), s.address(), data.length * 4L);
        return s;
    }

    /** SPI {@code uploadInts}. */
    public CudaStorage uploadInts(int[] data) {
        CudaStorage s = allocateUninitialised(DType.I32, data.length);
        upload(MemorySegment.ofArray(data), s.address(), data.length * 4L);
        return s;
    }

    private CudaStorage allocateUninitialised(DType dtype, long size) {
        CudaStorage s = reserve(dtype, size);
        bind(s, false);
        return s;
    }

    /** SPI {@code download}. */
    public void download(Storage src, long srcOffset, float[] dst, int dstOffset, int length) {
        CudaStorage s = f32(src);
        checkRange(s, srcOffset, length);
        download(s.address(srcOffset), MemorySegment.ofArray(dst).asSlice(dstOffset * 4L, length * 4L), length * 4L);
    }

    /** SPI {@code downloadInts}. */
    public void downloadInts(Storage src, long srcOffset, int[] dst, int dstOffset, int length) {
        CudaStorage s = i32(src);
        checkRange(s, srcOffset, length);
        download(s.address(srcOffset), MemorySegment.ofArray(dst).asSlice(dstOffset * 4L, length * 4L), length * 4L);
    }

    /** SPI {@code fill}. */
    public void fill(Storage dst, long offset, long length, float value) {
        CudaStorage d = f32(dst);
        checkRange(d, offset, length);
        if (length > 0) {
            driver.memset32(d.address(offset), Float.floatToRawIntBits(value), length, stream);
        }
    }

    /** SPI {@code copyStrided} ({@code add} false) and {@code addStrided} ({@code add} true). */
    public void strided(Storage src, long srcOffset, long[] srcStrides, Storage dst, long dstOffset,
                        long[] dstStrides, int[] shape, boolean add) {
        CudaStorage s = cs(src);
        CudaStorage d = cs(dst);
        if (s.dtype() != d.dtype() || s.dtype().byteSize() != 4) {
            throw new IllegalArgumentException("strided copies need two F32 or two I32 storages, got " + s.dtype()
                    + " and " + d.dtype());
        }
        if (add && s.dtype() != DType.F32) {
            throw new IllegalArgumentException("addStrided needs F32 storages, got " + s.dtype());
        }
        NdIter it = NdIter.of(shape, srcStrides, dstStrides);
        long n = it.size();
        if (n == 0) {
            return;
        }
        it.pack(struct);
        args().struct(struct.asSlice(0, NdIter.BYTES), 8).ptr(s.address(srcOffset)).ptr(d.address(dstOffset)).i64(n);
        elementwise(KernelModule.ELEMENTWISE, add ? "add_strided_f32" : "copy_strided_u32", n);
    }

    // ------------------------------------------------------------------ GEMM

    private record LtKey(Precision precision, GemmPlan plan, int batch, long strideFirst, long strideSecond,
                         long strideC, int epilogue) {
    }

    private static final class LtPlan {
        MemorySegment desc;
        MemorySegment first;
        MemorySegment second;
        MemorySegment c;
        MemorySegment algo;
        boolean usable;
    }

    /**
     * SPI {@code gemm}, and {@link dev.graft.cuda.CudaBackend#gemmEpilogue} when {@code epilogue} is not
     * {@link Epilogue#BIAS}.
     */
    public void gemm(GemmSpec spec, Storage a, long aOffset, Storage b, long bOffset, Storage c, long cOffset,
                     Storage bias, float beta, Epilogue epilogue, Storage aux, long auxOffset) {
        CudaStorage A = f32(a);
        CudaStorage B = f32(b);
        CudaStorage C = f32(c);
        CudaStorage bi = bias == null ? null : f32(bias);
        CudaStorage ax = aux == null ? null : f32(aux);
        if (epilogue == Epilogue.GELU_AUX && ax == null) {
            throw new IllegalArgumentException("the GELU_AUX epilogue needs an aux storage");
        }
        if (spec.m() == 0 || spec.n() == 0) {
            return;
        }
        long cSpan = (long) (spec.batch() - 1) * spec.strideC() + (long) spec.m() * spec.n();
        checkRange(C, cOffset, cSpan);
        if (spec.k() == 0) {
            zeroK(spec, C, cOffset, bi, beta);
            finishEpilogue(spec, C, cOffset, epilogue, ax, auxOffset);
            return;
        }
        GemmPlan plan = GemmPlan.of(spec);
        Precision p = options.precision();
        long aSpan = (long) (spec.batch() - 1) * spec.strideA() + (long) spec.m() * spec.k();
        long bSpan = (long) (spec.batch() - 1) * spec.strideB() + (long) spec.k() * spec.n();
        checkRange(A, aOffset, aSpan);
        checkRange(B, bOffset, bSpan);
        long aPtr = A.address(aOffset);
        long bPtr = B.address(bOffset);
        CachingAllocator.Block aHalf = null;
        CachingAllocator.Block bHalf = null;
        int abType = Cublas.R_32F;
        if (p == Precision.BF16) {
            aHalf = toBf16(aPtr, aSpan);
            bHalf = toBf16(bPtr, bSpan);
            aPtr = aHalf.address();
            bPtr = bHalf.address();
            abType = Cublas.R_16BF;
        }
        try {
            int ltEpilogue = ltEpilogue(epilogue, bi != null);
            // cuBLASLt's heuristics assume 256-byte aligned operands (its default minimum alignment); operands at
            // element offsets take the cuBLAS path, as do aux buffers whose leading dimension is not a multiple of 8.
            long auxPtr = ax == null ? 0 : ax.address(auxOffset);
            boolean aligned = ((aPtr | bPtr | C.address(cOffset) | auxPtr) & 255) == 0;
            boolean ltFits = aligned && (epilogue != Epilogue.GELU_AUX || spec.n() % 8 == 0);
            boolean fused = lt != null && ltFits && (bi != null || epilogue != Epilogue.BIAS);
            if (fused && ltMatmul(spec, plan, p, abType, aPtr, bPtr, C.address(cOffset), bi, beta, ltEpilogue,
                    auxPtr)) {
                return;
            }
            scalars.set(ValueLayout.JAVA_FLOAT, 0, 1f);
            scalars.set(ValueLayout.JAVA_FLOAT, 4, beta);
            int compute = p == Precision.TF32 ? Cublas.COMPUTE_32F_FAST_TF32 : Cublas.COMPUTE_32F;
            cublas.gemmStridedBatchedEx(blasHandle, plan.opFirst(), plan.opSecond(), plan.m(), plan.n(), plan.k(),
                    scalars, bPtr, abType, plan.ldFirst(), spec.strideB(), aPtr, abType, plan.ldSecond(),
                    spec.strideA(), C.address(cOffset), Cublas.R_32F, plan.ldc(), spec.strideC(), spec.batch(), compute);
            if (bi != null) {
                addBias(spec, C, cOffset, bi);
            }
            finishEpilogue(spec, C, cOffset, epilogue, ax, auxOffset);
        } finally {
            if (aHalf != null) {
                allocator.release(aHalf);
                allocator.release(bHalf);
            }
        }
    }

    private static int ltEpilogue(Epilogue e, boolean bias) {
        return switch (e) {
            case BIAS -> bias ? CublasLt.EPILOGUE_BIAS : CublasLt.EPILOGUE_DEFAULT;
            case GELU -> bias ? CublasLt.EPILOGUE_GELU_BIAS : CublasLt.EPILOGUE_GELU;
            case GELU_AUX -> bias ? CublasLt.EPILOGUE_GELU_AUX_BIAS : CublasLt.EPILOGUE_GELU_AUX;
        };
    }

    private CachingAllocator.Block toBf16(long src, long n) {
        CachingAllocator.Block h = scratch(n * 2);
        args().ptr(src).ptr(h.address()).i64(n);
        elementwise(KernelModule.ELEMENTWISE, "cast_f32_bf16", n);
        return h;
    }

    private void zeroK(GemmSpec spec, CudaStorage c, long cOffset, CudaStorage bias, float beta) {
        long mn = (long) spec.m() * spec.n();
        for (int bt = 0; bt < spec.batch(); bt++) {
            long at = c.address(cOffset + bt * spec.strideC());
            if (beta == 0f) {
                driver.memset32(at, 0, mn, stream);
            } else if (beta != 1f) {
                args().ptr(at).f32(beta).f32(0f).ptr(at).i64(mn);
                elementwise(KernelModule.ELEMENTWISE, "affine_f32", mn);
            }
        }
        if (bias != null) {
            addBias(spec, c, cOffset, bias);
        }
    }

    private void addBias(GemmSpec spec, CudaStorage c, long cOffset, CudaStorage bias) {
        long mn = (long) spec.m() * spec.n();
        if (spec.strideC() == mn) {
            long rows = (long) spec.batch() * spec.m();
            args().ptr(c.address(cOffset)).ptr(bias.address()).i64(rows).i32(spec.n());
            elementwise(KernelModule.ELEMENTWISE, "add_bias_rows_f32", rows * spec.n());
            return;
        }
        for (int bt = 0; bt < spec.batch(); bt++) {
            args().ptr(c.address(cOffset + bt * spec.strideC())).ptr(bias.address()).i64(spec.m()).i32(spec.n());
            elementwise(KernelModule.ELEMENTWISE, "add_bias_rows_f32", mn);
        }
    }

    private void finishEpilogue(GemmSpec spec, CudaStorage c, long cOffset, Epilogue e, CudaStorage aux, long auxOffset) {
        if (e == Epilogue.BIAS) {
            return;
        }
        long mn = (long) spec.m() * spec.n();
        for (int bt = 0; bt < spec.batch(); bt++) {
            long at = c.address(cOffset + bt * spec.strideC());
            if (e == Epilogue.GELU_AUX) {
                driver.copyDtoD(aux.address(auxOffset + bt * spec.strideC()), at, mn * 4, stream);
            }
            args().i32(UnaryOp.GELU_TANH.ordinal()).ptr(at).ptr(at).i64(mn);
            elementwise(KernelModule.ELEMENTWISE, "unary_f32", mn);
        }
    }

    private boolean ltMatmul(GemmSpec spec, GemmPlan plan, Precision p, int abType, long aPtr, long bPtr, long cPtr,
                             CudaStorage bias, float beta, int epilogue, long auxPtr) {
        LtKey key = new LtKey(p, plan, spec.batch(), spec.strideB(), spec.strideA(), spec.strideC(), epilogue);
        LtPlan lp = ltPlans.get(key);
        if (lp == null) {
            lp = createLtPlan(key, abType, bias != null);
            ltPlans.put(key, lp);
        }
        if (!lp.usable) {
            return false;
        }
        if (bias != null) {
            lt.setDescLong(lp.desc, CublasLt.DESC_BIAS_POINTER, bias.address(), attrScratch);
        }
        if (auxPtr != 0) {
            lt.setDescLong(lp.desc, CublasLt.DESC_EPILOGUE_AUX_POINTER, auxPtr, attrScratch);
        }
        scalars.set(ValueLayout.JAVA_FLOAT, 0, 1f);
        scalars.set(ValueLayout.JAVA_FLOAT, 4, beta);
        long ws = blasWorkspace.address();
        lt.matmul(ltHandle, lp.desc, scalars, bPtr, lp.first, aPtr, lp.second, cPtr, lp.c, cPtr, lp.c, lp.algo, ws,
                BLAS_WORKSPACE_BYTES, stream);
        return true;
    }

    private LtPlan createLtPlan(LtKey key, int abType, boolean hasBias) {
        GemmPlan g = key.plan();
        LtPlan lp = new LtPlan();
        int compute = key.precision() == Precision.TF32 ? Cublas.COMPUTE_32F_FAST_TF32 : Cublas.COMPUTE_32F;
        lp.desc = lt.createMatmulDesc(compute, Cublas.R_32F);
        lt.setDescInt(lp.desc, CublasLt.DESC_TRANSA, g.opFirst(), attrScratch);
        lt.setDescInt(lp.desc, CublasLt.DESC_TRANSB, g.opSecond(), attrScratch);
        lt.setDescInt(lp.desc, CublasLt.DESC_EPILOGUE, key.epilogue(), attrScratch);
        if (hasBias) {
            lt.setDescLong(lp.desc, CublasLt.DESC_BIAS_BATCH_STRIDE, 0L, attrScratch);
        }
        if (key.epilogue() == CublasLt.EPILOGUE_GELU_AUX || key.epilogue() == CublasLt.EPILOGUE_GELU_AUX_BIAS) {
            lt.setDescLong(lp.desc, CublasLt.DESC_EPILOGUE_AUX_LD, g.ldc(), attrScratch);
            lt.setDescLong(lp.desc, CublasLt.DESC_EPILOGUE_AUX_BATCH_STRIDE, key.strideC(), attrScratch);
        }
        lp.first = layout(abType, g.rowsFirst(), g.colsFirst(), g.ldFirst(), key.batch(), key.strideFirst());
        lp.second = layout(abType, g.rowsSecond(), g.colsSecond(), g.ldSecond(), key.batch(), key.strideSecond());
        lp.c = layout(Cublas.R_32F, g.m(), g.n(), g.ldc(), key.batch(), key.strideC());
        MemorySegment pref = lt.createPreference(BLAS_WORKSPACE_BYTES, attrScratch);
        MemorySegment result = arena.allocate(CublasLt.HEURISTIC_RESULT_BYTES, 16);
        // The heuristic reads the bias and aux pointers' alignment: give it aligned placeholders.
        if (hasBias) {
            lt.setDescLong(lp.desc, CublasLt.DESC_BIAS_POINTER, blasWorkspace.address(), attrScratch);
        }
        if (key.epilogue() == CublasLt.EPILOGUE_GELU_AUX || key.epilogue() == CublasLt.EPILOGUE_GELU_AUX_BIAS) {
            lt.setDescLong(lp.desc, CublasLt.DESC_EPILOGUE_AUX_POINTER, blasWorkspace.address(), attrScratch);
        }
        lp.usable = lt.heuristic(ltHandle, lp.desc, lp.first, lp.second, lp.c, lp.c, pref, result);
        lt.destroyPreference(pref);
        lp.algo = result.asSlice(0, 64);
        return lp;
    }

    private MemorySegment layout(int type, int rows, int cols, int ld, int batch, long stride) {
        MemorySegment l = lt.createLayout(type, rows, cols, ld);
        if (batch > 1) {
            lt.setLayoutInt(l, CublasLt.LAYOUT_BATCH_COUNT, batch, attrScratch);
            lt.setLayoutLong(l, CublasLt.LAYOUT_STRIDED_BATCH_OFFSET, stride, attrScratch);
        }
        return l;
    }

    // ------------------------------------------------------------------ elementwise

    /** SPI {@code unary}. */
    public void unary(UnaryOp op, Storage x, Storage out, long n) {
        args().i32(op.ordinal()).ptr(f32(x).address()).ptr(f32(out).address()).i64(n);
        elementwise(KernelModule.ELEMENTWISE, "unary_f32", n);
    }

    /** SPI {@code unaryBackward}. */
    public void unaryBackward(UnaryOp op, Storage x, Storage gradOut, Storage gradIn, long n) {
        args().i32(op.ordinal()).ptr(f32(x).address()).ptr(f32(gradOut).address()).ptr(f32(gradIn).address()).i64(n);
        elementwise(KernelModule.ELEMENTWISE, "unary_backward_f32", n);
    }

    /** SPI {@code affine}. */
    public void affine(Storage x, float alpha, float beta, Storage out, long n) {
        args().ptr(f32(x).address()).f32(alpha).f32(beta).ptr(f32(out).address()).i64(n);
        elementwise(KernelModule.ELEMENTWISE, "affine_f32", n);
    }

    /** SPI {@code axpy}. */
    public void axpy(float alpha, Storage x, Storage y, long n) {
        args().f32(alpha).ptr(f32(x).address()).ptr(f32(y).address()).i64(n);
        elementwise(KernelModule.ELEMENTWISE, "axpy_f32", n);
    }

    /** SPI {@code binary}. */
    public void binary(BinaryOp op, Storage a, Storage b, Storage out, Broadcast bc) {
        NdIter it = NdIter.of(bc.shape(), bc.aStrides(), bc.bStrides());
        long n = it.size();
        if (n == 0) {
            return;
        }
        it.pack(struct);
        args().i32(op.ordinal()).struct(struct.asSlice(0, NdIter.BYTES), 8).ptr(f32(a).address())
                .ptr(f32(b).address()).ptr(f32(out).address()).i64(n);
        elementwise(KernelModule.ELEMENTWISE, "binary_f32", n);
    }

    /** SPI {@code sumToShape}. */
    public void sumToShape(Storage x, int[] xShape, Storage out, int[] outShape) {
        CudaStorage X = f32(x);
        CudaStorage O = f32(out);
        long outN = Shapes.numel(outShape);
        if (Shapes.numel(xShape) == 0) {
            if (outN > 0) {
                driver.memset32(O.address(), 0, outN, stream);
            }
            return;
        }
        SumPlan plan = SumPlan.of(xShape, outShape);
        if (plan.passes().isEmpty()) {
            driver.copyDtoD(O.address(), X.address(), outN * 4, stream);
            return;
        }
        long src = X.address();
        CachingAllocator.Block prev = null;
        for (int i = 0; i < plan.passes().size(); i++) {
            SumPlan.Pass pass = plan.passes().get(i);
            boolean last = i == plan.passes().size() - 1;
            CachingAllocator.Block tmp = last ? null : scratch(pass.outputSize() * 4);
            long dst = last ? O.address() : tmp.address();
            reduceRaw(ReduceOp.SUM, src, pass.outer(), Math.toIntExact(pass.reduced()), Math.toIntExact(pass.inner()),
                    dst);
            if (prev != null) {
                allocator.release(prev);
            }
            prev = tmp;
            src = dst;
        }
    }

    // ------------------------------------------------------------------ reductions

    /** SPI {@code reduce}. */
    public void reduce(ReduceOp op, Storage x, int outer, int reduced, int inner, Storage out) {
        reduceRaw(op, f32(x).address(), outer, reduced, inner, f32(out).address());
    }

    private void reduceRaw(ReduceOp op, long x, long outer, int reduced, int inner, long out) {
        if (outer == 0 || inner == 0) {
            return;
        }
        if (inner == 1) {
            for (long o = 0; o < outer; o += Integer.MAX_VALUE) {
                int rows = (int) Math.min(Integer.MAX_VALUE, outer - o);
                args().i32(op.ordinal()).ptr(x + o * reduced * 4L).ptr(out + o * 4L).i32(reduced);
                launch(KernelModule.REDUCE, "reduce_rows_f32", rows, 1, 256, 1);
            }
            return;
        }
        for (long o = 0; o < outer; o += 65535) {
            int chunk = (int) Math.min(65535, outer - o);
            args().i32(op.ordinal()).ptr(x + o * reduced * inner * 4L).ptr(out + o * inner * 4L).i32(reduced).i32(inner);
            launch(KernelModule.REDUCE, "reduce_cols_f32", (inner + 31) / 32, chunk, 32, 8);
        }
    }

    /** SPI {@code argmax}. */
    public void argmax(Storage x, int rows, int cols, Storage out) {
        if (rows == 0) {
            return;
        }
        args().ptr(f32(x).address()).ptr(i32(out).address()).i32(cols);
        launch(KernelModule.REDUCE, "argmax_rows_f32", rows, 1, 256, 1);
    }

    /** SPI {@code dot}: partial sums in double on the GPU, added in order on the host. */
    public double dot(Storage x, Storage y, long n) {
        requireNoCapture("dot");
        if (n == 0) {
            return 0.0;
        }
        int blocks = (int) Math.min(1024, (n + 255) / 256);
        CachingAllocator.Block partial = scratch(blocks * 8L);
        try {
            args().ptr(f32(x).address()).ptr(f32(y).address()).i64(n).ptr(partial.address());
            launch(KernelModule.REDUCE, "dot_partial_f64", blocks, 1, 256, 1);
            double[] host = new double[blocks];
            download(partial.address(), MemorySegment.ofArray(host), blocks * 8L);
            double s = 0;
            for (double v : host) {
                s += v;
            }
            return s;
        } finally {
            allocator.release(partial);
        }
    }

    // ------------------------------------------------------------------ softmax and losses

    /** SPI {@code softmax} and {@code logSoftmax}. */
    public void softmax(Storage x, Storage out, int rows, int cols, boolean log) {
        if (rows == 0) {
            return;
        }
        args().ptr(f32(x).address()).ptr(f32(out).address()).i32(cols);
        launch(KernelModule.SOFTMAX, log ? "log_softmax_f32" : "softmax_f32", rows, 1, rowThreads(cols), 1);
    }

    /** SPI {@code softmaxBackward} and {@code logSoftmaxBackward}. */
    public void softmaxBackward(Storage y, Storage gy, Storage gx, int rows, int cols, boolean log) {
        if (rows == 0) {
            return;
        }
        args().ptr(f32(y).address()).ptr(f32(gy).address()).ptr(f32(gx).address()).i32(cols);
        launch(KernelModule.SOFTMAX, log ? "log_softmax_backward_f32" : "softmax_backward_f32", rows, 1,
                rowThreads(cols), 1);
    }

    /** SPI {@code crossEntropy}. */
    public void crossEntropy(Storage logits, Storage targets, int rows, int cols, int ignoreIndex, float smoothing,
                             Storage loss, Storage lse) {
        if (rows == 0) {
            return;
        }
        args().ptr(f32(logits).address()).ptr(i32(targets).address()).i32(cols).i32(ignoreIndex).f32(smoothing)
                .ptr(f32(loss).address()).ptr(f32(lse).address());
        launch(KernelModule.SOFTMAX, "cross_entropy_f32", rows, 1, rowThreads(cols), 1);
    }

    /** SPI {@code crossEntropyBackward}. */
    public void crossEntropyBackward(Storage logits, Storage lse, Storage targets, int rows, int cols, int ignoreIndex,
                                     float smoothing, float scale, Storage grad) {
        long n = (long) rows * cols;
        args().ptr(f32(logits).address()).ptr(f32(lse).address()).ptr(i32(targets).address()).i64(rows).i32(cols)
                .i32(ignoreIndex).f32(smoothing).f32(scale).ptr(f32(grad).address());
        elementwise(KernelModule.SOFTMAX, "cross_entropy_backward_f32", n);
    }

    // ------------------------------------------------------------------ normalisation

    /** SPI {@code layerNorm}. */
    public void layerNorm(Storage x, Storage gamma, Storage beta, int rows, int cols, float eps, Storage out,
                          Storage mean, Storage rstd) {
        if (rows == 0) {
            return;
        }
        args().ptr(f32(x).address()).ptr(f32(gamma).address()).ptr(beta == null ? 0 : f32(beta).address()).i32(rows)
                .i32(cols).f32(eps).ptr(f32(out).address()).ptr(f32(mean).address()).ptr(f32(rstd).address());
        launch(KernelModule.NORM, "layer_norm_f32", (rows + 7) / 8, 1, 256, 1);
    }

    /** SPI {@code layerNormBackward}. */
    public void layerNormBackward(Storage x, Storage gamma, Storage mean, Storage rstd, Storage gy, int rows, int cols,
                                  Storage gx, Storage gGamma, Storage gBeta) {
        if (rows == 0) {
            return;
        }
        args().ptr(f32(x).address()).ptr(f32(gamma).address()).ptr(f32(mean).address()).ptr(f32(rstd).address())
                .ptr(f32(gy).address()).i32(rows).i32(cols).ptr(f32(gx).address());
        launch(KernelModule.NORM, "layer_norm_backward_dx_f32", (rows + 7) / 8, 1, 256, 1);
        if (gGamma != null || gBeta != null) {
            args().ptr(f32(x).address()).ptr(f32(mean).address()).ptr(f32(rstd).address()).ptr(f32(gy).address())
                    .i32(rows).i32(cols).ptr(gGamma == null ? 0 : f32(gGamma).address())
                    .ptr(gBeta == null ? 0 : f32(gBeta).address());
            launch(KernelModule.NORM, "layer_norm_backward_params_f32", (cols + 31) / 32, 1, 32, 8);
        }
    }

    /** SPI {@code rmsNorm}. */
    public void rmsNorm(Storage x, Storage gamma, int rows, int cols, float eps, Storage out, Storage rstd) {
        if (rows == 0) {
            return;
        }
        args().ptr(f32(x).address()).ptr(f32(gamma).address()).i32(rows).i32(cols).f32(eps).ptr(f32(out).address())
                .ptr(f32(rstd).address());
        launch(KernelModule.NORM, "rms_norm_f32", (rows + 7) / 8, 1, 256, 1);
    }

    /** SPI {@code rmsNormBackward}. */
    public void rmsNormBackward(Storage x, Storage gamma, Storage rstd, Storage gy, int rows, int cols, Storage gx,
                                Storage gGamma) {
        if (rows == 0) {
            return;
        }
        args().ptr(f32(x).address()).ptr(f32(gamma).address()).ptr(f32(rstd).address()).ptr(f32(gy).address())
                .i32(rows).i32(cols).ptr(f32(gx).address());
        launch(KernelModule.NORM, "rms_norm_backward_dx_f32", (rows + 7) / 8, 1, 256, 1);
        if (gGamma != null) {
            args().ptr(f32(x).address()).ptr(f32(rstd).address()).ptr(f32(gy).address()).i32(rows).i32(cols)
                    .ptr(f32(gGamma).address());
            launch(KernelModule.NORM, "rms_norm_backward_params_f32", (cols + 31) / 32, 1, 32, 8);
        }
    }

    // ------------------------------------------------------------------ gather / scatter

    /** SPI {@code indexSelect}. */
    public void indexSelect(Storage src, int outer, int srcRows, int inner, Storage idx, int n, Storage out) {
        long total = (long) outer * n * inner;
        args().ptr(f32(src).address()).i32(outer).i32(srcRows).i32(inner).ptr(i32(idx).address()).i32(n)
                .ptr(f32(out).address());
        elementwise(KernelModule.INDEX, "index_select_f32", total);
    }

    /** SPI {@code indexAdd}: a counting sort by destination row, then ordered per-row sums. */
    public void indexAdd(Storage grad, int outer, int dstRows, int inner, Storage idx, int n, Storage dst) {
        if (n == 0 || outer == 0 || inner == 0 || dstRows == 0) {
            return;
        }
        long ix = i32(idx).address();
        CachingAllocator.Block counts = scratch(dstRows * 4L);
        CachingAllocator.Block offsets = scratch(dstRows * 4L);
        CachingAllocator.Block cursor = scratch(dstRows * 4L);
        CachingAllocator.Block list = scratch(n * 4L);
        CachingAllocator.Block sorted = scratch(n * 4L);
        try {
            driver.memset32(counts.address(), 0, dstRows, stream);
            driver.memset32(cursor.address(), 0, dstRows, stream);
            args().ptr(ix).i32(n).i32(dstRows).ptr(counts.address());
            elementwise(KernelModule.INDEX, "index_count_rows", n);
            args().ptr(counts.address()).i32(dstRows).ptr(offsets.address());
            launch(KernelModule.INDEX, "index_exclusive_scan", 1, 1, 1024, 1);
            args().ptr(ix).i32(n).i32(dstRows).ptr(offsets.address()).ptr(cursor.address()).ptr(list.address());
            elementwise(KernelModule.INDEX, "index_place_rows", n);
            args().ptr(ix).i32(n).i32(dstRows).ptr(offsets.address()).ptr(counts.address()).ptr(list.address())
                    .ptr(sorted.address());
            elementwise(KernelModule.INDEX, "index_sort_segments", n);
            args().ptr(f32(grad).address()).i32(outer).i32(dstRows).i32(inner).ptr(sorted.address())
                    .ptr(offsets.address()).ptr(counts.address()).i32(n).ptr(f32(dst).address());
            launch(KernelModule.INDEX, "index_add_rows_f32", dstRows, Math.min(outer, 65535),
                    Math.min(256, (inner + 31) / 32 * 32), 1);
        } finally {
            for (CachingAllocator.Block b : List.of(counts, offsets, cursor, list, sorted)) {
                allocator.release(b);
            }
        }
    }

    // ------------------------------------------------------------------ attention

    private static Map<String, String> headDim(AttentionSpec s) {
        return Map.of("HEAD_DIM", Integer.toString(s.headDim()));
    }

    /** SPI {@code attention}. */
    public void attention(AttentionSpec s, Storage q, Storage k, Storage v, Storage mask, Storage bias, Storage out,
                          Storage lse) {
        if (byGemm(s, bias)) {
            attentionByGemm(s, f32(q), f32(k), f32(v), mask == null ? null : f32(mask), f32(out), f32(lse));
            return;
        }
        AttentionPlan plan = new AttentionPlan(s, mask != null, bias != null, 0);
        plan.pack(struct);
        args().struct(struct.asSlice(0, AttentionPlan.PARAMS_BYTES), 8).ptr(f32(q).address()).ptr(f32(k).address())
                .ptr(f32(v).address()).ptr(ptr(mask)).ptr(ptr(bias)).ptr(f32(out).address()).ptr(f32(lse).address());
        launch(KernelModule.ATTENTION, "attention_fwd_f32", headDim(s), plan.queryBlocks(), s.batch() * s.heads(),
                AttentionPlan.THREADS, 1);
    }

    /** SPI {@code attentionBackward}. */
    public void attentionBackward(AttentionSpec s, Storage q, Storage k, Storage v, Storage mask, Storage bias,
                                  Storage out, Storage lse, Storage gOut, Storage gq, Storage gk, Storage gv,
                                  Storage gBias) {
        if (byGemm(s, bias)) {
            attentionBackwardByGemm(s, f32(q), f32(k), f32(v), mask == null ? null : f32(mask), f32(out), f32(lse),
                    f32(gOut), f32(gq), f32(gk), f32(gv));
            return;
        }
        int mode = gBias == null ? 0 : (s.biasBatch() == s.batch() ? 1 : 2);
        AttentionPlan plan = new AttentionPlan(s, mask != null, bias != null, mode);
        long rowsBht = (long) s.batch() * s.heads() * s.tq();
        CachingAllocator.Block delta = scratch(rowsBht * 4);
        long biasElems = rowsBht * s.tk();
        CachingAllocator.Block perBatch = mode == 2 ? scratch(biasElems * 4) : null;
        CachingAllocator.Block summed = mode == 2 ? scratch(biasElems / s.batch() * 4) : null;
        try {
            plan.pack(struct);
            MemorySegment params = struct.asSlice(0, AttentionPlan.PARAMS_BYTES);
            args().struct(params, 8).ptr(f32(out).address()).ptr(f32(gOut).address()).ptr(delta.address());
            launch(KernelModule.ATTENTION, "attention_bwd_delta_f32", headDim(s), grid(rowsBht), 1, THREADS, 1);
            long gbPtr = mode == 0 ? 0 : (mode == 1 ? f32(gBias).address() : perBatch.address());
            if (mode == 2) {
                driver.memset32(perBatch.address(), 0, biasElems, stream);
            }
            args().struct(params, 8).ptr(f32(q).address()).ptr(f32(k).address()).ptr(f32(v).address())
                    .ptr(ptr(mask)).ptr(ptr(bias)).ptr(f32(lse).address()).ptr(delta.address())
                    .ptr(f32(gOut).address()).ptr(f32(gk).address()).ptr(f32(gv).address()).ptr(gbPtr);
            launch(KernelModule.ATTENTION, "attention_bwd_dkdv_f32", headDim(s), plan.keyBlocks(),
                    s.batch() * s.heads(), AttentionPlan.THREADS, 1);
            args().struct(params, 8).ptr(f32(q).address()).ptr(f32(k).address()).ptr(f32(v).address())
                    .ptr(ptr(mask)).ptr(ptr(bias)).ptr(f32(lse).address()).ptr(delta.address())
                    .ptr(f32(gOut).address()).ptr(f32(gq).address());
            launch(KernelModule.ATTENTION, "attention_bwd_dq_f32", headDim(s), plan.queryBlocks(),
                    s.batch() * s.heads(), AttentionPlan.THREADS, 1);
            if (mode == 2) {
                long inner = biasElems / s.batch();
                reduceRaw(ReduceOp.SUM, perBatch.address(), 1, s.batch(), Math.toIntExact(inner), summed.address());
                args().f32(1f).ptr(summed.address()).ptr(f32(gBias).address()).i64(inner);
                elementwise(KernelModule.ELEMENTWISE, "axpy_f32", inner);
            }
        } finally {
            allocator.release(delta);
            if (perBatch != null) {
                allocator.release(perBatch);
                allocator.release(summed);
            }
        }
    }

    /** Whether this attention call runs as GEMMs around row kernels ({@link AttentionKernel}). */
    private boolean byGemm(AttentionSpec s, Storage bias) {
        return options.attention().usesGemm(s, bias != null);
    }

    /**
     * Runs one of {@link AttentionGemms}' products: every operand fp32, the products in the backend's GEMM
     * precision.
     */
    private void run(AttentionGemms.Product p, Map<AttentionGemms.Buffer, Long> bases) {
        scalars.set(ValueLayout.JAVA_FLOAT, 0, p.alpha());
        scalars.set(ValueLayout.JAVA_FLOAT, 4, p.beta());
        int compute = switch (options.precision()) {
            case FP32 -> Cublas.COMPUTE_32F;
            case TF32 -> Cublas.COMPUTE_32F_FAST_TF32;
            case BF16 -> Cublas.COMPUTE_32F_FAST_16BF;
        };
        cublas.gemmStridedBatchedEx(blasHandle, p.transA() ? Cublas.OP_T : Cublas.OP_N,
                p.transB() ? Cublas.OP_T : Cublas.OP_N, p.m(), p.n(), p.k(), scalars,
                address(p.a(), bases), Cublas.R_32F, p.a().ld(), p.a().stride(),
                address(p.b(), bases), Cublas.R_32F, p.b().ld(), p.b().stride(),
                address(p.c(), bases), Cublas.R_32F, p.c().ld(), p.c().stride(), p.batch(), compute);
    }

    private static long address(AttentionGemms.Operand o, Map<AttentionGemms.Buffer, Long> bases) {
        return bases.get(o.buffer()) + o.offset() * Float.BYTES;
    }

    private void attentionByGemm(AttentionSpec s, CudaStorage q, CudaStorage k, CudaStorage v, CudaStorage mask,
                                 CudaStorage out, CudaStorage lse) {
        CachingAllocator.Block p = scratch((long) s.heads() * s.tq() * s.tk() * 4);
        try {
            Map<AttentionGemms.Buffer, Long> bases = new EnumMap<>(AttentionGemms.Buffer.class);
            bases.put(AttentionGemms.Buffer.Q, q.address());
            bases.put(AttentionGemms.Buffer.K, k.address());
            bases.put(AttentionGemms.Buffer.V, v.address());
            bases.put(AttentionGemms.Buffer.OUT, out.address());
            bases.put(AttentionGemms.Buffer.SCORES, p.address());
            for (int b = 0; b < s.batch(); b++) {
                run(AttentionGemms.scores(s, b), bases);
                args().ptr(p.address()).ptr(mask == null ? 0 : mask.address((long) b * s.tk()))
                        .ptr(lse.address((long) b * s.heads() * s.tq())).i32(s.tq()).i32(s.tk())
                        .i32(s.causal() ? 1 : 0);
                launch(KernelModule.ATTENTION, "attention_rows_softmax_f32", headDim(s), s.heads() * s.tq(), 1,
                        rowThreads(s.tk()), 1);
                run(AttentionGemms.output(s, b), bases);
            }
        } finally {
            allocator.release(p);
        }
    }

    private void attentionBackwardByGemm(AttentionSpec s, CudaStorage q, CudaStorage k, CudaStorage v,
                                         CudaStorage mask, CudaStorage out, CudaStorage lse, CudaStorage gOut,
                                         CudaStorage gq, CudaStorage gk, CudaStorage gv) {
        long rowsBht = (long) s.batch() * s.heads() * s.tq();
        long perBatch = (long) s.heads() * s.tq() * s.tk();
        CachingAllocator.Block delta = scratch(rowsBht * 4);
        CachingAllocator.Block p = scratch(perBatch * 4);
        CachingAllocator.Block dp = scratch(perBatch * 4);
        try {
            AttentionPlan plan = new AttentionPlan(s, mask != null, false, 0);
            plan.pack(struct);
            args().struct(struct.asSlice(0, AttentionPlan.PARAMS_BYTES), 8).ptr(out.address()).ptr(gOut.address())
                    .ptr(delta.address());
            launch(KernelModule.ATTENTION, "attention_bwd_delta_f32", headDim(s), grid(rowsBht), 1, THREADS, 1);
            Map<AttentionGemms.Buffer, Long> bases = new EnumMap<>(AttentionGemms.Buffer.class);
            bases.put(AttentionGemms.Buffer.Q, q.address());
            bases.put(AttentionGemms.Buffer.K, k.address());
            bases.put(AttentionGemms.Buffer.V, v.address());
            bases.put(AttentionGemms.Buffer.GRAD_OUT, gOut.address());
            bases.put(AttentionGemms.Buffer.GRAD_Q, gq.address());
            bases.put(AttentionGemms.Buffer.GRAD_K, gk.address());
            bases.put(AttentionGemms.Buffer.GRAD_V, gv.address());
            bases.put(AttentionGemms.Buffer.SCORES, p.address());
            bases.put(AttentionGemms.Buffer.GRAD_SCORES, dp.address());
            for (int b = 0; b < s.batch(); b++) {
                long rows = (long) b * s.heads() * s.tq();
                run(AttentionGemms.scores(s, b), bases);
                args().ptr(p.address()).ptr(mask == null ? 0 : mask.address((long) b * s.tk()))
                        .ptr(lse.address(rows)).i32(s.tq()).i32(s.tk()).i32(s.causal() ? 1 : 0).i64(perBatch);
                launch(KernelModule.ATTENTION, "attention_rows_probs_f32", headDim(s), grid(perBatch), 1, THREADS, 1);
                run(AttentionGemms.gradValues(s, b), bases);
                run(AttentionGemms.gradProbs(s, b), bases);
                args().ptr(p.address()).ptr(dp.address()).ptr(delta.address() + rows * 4).i32(s.tk()).i64(perBatch);
                launch(KernelModule.ATTENTION, "attention_rows_dscores_f32", headDim(s), grid(perBatch), 1, THREADS,
                        1);
                run(AttentionGemms.gradQueries(s, b), bases);
                run(AttentionGemms.gradKeys(s, b), bases);
            }
        } finally {
            allocator.release(delta);
            allocator.release(p);
            allocator.release(dp);
        }
    }

    // ------------------------------------------------------------------ dropout and optimizer

    /** SPI {@code dropout}. */
    public void dropout(Storage x, Storage out, long n, float p, long seed, long offset) {
        if (p > 0f) {
            requireNoCapture("dropout with p > 0 (its seed is fixed at capture)");
        }
        float keepScale = 1f / (1f - p);
        args().ptr(f32(x).address()).ptr(f32(out).address()).i64(n).f32(p).f32(keepScale).i64(seed).i64(offset);
        elementwise(KernelModule.ELEMENTWISE, "dropout_f32", n);
    }

    /** SPI {@code adamw}, with the reference's scalar arithmetic. */
    public void adamw(Storage param, Storage grad, Storage m, Storage v, long n, AdamWStep s) {
        requireNoCapture("the AdamW step (its step number and learning rate change every step)");
        double bc1 = 1.0 - Math.pow(s.beta1(), s.step());
        double bc2 = 1.0 - Math.pow(s.beta2(), s.step());
        float stepSize = (float) (s.lr() / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float decay = 1f - s.lr() * s.weightDecay();
        args().ptr(f32(param).address()).ptr(f32(grad).address()).ptr(f32(m).address()).ptr(f32(v).address()).i64(n)
                .f32(s.beta1()).f32(s.beta2()).f32(s.eps()).f32(decay).f32(stepSize).f32(bc2Sqrt);
        elementwise(KernelModule.OPTIM, "adamw_f32", n);
    }

    // ------------------------------------------------------------------ synchronisation, timing, graphs

    /** Waits for all queued GPU work; asynchronous kernel errors surface here. */
    public void synchronize() {
        driver.synchronize(stream);
    }

    /**
     * Times GPU work with events.
     *
     * @return milliseconds of GPU time between before and after {@code work}
     */
    public float timeMillis(Runnable work) {
        MemorySegment start = driver.createEvent();
        MemorySegment end = driver.createEvent();
        try {
            driver.record(start, stream);
            work.run();
            driver.record(end, stream);
            driver.synchronizeEvent(end);
            return driver.elapsedMillis(start, end);
        } finally {
            driver.destroyEvent(start);
            driver.destroyEvent(end);
        }
    }

    /** A captured graph: its executable instance and the memory reserved for it. */
    public final class Graph {
        private final MemorySegment graph;
        private final MemorySegment exec;
        private final CachingAllocator.PrivatePool pool;
        private boolean destroyed;

        Graph(MemorySegment graph, MemorySegment exec, CachingAllocator.PrivatePool pool) {
            this.graph = graph;
            this.exec = exec;
            this.pool = pool;
        }

        /** Queues one replay on the backend's stream. */
        public void replay() {
            if (destroyed) {
                throw new IllegalStateException("this CUDA graph was closed");
            }
            driver.launchGraph(exec, stream);
        }

        /** @return bytes reserved by the graph's memory pool */
        public long reservedBytes() {
            return pool.reservedBytes();
        }

        /** Destroys the graph and returns its memory. */
        public void destroy() {
            if (destroyed) {
                return;
            }
            destroyed = true;
            driver.synchronize(stream);
            driver.destroyGraphExec(exec);
            driver.destroyGraph(graph);
            allocator.closePool(pool);
        }
    }

    /**
     * Captures everything {@code body} queues into a CUDA graph. Runs {@code body} on the device thread.
     *
     * @throws IllegalStateException if a capture is already in progress, or {@code body} calls something that
     *                               cannot be captured (downloads, dot, AdamW, dropout with p > 0)
     */
    public Graph capture(Runnable body) {
        if (capturing) {
            throw new IllegalStateException("CUDA graph captures cannot nest");
        }
        CachingAllocator.PrivatePool pool = allocator.beginPrivatePool("step");
        capturing = true;
        driver.beginCapture(stream, Driver.CAPTURE_MODE_RELAXED);
        MemorySegment graph;
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            capturing = false;
            allocator.endPrivatePool();
            try {
                driver.destroyGraph(driver.endCapture(stream));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            allocator.closePool(pool);
            throw e;
        }
        capturing = false;
        allocator.endPrivatePool();
        graph = driver.endCapture(stream);
        MemorySegment exec = driver.instantiate(graph);
        return new Graph(graph, exec, pool);
    }

    /** @return whether a graph capture is in progress */
    public boolean capturing() {
        return capturing;
    }

    /** Frees everything: waits for the GPU, then memory, handles, modules, the stream and the context. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> errors = new ArrayList<>();
        Runnable[] steps = {
            () -> driver.synchronize(stream),
            () -> {
                for (LtPlan p : ltPlans.values()) {
                    lt.destroyMatmulDesc(p.desc);
                    lt.destroyLayout(p.first);
                    lt.destroyLayout(p.second);
                    lt.destroyLayout(p.c);
                }
            },
            () -> {
                if (ltHandle != null) {
                    lt.destroyHandle(ltHandle);
                }
            },
            () -> cublas.destroy(blasHandle),
            allocator::close,
            () -> modules.values().forEach(driver::unloadModule),
            () -> driver.destroyStream(stream),
            () -> driver.freeHost(staging),
            () -> driver.releasePrimaryContext(cuDevice),
            arena::close,
        };
        for (Runnable r : steps) {
            try {
                r.run();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            RuntimeException first = errors.getFirst();
            errors.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
