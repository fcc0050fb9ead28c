package dev.graft.api.tensor;

/**
 * The shape of a (batched) matrix multiply for {@link ComputeBackend#gemm}: {@code C = op(A)·op(B)}
 * with {@code op(A)} {@code [m, k]}, {@code op(B)} {@code [k, n]}, {@code C} {@code [m, n]}, repeated
 * {@code batch} times at the given element strides (0 broadcasts an operand).
 *
 * @param batch   number of products, {@code >= 1}
 * @param m       rows of C
 * @param n       columns of C
 * @param k       the contracted dimension
 * @param transA  A is stored {@code [k, m]}
 * @param transB  B is stored {@code [n, k]}
 * @param strideA elements between consecutive A operands
 * @param strideB elements between consecutive B operands
 * @param strideC elements between consecutive C results
 */
public record GemmSpec(int batch, int m, int n, int k, boolean transA, boolean transB,
                       long strideA, long strideB, long strideC) {
    public GemmSpec {
        if (batch < 1 || m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("bad GEMM shape: batch=" + batch + " m=" + m + " n=" + n + " k=" + k);
        }
    }

    /**
     * A single, unbatched product.
     *
     * @return the spec for {@code C[m,n] = op(A)·op(B)}
     */
    public static GemmSpec of(int m, int n, int k, boolean transA, boolean transB) {
        return new GemmSpec(1, m, n, k, transA, transB, (long) m * k, (long) k * n, (long) m * n);
    }

    /** @return floating-point operations of the product: {@code 2·batch·m·n·k} */
    public long flops() {
        return 2L * batch * m * n * k;
    }
}
