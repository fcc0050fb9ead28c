// Reductions. Every kernel fixes its order of additions by its launch shape, which depends only on the
// problem shape: results are deterministic.

__device__ inline float reduce_init(int op) {
    return op == REDUCE_MAX ? -G_INF : (op == REDUCE_MIN ? G_INF : 0.0f);
}

__device__ inline float reduce_step(int op, float acc, float v) {
    switch (op) {
        case REDUCE_MAX: return java_max(acc, v);
        case REDUCE_MIN: return java_min(acc, v);
        default: return acc + v;
    }
}

// x viewed as [outer, reduced] (inner == 1): one block per row.
extern "C" __global__ void reduce_rows_f32(int op, const float* __restrict__ x, float* out, int reduced) {
    __shared__ float part[1024];
    i64 row = blockIdx.x;
    const float* xr = x + row * reduced;
    float acc = reduce_init(op);
    for (int c = threadIdx.x; c < reduced; c += blockDim.x) acc = reduce_step(op, acc, xr[c]);
    part[threadIdx.x] = acc;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) part[threadIdx.x] = reduce_step(op, part[threadIdx.x], part[threadIdx.x + s]);
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        float r = part[0];
        out[row] = op == REDUCE_MEAN ? r / (float) reduced : r;
    }
}

// x viewed as [outer, reduced, inner], inner > 1: blocks of 32 columns x 8 row groups; grid (ceil(inner/32), outer).
extern "C" __global__ void reduce_cols_f32(int op, const float* __restrict__ x, float* out, int reduced, int inner) {
    __shared__ float part[8][33];
    int col = blockIdx.x * 32 + threadIdx.x;
    i64 o = blockIdx.y;
    float acc = reduce_init(op);
    if (col < inner) {
        const float* base = x + o * (i64) reduced * inner + col;
        for (int r = threadIdx.y; r < reduced; r += 8) acc = reduce_step(op, acc, base[(i64) r * inner]);
    }
    part[threadIdx.y][threadIdx.x] = acc;
    __syncthreads();
    if (threadIdx.y == 0 && col < inner) {
        float r = part[0][threadIdx.x];
        for (int k = 1; k < 8; k++) r = reduce_step(op, r, part[k][threadIdx.x]);
        out[o * inner + col] = op == REDUCE_MEAN ? r / (float) reduced : r;
    }
}

// Index of the first largest element of each row; one block of 256 per row.
extern "C" __global__ void argmax_rows_f32(const float* __restrict__ x, int* out, int cols) {
    __shared__ float bv[256];
    __shared__ int bi[256];
    i64 row = blockIdx.x;
    const float* xr = x + row * cols;
    float best = -G_INF;
    int besti = 0x7fffffff;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        float v = xr[c];
        if (v > best || besti == 0x7fffffff) { best = v; besti = c; }
    }
    bv[threadIdx.x] = best;
    bi[threadIdx.x] = besti;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            float v = bv[threadIdx.x + s];
            int i = bi[threadIdx.x + s];
            if (v > bv[threadIdx.x] || (v == bv[threadIdx.x] && i < bi[threadIdx.x]) || bi[threadIdx.x] == 0x7fffffff) {
                if (i != 0x7fffffff) { bv[threadIdx.x] = v; bi[threadIdx.x] = i; }
            }
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) out[row] = bi[0] == 0x7fffffff ? 0 : bi[0];
}

// Partial dot products in double: one per block (256 threads); the host adds the partials in order.
extern "C" __global__ void dot_partial_f64(const float* __restrict__ x, const float* __restrict__ y, i64 n, double* partial) {
    __shared__ double part[256];
    double acc = 0.0;
    G_GRID_STRIDE(i, n) { acc += (double) x[i] * (double) y[i]; }
    part[threadIdx.x] = acc;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) part[threadIdx.x] += part[threadIdx.x + s];
        __syncthreads();
    }
    if (threadIdx.x == 0) partial[blockIdx.x] = part[0];
}
