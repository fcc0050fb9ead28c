// Layer norm and RMS norm, forward and backward. Row kernels use one warp per row (8 rows per block of 256);
// parameter gradients are column sums over rows in a fixed order (32 columns x 8 row groups per block).

#define NORM_ROWS_PER_BLOCK 8

extern "C" __global__ void layer_norm_f32(const float* x, const float* gamma, const float* beta, int rows, int cols,
                                          float eps, float* out, float* mean_out, float* rstd_out) {
    int row = blockIdx.x * NORM_ROWS_PER_BLOCK + (threadIdx.x >> 5);
    int lane = threadIdx.x & 31;
    if (row >= rows) return;
    const float* xr = x + (i64) row * cols;
    float s = 0.0f;
    for (int c = lane; c < cols; c += 32) s += xr[c];
    float mu = warp_sum(s) / (float) cols;
    float v = 0.0f;
    for (int c = lane; c < cols; c += 32) { float d = xr[c] - mu; v += d * d; }
    float var = warp_sum(v) / (float) cols;
    float rs = 1.0f / sqrtf(var + eps);
    float* orow = out + (i64) row * cols;
    for (int c = lane; c < cols; c += 32) {
        float y = (xr[c] - mu) * rs * gamma[c];
        orow[c] = beta == nullptr ? y : y + beta[c];
    }
    if (lane == 0) { mean_out[row] = mu; rstd_out[row] = rs; }
}

extern "C" __global__ void layer_norm_backward_dx_f32(const float* x, const float* gamma, const float* mean,
                                                      const float* rstd, const float* gy, int rows, int cols, float* gx) {
    int row = blockIdx.x * NORM_ROWS_PER_BLOCK + (threadIdx.x >> 5);
    int lane = threadIdx.x & 31;
    if (row >= rows) return;
    i64 o = (i64) row * cols;
    float mu = mean[row], rs = rstd[row];
    float sg = 0.0f, sgx = 0.0f;
    for (int c = lane; c < cols; c += 32) {
        float xhat = (x[o + c] - mu) * rs;
        float g = gy[o + c] * gamma[c];
        sg += g;
        sgx += g * xhat;
    }
    sg = warp_sum(sg) / (float) cols;
    sgx = warp_sum(sgx) / (float) cols;
    for (int c = lane; c < cols; c += 32) {
        float xhat = (x[o + c] - mu) * rs;
        float g = gy[o + c] * gamma[c];
        gx[o + c] = rs * (g - sg - xhat * sgx);
    }
}

// gGamma[c] += sum_r gy*xhat, gBeta[c] += sum_r gy (either may be null); grid ceil(cols/32), block (32, 8).
extern "C" __global__ void layer_norm_backward_params_f32(const float* x, const float* mean, const float* rstd,
                                                          const float* gy, int rows, int cols, float* g_gamma,
                                                          float* g_beta) {
    __shared__ float pg[8][33];
    __shared__ float pb[8][33];
    int col = blockIdx.x * 32 + threadIdx.x;
    float ag = 0.0f, ab = 0.0f;
    if (col < cols) {
        for (int r = threadIdx.y; r < rows; r += 8) {
            i64 o = (i64) r * cols + col;
            float g = gy[o];
            ag += g * ((x[o] - mean[r]) * rstd[r]);
            ab += g;
        }
    }
    pg[threadIdx.y][threadIdx.x] = ag;
    pb[threadIdx.y][threadIdx.x] = ab;
    __syncthreads();
    if (threadIdx.y == 0 && col < cols) {
        float sg = pg[0][threadIdx.x], sb = pb[0][threadIdx.x];
        for (int k = 1; k < 8; k++) { sg += pg[k][threadIdx.x]; sb += pb[k][threadIdx.x]; }
        if (g_gamma != nullptr) g_gamma[col] += sg;
        if (g_beta != nullptr) g_beta[col] += sb;
    }
}

extern "C" __global__ void rms_norm_f32(const float* x, const float* gamma, int rows, int cols, float eps, float* out,
                                        float* rstd_out) {
    int row = blockIdx.x * NORM_ROWS_PER_BLOCK + (threadIdx.x >> 5);
    int lane = threadIdx.x & 31;
    if (row >= rows) return;
    const float* xr = x + (i64) row * cols;
    float s = 0.0f;
    for (int c = lane; c < cols; c += 32) s += xr[c] * xr[c];
    float rs = 1.0f / sqrtf(warp_sum(s) / (float) cols + eps);
    float* orow = out + (i64) row * cols;
    for (int c = lane; c < cols; c += 32) orow[c] = xr[c] * rs * gamma[c];
    if (lane == 0) rstd_out[row] = rs;
}

extern "C" __global__ void rms_norm_backward_dx_f32(const float* x, const float* gamma, const float* rstd,
                                                    const float* gy, int rows, int cols, float* gx) {
    int row = blockIdx.x * NORM_ROWS_PER_BLOCK + (threadIdx.x >> 5);
    int lane = threadIdx.x & 31;
    if (row >= rows) return;
    i64 o = (i64) row * cols;
    float rs = rstd[row];
    float s = 0.0f;
    for (int c = lane; c < cols; c += 32) s += gy[o + c] * gamma[c] * x[o + c];
    s = warp_sum(s) / (float) cols;
    for (int c = lane; c < cols; c += 32) gx[o + c] = rs * gy[o + c] * gamma[c] - rs * rs * rs * x[o + c] * s;
}

extern "C" __global__ void rms_norm_backward_params_f32(const float* x, const float* rstd, const float* gy, int rows,
                                                        int cols, float* g_gamma) {
    __shared__ float pg[8][33];
    int col = blockIdx.x * 32 + threadIdx.x;
    float ag = 0.0f;
    if (col < cols) {
        for (int r = threadIdx.y; r < rows; r += 8) {
            i64 o = (i64) r * cols + col;
            ag += gy[o] * x[o] * rstd[r];
        }
    }
    pg[threadIdx.y][threadIdx.x] = ag;
    __syncthreads();
    if (threadIdx.y == 0 && col < cols) {
        float sg = pg[0][threadIdx.x];
        for (int k = 1; k < 8; k++) sg += pg[k][threadIdx.x];
        g_gamma[col] += sg;
    }
}
