// Row gather (embedding lookup) and its deterministic backward. The backward groups the indices by
// destination row with a counting sort (counts, exclusive scan, placement, then a stable order inside each
// row's segment), then adds each row's gradients in increasing index order, exactly as the reference does.
// Indices outside [0, rows) are skipped (the tensor layer checks them before calling).

// out[o, i, :] = src[o, idx[i], :]; elementwise over outer * n * inner.
extern "C" __global__ void index_select_f32(const float* __restrict__ src, int outer, int src_rows, int inner,
                                            const int* __restrict__ idx, int n, float* out) {
    G_GRID_STRIDE(e, (i64) outer * n * inner) {
        i64 c = e % inner;
        i64 t = e / inner;
        i64 i = t % n;
        i64 o = t / n;
        int r = idx[i];
        out[e] = (r >= 0 && r < src_rows) ? src[(o * src_rows + r) * inner + c] : 0.0f;
    }
}

// counts[r] = number of i with idx[i] == r (counts zeroed by the caller).
extern "C" __global__ void index_count_rows(const int* __restrict__ idx, int n, int rows, int* counts) {
    G_GRID_STRIDE(i, n) {
        int r = idx[i];
        if (r >= 0 && r < rows) atomicAdd(&counts[r], 1);
    }
}

// offsets[r] = sum of counts[0..r); one block of 1024 threads scanning in chunks.
extern "C" __global__ void index_exclusive_scan(const int* __restrict__ counts, int rows, int* offsets) {
    __shared__ int buf[1024];
    __shared__ int carry;
    if (threadIdx.x == 0) carry = 0;
    __syncthreads();
    for (int base = 0; base < rows; base += 1024) {
        int r = base + threadIdx.x;
        int v = r < rows ? counts[r] : 0;
        buf[threadIdx.x] = v;
        __syncthreads();
        for (int s = 1; s < 1024; s <<= 1) {
            int add = threadIdx.x >= s ? buf[threadIdx.x - s] : 0;
            __syncthreads();
            buf[threadIdx.x] += add;
            __syncthreads();
        }
        if (r < rows) offsets[r] = carry + buf[threadIdx.x] - v;
        __syncthreads();
        if (threadIdx.x == 1023) carry += buf[1023];
        __syncthreads();
    }
}

// list[offsets[r] + k] = some i with idx[i] == r (order inside a segment not yet fixed; cursor zeroed).
extern "C" __global__ void index_place_rows(const int* __restrict__ idx, int n, int rows, const int* __restrict__ offsets,
                                           int* cursor, int* list) {
    G_GRID_STRIDE(i, n) {
        int r = idx[i];
        if (r >= 0 && r < rows) list[offsets[r] + atomicAdd(&cursor[r], 1)] = (int) i;
    }
}

// sorted[offsets[r] + rank] = i, rank = number of entries of i's segment smaller than i: ascending order.
extern "C" __global__ void index_sort_segments(const int* __restrict__ idx, int n, int rows, const int* __restrict__ offsets,
                                              const int* __restrict__ counts, const int* __restrict__ list, int* sorted) {
    G_GRID_STRIDE(i, n) {
        int r = idx[i];
        if (r >= 0 && r < rows) {
            int start = offsets[r];
            int len = counts[r];
            int rank = 0;
            for (int k = 0; k < len; k++) rank += list[start + k] < (int) i;
            sorted[start + rank] = (int) i;
        }
    }
}

// dst[o, r, c] += grad[o, i, c] for the i of row r in ascending order; grid (rows, min(outer, 65535)), threads over c.
extern "C" __global__ void index_add_rows_f32(const float* __restrict__ grad, int outer, int rows, int inner,
                                              const int* __restrict__ sorted, const int* __restrict__ offsets,
                                              const int* __restrict__ counts, int n, float* dst) {
    int r = blockIdx.x;
    int len = counts[r];
    if (len == 0) return;
    int start = offsets[r];
    for (int o = blockIdx.y; o < outer; o += gridDim.y) {
        float* d = dst + ((i64) o * rows + r) * inner;
        const float* g = grad + (i64) o * n * inner;
        for (int c = threadIdx.x; c < inner; c += blockDim.x) {
            float acc = d[c];
            for (int k = 0; k < len; k++) acc += g[(i64) sorted[start + k] * inner + c];
            d[c] = acc;
        }
    }
}
