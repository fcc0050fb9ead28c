// Elementwise kernels: unary ops and their derivatives, affine, axpy, broadcasting binary ops, strided
// copies, bias rows, bf16 casts and dropout. Grid-stride loops with 64-bit indices.

extern "C" __global__ void unary_f32(int op, const float* __restrict__ x, float* out, i64 n) {
    G_GRID_STRIDE(i, n) { out[i] = unary_apply(op, x[i]); }
}

extern "C" __global__ void unary_backward_f32(int op, const float* __restrict__ x, const float* gy, float* gx, i64 n) {
    G_GRID_STRIDE(i, n) { gx[i] = gy[i] * unary_derivative(op, x[i]); }
}

extern "C" __global__ void affine_f32(const float* x, float alpha, float beta, float* out, i64 n) {
    G_GRID_STRIDE(i, n) { out[i] = alpha * x[i] + beta; }
}

extern "C" __global__ void axpy_f32(float alpha, const float* __restrict__ x, float* y, i64 n) {
    G_GRID_STRIDE(i, n) { y[i] += alpha * x[i]; }
}

// out[e] = op(a[offsets over stride[0]], b[offsets over stride[1]]), out contiguous over it.shape.
extern "C" __global__ void binary_f32(int op, NdIter it, const float* a, const float* b, float* out, i64 n) {
    G_GRID_STRIDE(e, n) {
        i64 off[2];
        nd_offsets(it, e, 2, off);
        out[e] = binary_apply(op, a[off[0]], b[off[1]]);
    }
}

// 32-bit words (F32 or I32): dst[stride[1]] = src[stride[0]].
extern "C" __global__ void copy_strided_u32(NdIter it, const unsigned* src, unsigned* dst, i64 n) {
    G_GRID_STRIDE(e, n) {
        i64 off[2];
        nd_offsets(it, e, 2, off);
        dst[off[1]] = src[off[0]];
    }
}

// dst[stride[1]] += src[stride[0]]; destinations must be distinct.
extern "C" __global__ void add_strided_f32(NdIter it, const float* src, float* dst, i64 n) {
    G_GRID_STRIDE(e, n) {
        i64 off[2];
        nd_offsets(it, e, 2, off);
        dst[off[1]] += src[off[0]];
    }
}

// c[r, col] += bias[col] for rows r of a [rows, cols] matrix (GEMM bias when cuBLASLt is not used).
extern "C" __global__ void add_bias_rows_f32(float* c, const float* __restrict__ bias, i64 rows, int cols) {
    G_GRID_STRIDE(i, rows * cols) { c[i] += bias[i % cols]; }
}

extern "C" __global__ void cast_f32_bf16(const float* __restrict__ x, unsigned short* y, i64 n) {
    G_GRID_STRIDE(i, n) { y[i] = f32_to_bf16(x[i]); }
}

extern "C" __global__ void cast_bf16_f32(const unsigned short* __restrict__ x, float* y, i64 n) {
    G_GRID_STRIDE(i, n) { y[i] = bf16_to_f32(x[i]); }
}

// Inverted dropout: keep element i iff CounterRng.uniform(seed, offset + i) >= p, scaled by keep_scale
// (computed by the caller as 1f / (1f - p), as the reference does).
extern "C" __global__ void dropout_f32(const float* x, float* out, i64 n, float p, float keep_scale, u64 seed, u64 offset) {
    G_GRID_STRIDE(i, n) {
        out[i] = counter_rng_uniform(seed, offset + (u64) i) >= p ? x[i] * keep_scale : 0.0f;
    }
}
