package dev.graft.api.tensor;

/**
 * A flat buffer of elements owned by one {@link ComputeBackend}. A tensor views a storage as
 * contiguous row-major data; several tensors may share one storage (for example after
 * {@link Tensor#reshape}).
 *
 * <p>Only the backend that created a storage may read or write it; kernels receive storages of their
 * own backend only (the tensor layer checks this before it calls a kernel). Storages are not
 * thread-safe.
 */
public interface Storage {
    /** @return the element type */
    DType dtype();

    /** @return the number of elements */
    long size();

    /** @return the device the elements live on */
    Device device();
}
