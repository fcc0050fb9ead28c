package dev.graft.api.model;

import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.Tensor;

/** Position-id tensors shared by the model families. */
public final class Positions {
    private Positions() {
    }

    /** @return I32 {@code [start, start + n)} */
    public static Tensor arange(ComputeBackend backend, int start, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = start + i;
        }
        return Tensor.ofInts(backend, p, n);
    }

    /** @return I32 {@code [0, n)} */
    public static Tensor arange(ComputeBackend backend, int n) {
        return arange(backend, 0, n);
    }
}
