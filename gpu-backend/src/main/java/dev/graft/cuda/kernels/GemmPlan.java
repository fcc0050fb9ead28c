package dev.graft.cuda.kernels;

import dev.graft.api.tensor.GemmSpec;

/**
 * A row-major {@link GemmSpec} expressed as a column-major cuBLAS call. A row-major {@code [r, c]} matrix
 * read column-major is its transpose {@code [c, r]}, so {@code C = op(A)·op(B)} becomes
 * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: cuBLAS gets B as its first operand and A as its second, {@code m} and
 * {@code n} swap, and no data moves.
 *
 * @param opFirst     {@code CUBLAS_OP_T} (1) or {@code CUBLAS_OP_N} (0) for the first operand (B)
 * @param opSecond    the op of the second operand (A)
 * @param m           rows of the column-major result ({@code spec.n()})
 * @param n           columns of the column-major result ({@code spec.m()})
 * @param k           the contracted dimension
 * @param ldFirst     leading dimension of B as stored
 * @param ldSecond    leading dimension of A as stored
 * @param ldc         leading dimension of C ({@code spec.n()})
 * @param rowsFirst   rows of B as stored, column-major (for cuBLASLt layouts)
 * @param colsFirst   columns of B as stored, column-major
 * @param rowsSecond  rows of A as stored, column-major
 * @param colsSecond  columns of A as stored, column-major
 */
public record GemmPlan(int opFirst, int opSecond, int m, int n, int k, int ldFirst, int ldSecond, int ldc,
                       int rowsFirst, int colsFirst, int rowsSecond, int colsSecond) {

    /** {@code CUBLAS_OP_N}. */
    public static final int OP_N = 0;
    /** {@code CUBLAS_OP_T}. */
    public static final int OP_T = 1;

    /**
     * Plans a row-major product. Leading dimensions are at least 1, as cuBLAS requires, even for empty
     * matrices (which the caller skips anyway).
     *
     * @param s the row-major product
     * @return the column-major call
     */
    public static GemmPlan of(GemmSpec s) {
        // B stored row-major [k, n] (or [n, k] when transposed) reads column-major as [n, k] (or [k, n]).
        int rowsB = s.transB() ? s.k() : s.n();
        int colsB = s.transB() ? s.n() : s.k();
        // A stored row-major [m, k] (or [k, m]) reads column-major as [k, m] (or [m, k]).
        int rowsA = s.transA() ? s.m() : s.k();
        int colsA = s.transA() ? s.k() : s.m();
        return new GemmPlan(s.transB() ? OP_T : OP_N, s.transA() ? OP_T : OP_N, s.n(), s.m(), s.k(),
                Math.max(1, rowsB), Math.max(1, rowsA), Math.max(1, s.n()), rowsB, colsB, rowsA, colsA);
    }
}
