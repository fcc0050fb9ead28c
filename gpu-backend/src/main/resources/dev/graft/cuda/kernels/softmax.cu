// Row-wise softmax, log-softmax, their backwards and the fused cross-entropy. One block per row
// (blockDim a multiple of 32, at most 1024); rows are re-read from L2 instead of being kept on chip.

__device__ inline float row_max(const float* xr, int cols, float* scratch) {
    float m = -G_INF;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) m = fmaxf(m, xr[c]);
    return block_max(m, scratch);
}

__device__ inline float row_sum_exp(const float* xr, int cols, float m, float* scratch) {
    float s = 0.0f;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) s += expf(xr[c] - m);
    return block_sum(s, scratch);
}

extern "C" __global__ void softmax_f32(const float* x, float* out, int cols) {
    __shared__ float scratch[33];
    i64 row = blockIdx.x;
    const float* xr = x + row * cols;
    float* orow = out + row * cols;
    float m = row_max(xr, cols, scratch);
    if (m == -G_INF) {
        for (int c = threadIdx.x; c < cols; c += blockDim.x) orow[c] = G_NAN;
        return;
    }
    float lse = m + logf(row_sum_exp(xr, cols, m, scratch));
    for (int c = threadIdx.x; c < cols; c += blockDim.x) orow[c] = expf(xr[c] - lse);
}

extern "C" __global__ void log_softmax_f32(const float* x, float* out, int cols) {
    __shared__ float scratch[33];
    i64 row = blockIdx.x;
    const float* xr = x + row * cols;
    float* orow = out + row * cols;
    float m = row_max(xr, cols, scratch);
    float lse = m == -G_INF ? -G_INF : m + logf(row_sum_exp(xr, cols, m, scratch));
    for (int c = threadIdx.x; c < cols; c += blockDim.x) orow[c] = xr[c] - lse;
}

extern "C" __global__ void softmax_backward_f32(const float* y, const float* gy, float* gx, int cols) {
    __shared__ float scratch[33];
    i64 o = (i64) blockIdx.x * cols;
    float d = 0.0f;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) d += y[o + c] * gy[o + c];
    d = block_sum(d, scratch);
    for (int c = threadIdx.x; c < cols; c += blockDim.x) gx[o + c] = y[o + c] * (gy[o + c] - d);
}

extern "C" __global__ void log_softmax_backward_f32(const float* y, const float* gy, float* gx, int cols) {
    __shared__ float scratch[33];
    i64 o = (i64) blockIdx.x * cols;
    float s = 0.0f;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) s += gy[o + c];
    s = block_sum(s, scratch);
    for (int c = threadIdx.x; c < cols; c += blockDim.x) gx[o + c] = gy[o + c] - expf(y[o + c]) * s;
}

// loss = (1-eps)(lse - x_t) + eps(lse - mean x); ignored rows get 0; a target outside [0, cols) gives NaN.
extern "C" __global__ void cross_entropy_f32(const float* logits, const int* targets, int cols, int ignore_index,
                                             float smoothing, float* loss, float* lse_out) {
    __shared__ float scratch[33];
    i64 row = blockIdx.x;
    const float* xr = logits + row * cols;
    float m = row_max(xr, cols, scratch);
    float lse = m == -G_INF ? -G_INF : m + logf(row_sum_exp(xr, cols, m, scratch));
    float mean = 0.0f;
    if (smoothing != 0.0f) {
        float s = 0.0f;
        for (int c = threadIdx.x; c < cols; c += blockDim.x) s += xr[c];
        mean = block_sum(s, scratch) / (float) cols;
    }
    if (threadIdx.x == 0) {
        lse_out[row] = lse;
        int t = targets[row];
        if (t == ignore_index) {
            loss[row] = 0.0f;
        } else if (t < 0 || t >= cols) {
            loss[row] = G_NAN;
        } else {
            float nll = lse - xr[t];
            if (smoothing != 0.0f) nll = (1.0f - smoothing) * nll + smoothing * (lse - mean);
            loss[row] = nll;
        }
    }
}

// g = scale (softmax(x) - (1-eps) onehot(t) - eps/cols); zero on ignored rows. Elementwise over rows*cols.
extern "C" __global__ void cross_entropy_backward_f32(const float* logits, const float* lse, const int* targets,
                                                      i64 rows, int cols, int ignore_index, float smoothing,
                                                      float scale, float* grad) {
    G_GRID_STRIDE(e, rows * cols) {
        i64 row = e / cols;
        int c = (int) (e - row * cols);
        int t = targets[row];
        if (t == ignore_index) {
            grad[e] = 0.0f;
        } else {
            float p = expf(logits[e] - lse[row]);
            float target = (c == t ? 1.0f - smoothing : 0.0f) + smoothing / (float) cols;
            grad[e] = scale * (p - target);
        }
    }
}
