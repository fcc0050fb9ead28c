/**
 * Tensors, eager reverse-mode autograd, the ComputeBackend kernel SPI and the ReferenceBackend oracle.
 */
package dev.graft.api.tensor;
