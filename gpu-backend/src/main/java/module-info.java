/**
 * The CUDA compute backend: kernels compiled at run time by NVRTC, GEMM through cuBLAS/cuBLASLt, all bound
 * through the Foreign Function and Memory API (no JNI, no native jar). Discovered as the {@code cuda}
 * {@link dev.graft.api.tensor.ComputeBackend}; {@link dev.graft.cuda.CudaProbe} reports what a machine offers
 * and {@link dev.graft.cuda.DeviceSelection} turns {@code --device cuda[:N]|cpu|auto} into a choice.
 */
module dev.graft.cuda {
    requires dev.graft.api;

    exports dev.graft.cuda;

    provides dev.graft.api.tensor.ComputeBackend with dev.graft.cuda.CudaBackend;
}
