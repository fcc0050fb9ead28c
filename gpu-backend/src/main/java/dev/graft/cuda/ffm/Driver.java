package dev.graft.cuda.ffm;

import static dev.graft.cuda.ffm.Binding.B;
import static dev.graft.cuda.ffm.Binding.I;
import static dev.graft.cuda.ffm.Binding.J;
import static dev.graft.cuda.ffm.Binding.P;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The CUDA driver API ({@code libcuda.so.1}) as far as the backend uses it. Every method checks the
 * {@code CUresult} and throws {@link CudaCallException} naming the call and the error.
 *
 * <p>Context-bound calls must run on the thread where the context is current (the backend's device thread).
 * Device pointers are plain {@code long}s; handles ({@code CUstream}, {@code CUmodule}, ...) are
 * {@link MemorySegment}s of size 0 holding the address.
 */
public final class Driver extends NativeApi {

    /** The driver functions bound, with the signatures of {@code cuda.h} (CUDA 12 and 13). */
    public static final List<Binding> BINDINGS = List.of(
            Binding.of("cuInit", I),
            Binding.of("cuDriverGetVersion", P),
            Binding.of("cuGetErrorName", I, P),
            Binding.of("cuGetErrorString", I, P),
            Binding.of("cuDeviceGetCount", P),
            Binding.of("cuDeviceGet", P, I),
            Binding.of("cuDeviceGetName", P, I, I),
            Binding.of("cuDeviceGetAttribute", P, I, I),
            Binding.of("cuDeviceTotalMem_v2", P, I),
            Binding.of("cuDevicePrimaryCtxRetain", P, I),
            Binding.of("cuDevicePrimaryCtxRelease_v2", I),
            Binding.of("cuCtxSetCurrent", P),
            Binding.of("cuCtxSynchronize"),
            Binding.of("cuMemAlloc_v2", P, J),
            Binding.of("cuMemFree_v2", J),
            Binding.of("cuMemGetInfo_v2", P, P),
            Binding.of("cuMemAllocHost_v2", P, J),
            Binding.of("cuMemFreeHost", P),
            Binding.of("cuMemcpyHtoDAsync_v2", J, P, J, P),
            Binding.of("cuMemcpyDtoHAsync_v2", P, J, J, P),
            Binding.of("cuMemcpyDtoDAsync_v2", J, J, J, P),
            Binding.of("cuMemsetD32Async", J, I, J, P),
            Binding.of("cuMemsetD8Async", J, B, J, P),
            Binding.of("cuModuleLoadData", P, P),
            Binding.of("cuModuleGetFunction", P, P, P),
            Binding.of("cuModuleUnload", P),
            Binding.of("cuFuncSetAttribute", P, I, I),
            Binding.of("cuLaunchKernel", P, I, I, I, I, I, I, I, P, P, P),
            Binding.of("cuStreamCreate", P, I),
            Binding.of("cuStreamDestroy_v2", P),
            Binding.of("cuStreamSynchronize", P),
            Binding.of("cuEventCreate", P, I),
            Binding.of("cuEventRecord", P, P),
            Binding.of("cuEventSynchronize", P),
            Binding.withFallback("cuEventElapsedTime_v2", List.of("cuEventElapsedTime"), P, P, P),
            Binding.of("cuEventDestroy_v2", P),
            Binding.of("cuStreamBeginCapture_v2", P, I),
            Binding.of("cuStreamEndCapture", P, P),
            Binding.of("cuGraphInstantiateWithFlags", P, P, J),
            Binding.of("cuGraphLaunch", P, P),
            Binding.of("cuGraphExecDestroy", P),
            Binding.of("cuGraphDestroy", P));

    /** {@code CUDA_SUCCESS}. */
    public static final int SUCCESS = 0;
    /** {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    public static final int ERROR_OUT_OF_MEMORY = 2;
    /** {@code CUDA_ERROR_NO_DEVICE}. */
    public static final int ERROR_NO_DEVICE = 100;
    /** {@code CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT}. */
    public static final int ATTR_MULTIPROCESSOR_COUNT = 16;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR}. */
    public static final int ATTR_CC_MAJOR = 75;
    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR}. */
    public static final int ATTR_CC_MINOR = 76;
    /** {@code CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN}. */
    public static final int ATTR_MAX_SHARED_OPTIN = 97;
    /** {@code CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES}. */
    public static final int FUNC_MAX_DYNAMIC_SHARED = 8;
    /** {@code CU_STREAM_CAPTURE_MODE_RELAXED}: the capturing thread may still call cuMemAlloc. */
    public static final int CAPTURE_MODE_RELAXED = 2;
    /** {@code CU_EVENT_DEFAULT}. */
    public static final int EVENT_DEFAULT = 0;

    /**
     * Binds the driver API.
     *
     * @param lookup      the loaded {@code libcuda.so.1}
     * @param libraryFile its file, for messages
     * @throws CudaLibraryException if a required function is missing
     */
    public Driver(SymbolLookup lookup, String libraryFile) {
        super(lookup, libraryFile, BINDINGS);
    }

    private void check(int rc, String call) {
        if (rc != SUCCESS) {
            throw new CudaCallException(call, rc, errorName(rc), errorString(rc));
        }
    }

    /** @return the symbolic name of a {@code CUresult}, e.g. {@code CUDA_ERROR_NO_DEVICE} */
    public String errorName(int rc) {
        return message("cuGetErrorName", rc);
    }

    /** @return the driver's description of a {@code CUresult} */
    public String errorString(int rc) {
        return message("cuGetErrorString", rc);
    }

    private String message(String fn, int rc) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            int r = (int) h(fn).invokeExact(rc, out);
            MemorySegment p = out.get(ValueLayout.ADDRESS, 0);
            if (r != SUCCESS || p.equals(MemorySegment.NULL)) {
                return "CUresult " + rc;
            }
            return p.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuInit(0)}: fails with {@code CUDA_ERROR_NO_DEVICE} where the driver sees no GPU. */
    public void init() {
        try {
            check((int) h("cuInit").invokeExact(0), "cuInit");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the status of {@code cuInit(0)} without throwing */
    public int tryInit() {
        try {
            return (int) h("cuInit").invokeExact(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return {@code cuDriverGetVersion}, e.g. 13000 for CUDA 13.0 */
    public int driverVersion() {
        return intOut("cuDriverGetVersion");
    }

    /** @return the number of CUDA devices */
    public int deviceCount() {
        return intOut("cuDeviceGetCount");
    }

    private int intOut(String fn) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.JAVA_INT);
            check((int) h(fn).invokeExact(out), fn);
            return out.get(ValueLayout.JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the {@code CUdevice} of an ordinal */
    public int device(int ordinal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.JAVA_INT);
            check((int) h("cuDeviceGet").invokeExact(out, ordinal), "cuDeviceGet");
            return out.get(ValueLayout.JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the marketing name of a device */
    public String deviceName(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(256);
            check((int) h("cuDeviceGetName").invokeExact(out, 256, device), "cuDeviceGetName");
            return out.getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return a {@code CU_DEVICE_ATTRIBUTE_*} of a device */
    public int attribute(int device, int attribute) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.JAVA_INT);
            check((int) h("cuDeviceGetAttribute").invokeExact(out, attribute, device), "cuDeviceGetAttribute");
            return out.get(ValueLayout.JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the device's memory in bytes */
    public long totalMemory(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.JAVA_LONG);
            check((int) h("cuDeviceTotalMem_v2").invokeExact(out, device), "cuDeviceTotalMem_v2");
            return out.get(ValueLayout.JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Retains the device's primary context (shared with every other user of the device in this process). */
    public MemorySegment retainPrimaryContext(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            check((int) h("cuDevicePrimaryCtxRetain").invokeExact(out, device), "cuDevicePrimaryCtxRetain");
            return out.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Releases a retained primary context. */
    public void releasePrimaryContext(int device) {
        try {
            check((int) h("cuDevicePrimaryCtxRelease_v2").invokeExact(device), "cuDevicePrimaryCtxRelease_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Makes a context current on the calling thread. */
    public void setCurrent(MemorySegment context) {
        try {
            check((int) h("cuCtxSetCurrent").invokeExact(context), "cuCtxSetCurrent");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Waits for all work of the current context. */
    public void synchronizeContext() {
        try {
            check((int) h("cuCtxSynchronize").invokeExact(), "cuCtxSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code cuMemAlloc_v2}.
     *
     * @return the device pointer, or 0 when the device is out of memory
     * @throws CudaCallException for any other error
     */
    public long memAlloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.JAVA_LONG);
            int rc = (int) h("cuMemAlloc_v2").invokeExact(out, bytes);
            if (rc == ERROR_OUT_OF_MEMORY) {
                return 0L;
            }
            check(rc, "cuMemAlloc_v2");
            return out.get(ValueLayout.JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuMemFree_v2}. */
    public void memFree(long ptr) {
        try {
            check((int) h("cuMemFree_v2").invokeExact(ptr), "cuMemFree_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return {@code {free, total}} bytes of the current context's device */
    public long[] memInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(ValueLayout.JAVA_LONG);
            MemorySegment t = a.allocate(ValueLayout.JAVA_LONG);
            check((int) h("cuMemGetInfo_v2").invokeExact(f, t), "cuMemGetInfo_v2");
            return new long[] {f.get(ValueLayout.JAVA_LONG, 0), t.get(ValueLayout.JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return page-locked host memory of {@code bytes}, for asynchronous copies; free with {@link #freeHost} */
    public MemorySegment allocHost(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            check((int) h("cuMemAllocHost_v2").invokeExact(out, bytes), "cuMemAllocHost_v2");
            return out.get(ValueLayout.ADDRESS, 0).reinterpret(bytes);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Frees memory from {@link #allocHost}. */
    public void freeHost(MemorySegment p) {
        try {
            check((int) h("cuMemFreeHost").invokeExact(p), "cuMemFreeHost");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Host to device, ordered on {@code stream}. */
    public void copyHtoD(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try {
            check((int) h("cuMemcpyHtoDAsync_v2").invokeExact(dst, src, bytes, stream), "cuMemcpyHtoDAsync_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Device to host, ordered on {@code stream}; synchronize the stream before reading {@code dst}. */
    public void copyDtoH(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) h("cuMemcpyDtoHAsync_v2").invokeExact(dst, src, bytes, stream), "cuMemcpyDtoHAsync_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Device to device, ordered on {@code stream}. */
    public void copyDtoD(long dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) h("cuMemcpyDtoDAsync_v2").invokeExact(dst, src, bytes, stream), "cuMemcpyDtoDAsync_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sets {@code count} 32-bit words at {@code dst} to {@code value}, ordered on {@code stream}. */
    public void memset32(long dst, int value, long count, MemorySegment stream) {
        try {
            check((int) h("cuMemsetD32Async").invokeExact(dst, value, count, stream), "cuMemsetD32Async");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sets {@code count} bytes at {@code dst} to {@code value}, ordered on {@code stream}. */
    public void memset8(long dst, byte value, long count, MemorySegment stream) {
        try {
            check((int) h("cuMemsetD8Async").invokeExact(dst, value, count, stream), "cuMemsetD8Async");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Loads a CUBIN or NUL-terminated PTX image into the current context.
     *
     * @return the module, or throws with the driver's error (a stale or corrupt image fails here)
     */
    public MemorySegment loadModule(MemorySegment image) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            check((int) h("cuModuleLoadData").invokeExact(out, image), "cuModuleLoadData");
            return out.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the kernel {@code name} of a module */
    public MemorySegment function(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            check((int) h("cuModuleGetFunction").invokeExact(out, module, a.allocateFrom(name)),
                    "cuModuleGetFunction(" + name + ")");
            return out.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Unloads a module. */
    public void unloadModule(MemorySegment module) {
        try {
            check((int) h("cuModuleUnload").invokeExact(module), "cuModuleUnload");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuFuncSetAttribute}. */
    public void setFunctionAttribute(MemorySegment function, int attribute, int value) {
        try {
            check((int) h("cuFuncSetAttribute").invokeExact(function, attribute, value), "cuFuncSetAttribute");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Launches a kernel on {@code stream}.
     *
     * @param params a {@code void*[]} with one pointer per kernel argument
     */
    public void launch(MemorySegment function, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
                       MemorySegment stream, MemorySegment params, String name) {
        try {
            int rc = (int) h("cuLaunchKernel").invokeExact(function, gx, gy, gz, bx, by, bz, sharedBytes, stream,
                    params, MemorySegment.NULL);
            if (rc != SUCCESS) {
                throw new CudaCallException("cuLaunchKernel(" + name + ", grid " + gx + "x" + gy + "x" + gz
                        + ", block " + bx + "x" + by + "x" + bz + ", shared " + sharedBytes + ")",
                        rc, errorName(rc), errorString(rc));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return a new stream with the given {@code CU_STREAM_*} flags */
    public MemorySegment createStream(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            check((int) h("cuStreamCreate").invokeExact(out, flags), "cuStreamCreate");
            return out.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Destroys a stream. */
    public void destroyStream(MemorySegment stream) {
        try {
            check((int) h("cuStreamDestroy_v2").invokeExact(stream), "cuStreamDestroy_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Waits for all work queued on a stream; asynchronous kernel errors surface here. */
    public void synchronize(MemorySegment stream) {
        try {
            check((int) h("cuStreamSynchronize").invokeExact(stream), "cuStreamSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return a new timing event */
    public MemorySegment createEvent() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            check((int) h("cuEventCreate").invokeExact(out, EVENT_DEFAULT), "cuEventCreate");
            return out.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Records an event on a stream. */
    public void record(MemorySegment event, MemorySegment stream) {
        try {
            check((int) h("cuEventRecord").invokeExact(event, stream), "cuEventRecord");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Waits for an event. */
    public void synchronizeEvent(MemorySegment event) {
        try {
            check((int) h("cuEventSynchronize").invokeExact(event), "cuEventSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return milliseconds between two completed events */
    public float elapsedMillis(MemorySegment start, MemorySegment end) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.JAVA_FLOAT);
            check((int) h("cuEventElapsedTime_v2").invokeExact(out, start, end), "cuEventElapsedTime");
            return out.get(ValueLayout.JAVA_FLOAT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Destroys an event. */
    public void destroyEvent(MemorySegment event) {
        try {
            check((int) h("cuEventDestroy_v2").invokeExact(event), "cuEventDestroy_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Starts capturing the work queued on {@code stream} into a graph. */
    public void beginCapture(MemorySegment stream, int mode) {
        try {
            check((int) h("cuStreamBeginCapture_v2").invokeExact(stream, mode), "cuStreamBeginCapture_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the captured graph */
    public MemorySegment endCapture(MemorySegment stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            check((int) h("cuStreamEndCapture").invokeExact(stream, out), "cuStreamEndCapture");
            return out.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return an executable instance of a graph */
    public MemorySegment instantiate(MemorySegment graph) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ValueLayout.ADDRESS);
            check((int) h("cuGraphInstantiateWithFlags").invokeExact(out, graph, 0L), "cuGraphInstantiateWithFlags");
            return out.get(ValueLayout.ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Launches an executable graph on a stream. */
    public void launchGraph(MemorySegment exec, MemorySegment stream) {
        try {
            check((int) h("cuGraphLaunch").invokeExact(exec, stream), "cuGraphLaunch");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Destroys an executable graph. */
    public void destroyGraphExec(MemorySegment exec) {
        try {
            check((int) h("cuGraphExecDestroy").invokeExact(exec), "cuGraphExecDestroy");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Destroys a graph. */
    public void destroyGraph(MemorySegment graph) {
        try {
            check((int) h("cuGraphDestroy").invokeExact(graph), "cuGraphDestroy");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
