/**
 * The fast pure-Java CPU compute backend ({@code "cpu"}): GEMM, elementwise maths, reductions,
 * normalisation, fused attention, dropout and AdamW, vectorised with the Vector API and spread over a
 * small pool of threads owned by each {@link dev.graft.runtime.cpu.CpuBackend} instance. Found through
 * {@link java.util.ServiceLoader} as a {@link dev.graft.api.tensor.ComputeBackend}.
 */
package dev.graft.runtime.cpu;
