// Fused scaled-dot-product attention, flash style: scores live in registers one key at a time, never in
// memory. Compiled once per head size (-DHEAD_DIM=D). TPR threads share a query (or key) row, each holding
// DPT = D/TPR of its elements (interleaved: element d belongs to thread d % TPR, so the TPR threads read
// consecutive shared-memory words); their partial dot products meet through warp shuffles.
// Keys (forward, dQ) or queries (dK/dV) stream through shared memory in tiles of TILE rows.
// Every sum has a fixed order: results are deterministic.

#ifndef HEAD_DIM
#error "HEAD_DIM must be defined"
#endif
#if HEAD_DIM % 4 == 0
#define TPR 4
#elif HEAD_DIM % 2 == 0
#define TPR 2
#else
#define TPR 1
#endif
#define DPT (HEAD_DIM / TPR)
#define ATTN_THREADS 128
#define ROWS_PER_BLOCK (ATTN_THREADS / TPR)
#define TILE_RAW (4096 / HEAD_DIM)
#define TILE (TILE_RAW > 64 ? 64 : (TILE_RAW < 1 ? 1 : TILE_RAW))

// Where element (b, h, t, d) lives: offset + b*batch + h*head + t*row + d. 32 bytes.
struct HeadLayout {
    i64 offset;
    i64 batch;
    i64 head;
    i64 row;
};

// Layout (bytes): q 0, k 32, v 64, o 96, batch 128, heads 132, tq 136, tk 140, scale 144, causal 148,
// bias_batch 152, has_mask 156, has_bias 160, gbias_mode 164; size 168. Java packs it (AttentionPlan).
struct AttnParams {
    HeadLayout q, k, v, o;
    int batch, heads, tq, tk;
    float scale;
    int causal;
    int bias_batch;
    int has_mask;
    int has_bias;
    int gbias_mode;  // 0: no bias gradient; 1: accumulate into gbias; 2: write per batch into a [B,H,Tq,Tk] buffer
};

__device__ inline int imin(int a, int b) { return a < b ? a : b; }
__device__ inline int imax(int a, int b) { return a > b ? a : b; }

__device__ inline i64 at(const HeadLayout& l, int b, int h, i64 t) {
    return l.offset + b * l.batch + h * l.head + t * l.row;
}

__device__ inline float row_reduce(float s) {
#pragma unroll
    for (int o = 1; o < TPR; o <<= 1) s += __shfl_xor_sync(G_FULL_MASK, s, o);
    return s;
}

__device__ inline float score_extra(const AttnParams& p, const float* mask, const float* bias, int b, int h, int i,
                                    int key) {
    float e = 0.0f;
    if (p.has_bias) e += bias[(((i64) (p.bias_batch == 1 ? 0 : b) * p.heads + h) * p.tq + i) * p.tk + key];
    if (p.has_mask) e += mask[(i64) b * p.tk + key];
    return e;
}

// Keys [0, end) may be visible to some query row <= last_row.
__device__ inline int visible_key_end(const AttnParams& p, int last_row) {
    if (!p.causal) return p.tk;
    int e = last_row + (p.tk - p.tq) + 1;
    return e < 0 ? 0 : (e > p.tk ? p.tk : e);
}

extern "C" __global__ void __launch_bounds__(ATTN_THREADS)
attention_fwd_f32(AttnParams p, const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,
                  const float* __restrict__ mask, const float* __restrict__ bias, float* out, float* lse) {
    __shared__ float Ks[TILE][HEAD_DIM];
    __shared__ float Vs[TILE][HEAD_DIM];
    int bh = blockIdx.y;
    int b = bh / p.heads, h = bh % p.heads;
    int row0 = blockIdx.x * ROWS_PER_BLOCK;
    int part = threadIdx.x % TPR;
    int i = row0 + threadIdx.x / TPR;
    bool valid = i < p.tq;
    float qr[DPT], acc[DPT];
    const float* qp = q + at(p.q, b, h, valid ? i : 0);
#pragma unroll
    for (int t = 0; t < DPT; t++) { qr[t] = valid ? qp[part + TPR * t] : 0.0f; acc[t] = 0.0f; }
    float m = -G_INF, l = 0.0f;
    int shift = p.tk - p.tq;
    int last_row = imin(row0 + ROWS_PER_BLOCK, p.tq) - 1;
    int key_end = visible_key_end(p, last_row);
    const float* kb = k + at(p.k, b, h, 0);
    const float* vb = v + at(p.v, b, h, 0);
    for (int kt = 0; kt < key_end; kt += TILE) {
        __syncthreads();
        for (int e = threadIdx.x; e < TILE * HEAD_DIM; e += ATTN_THREADS) {
            int j = e / HEAD_DIM, d = e % HEAD_DIM, key = kt + j;
            Ks[j][d] = key < p.tk ? kb[(i64) key * p.k.row + d] : 0.0f;
            Vs[j][d] = key < p.tk ? vb[(i64) key * p.v.row + d] : 0.0f;
        }
        __syncthreads();
        int jn = imin(TILE, key_end - kt);
        for (int j = 0; j < jn; j++) {
            float s = 0.0f;
#pragma unroll
            for (int t = 0; t < DPT; t++) s += qr[t] * Ks[j][part + TPR * t];
            s = row_reduce(s);
            int key = kt + j;
            if (valid && !(p.causal && key > i + shift)) {
                s = s * p.scale + score_extra(p, mask, bias, b, h, i, key);
            } else {
                s = -G_INF;
            }
            if (s > m) {
                float corr = expf(m - s);
                l *= corr;
#pragma unroll
                for (int t = 0; t < DPT; t++) acc[t] *= corr;
                m = s;
            }
            if (s != -G_INF) {
                float pj = expf(s - m);
                l += pj;
#pragma unroll
                for (int t = 0; t < DPT; t++) acc[t] += pj * Vs[j][part + TPR * t];
            }
        }
    }
    if (valid) {
        float inv = l > 0.0f ? 1.0f / l : 0.0f;
        float* op = out + at(p.o, b, h, i);
#pragma unroll
        for (int t = 0; t < DPT; t++) op[part + TPR * t] = acc[t] * inv;
        if (part == 0) lse[((i64) b * p.heads + h) * p.tq + i] = l > 0.0f ? m + logf(l) : -G_INF;
    }
}

// delta[b, h, i] = sum_d gout[b, h, i, d] * out[b, h, i, d] (gout uses out's layout).
extern "C" __global__ void attention_bwd_delta_f32(AttnParams p, const float* __restrict__ out,
                                                   const float* __restrict__ gout, float* delta) {
    G_GRID_STRIDE(e, (i64) p.batch * p.heads * p.tq) {
        i64 i = e % p.tq;
        i64 bh = e / p.tq;
        int h = (int) (bh % p.heads), b = (int) (bh / p.heads);
        i64 o = at(p.o, b, h, i);
        float s = 0.0f;
        for (int d = 0; d < HEAD_DIM; d++) s += gout[o + d] * out[o + d];
        delta[e] = s;
    }
}

// dK and dV (and the bias gradient): one block per (b*h, tile of ROWS_PER_BLOCK keys), queries streamed.
extern "C" __global__ void __launch_bounds__(ATTN_THREADS)
attention_bwd_dkdv_f32(AttnParams p, const float* __restrict__ q, const float* __restrict__ k,
                       const float* __restrict__ v, const float* __restrict__ mask, const float* __restrict__ bias,
                       const float* __restrict__ lse, const float* __restrict__ delta, const float* __restrict__ gout,
                       float* gk, float* gv, float* gbias) {
    __shared__ float Qs[TILE][HEAD_DIM];
    __shared__ float Gs[TILE][HEAD_DIM];
    __shared__ float Ls[TILE];
    __shared__ float Ds[TILE];
    int bh = blockIdx.y;
    int b = bh / p.heads, h = bh % p.heads;
    int key0 = blockIdx.x * ROWS_PER_BLOCK;
    int part = threadIdx.x % TPR;
    int key = key0 + threadIdx.x / TPR;
    bool valid = key < p.tk;
    float kr[DPT], vr[DPT], dk[DPT], dv[DPT];
    const float* kp = k + at(p.k, b, h, valid ? key : 0);
    const float* vp = v + at(p.v, b, h, valid ? key : 0);
#pragma unroll
    for (int t = 0; t < DPT; t++) {
        kr[t] = valid ? kp[part + TPR * t] : 0.0f;
        vr[t] = valid ? vp[part + TPR * t] : 0.0f;
        dk[t] = 0.0f;
        dv[t] = 0.0f;
    }
    int shift = p.tk - p.tq;
    int q_begin = p.causal ? imax(0, key0 - shift) : 0;
    const float* qb = q + at(p.q, b, h, 0);
    const float* gb = gout + at(p.o, b, h, 0);
    const float* lb = lse + (i64) bh * p.tq;
    const float* db = delta + (i64) bh * p.tq;
    for (int qt = q_begin; qt < p.tq; qt += TILE) {
        __syncthreads();
        for (int e = threadIdx.x; e < TILE * HEAD_DIM; e += ATTN_THREADS) {
            int j = e / HEAD_DIM, d = e % HEAD_DIM, i = qt + j;
            Qs[j][d] = i < p.tq ? qb[(i64) i * p.q.row + d] : 0.0f;
            Gs[j][d] = i < p.tq ? gb[(i64) i * p.o.row + d] : 0.0f;
        }
        for (int j = threadIdx.x; j < TILE; j += ATTN_THREADS) {
            int i = qt + j;
            Ls[j] = i < p.tq ? lb[i] : -G_INF;
            Ds[j] = i < p.tq ? db[i] : 0.0f;
        }
        __syncthreads();
        int jn = imin(TILE, p.tq - qt);
        for (int j = 0; j < jn; j++) {
            int i = qt + j;
            float s = 0.0f, dp = 0.0f;
#pragma unroll
            for (int t = 0; t < DPT; t++) {
                s += kr[t] * Qs[j][part + TPR * t];
                dp += vr[t] * Gs[j][part + TPR * t];
            }
            s = row_reduce(s);
            dp = row_reduce(dp);
            bool vis = valid && !(p.causal && key > i + shift) && Ls[j] != -G_INF;
            float pr = 0.0f;
            if (vis) pr = expf(s * p.scale + score_extra(p, mask, bias, b, h, i, key) - Ls[j]);
            float ds = pr * (dp - Ds[j]);
#pragma unroll
            for (int t = 0; t < DPT; t++) {
                dv[t] += pr * Gs[j][part + TPR * t];
                dk[t] += ds * p.scale * Qs[j][part + TPR * t];
            }
            if (p.gbias_mode != 0 && valid && part == 0) {
                if (p.gbias_mode == 1) {
                    gbias[(((i64) (p.bias_batch == 1 ? 0 : b) * p.heads + h) * p.tq + i) * p.tk + key] += ds;
                } else {
                    gbias[(((i64) b * p.heads + h) * p.tq + i) * p.tk + key] = ds;
                }
            }
        }
    }
    if (valid) {
        float* gkp = gk + at(p.k, b, h, key);
        float* gvp = gv + at(p.v, b, h, key);
#pragma unroll
        for (int t = 0; t < DPT; t++) {
            gkp[part + TPR * t] += dk[t];
            gvp[part + TPR * t] += dv[t];
        }
    }
}

// dQ: one block per (b*h, tile of ROWS_PER_BLOCK queries), keys streamed.
extern "C" __global__ void __launch_bounds__(ATTN_THREADS)
attention_bwd_dq_f32(AttnParams p, const float* __restrict__ q, const float* __restrict__ k,
                     const float* __restrict__ v, const float* __restrict__ mask, const float* __restrict__ bias,
                     const float* __restrict__ lse, const float* __restrict__ delta, const float* __restrict__ gout,
                     float* gq) {
    __shared__ float Ks[TILE][HEAD_DIM];
    __shared__ float Vs[TILE][HEAD_DIM];
    int bh = blockIdx.y;
    int b = bh / p.heads, h = bh % p.heads;
    int row0 = blockIdx.x * ROWS_PER_BLOCK;
    int part = threadIdx.x % TPR;
    int i = row0 + threadIdx.x / TPR;
    bool valid = i < p.tq;
    float qr[DPT], gr[DPT], dq[DPT];
    const float* qp = q + at(p.q, b, h, valid ? i : 0);
    const float* gp = gout + at(p.o, b, h, valid ? i : 0);
#pragma unroll
    for (int t = 0; t < DPT; t++) {
        qr[t] = valid ? qp[part + TPR * t] : 0.0f;
        gr[t] = valid ? gp[part + TPR * t] : 0.0f;
        dq[t] = 0.0f;
    }
    float li = valid ? lse[(i64) bh * p.tq + i] : -G_INF;
    float di = valid ? delta[(i64) bh * p.tq + i] : 0.0f;
    int shift = p.tk - p.tq;
    int key_end = visible_key_end(p, imin(row0 + ROWS_PER_BLOCK, p.tq) - 1);
    const float* kb = k + at(p.k, b, h, 0);
    const float* vb = v + at(p.v, b, h, 0);
    for (int kt = 0; kt < key_end; kt += TILE) {
        __syncthreads();
        for (int e = threadIdx.x; e < TILE * HEAD_DIM; e += ATTN_THREADS) {
            int j = e / HEAD_DIM, d = e % HEAD_DIM, key = kt + j;
            Ks[j][d] = key < p.tk ? kb[(i64) key * p.k.row + d] : 0.0f;
            Vs[j][d] = key < p.tk ? vb[(i64) key * p.v.row + d] : 0.0f;
        }
        __syncthreads();
        int jn = imin(TILE, key_end - kt);
        for (int j = 0; j < jn; j++) {
            int key = kt + j;
            float s = 0.0f, dp = 0.0f;
#pragma unroll
            for (int t = 0; t < DPT; t++) {
                s += qr[t] * Ks[j][part + TPR * t];
                dp += gr[t] * Vs[j][part + TPR * t];
            }
            s = row_reduce(s);
            dp = row_reduce(dp);
            bool vis = valid && !(p.causal && key > i + shift) && li != -G_INF;
            float pr = 0.0f;
            if (vis) pr = expf(s * p.scale + score_extra(p, mask, bias, b, h, i, key) - li);
            float ds = pr * (dp - di);
#pragma unroll
            for (int t = 0; t < DPT; t++) dq[t] += ds * p.scale * Ks[j][part + TPR * t];
        }
    }
    if (valid) {
        float* gqp = gq + at(p.q, b, h, i);
#pragma unroll
        for (int t = 0; t < DPT; t++) gqp[part + TPR * t] += dq[t];
    }
}

// ---------------------------------------------------------------- attention as GEMMs
// For long sequences the backend computes attention as batched GEMMs (tensor cores) around the row kernels
// below, one batch entry at a time: s holds one batch entry's scores, [heads, tq, tk] row-major, so row
// r = h * tq + i is query i of head h; mask (or null) and lse/delta point at that batch entry's rows.

// Visible keys of query row i: [0, end).
__device__ inline int row_key_end(int i, int tq, int tk, int causal) {
    return causal ? imin(tk, imax(0, i + (tk - tq) + 1)) : tk;
}

// In place: scaled scores -> probabilities; writes the row log-sum-exp (-inf where no key is visible, whose
// probabilities are 0, as the fused kernel's). One block per row.
extern "C" __global__ void attention_rows_softmax_f32(float* s, const float* __restrict__ mask, float* lse, int tq,
                                                      int tk, int causal) {
    __shared__ float scratch[33];
    i64 r = blockIdx.x;
    int end = row_key_end((int) (r % tq), tq, tk, causal);
    float* sr = s + r * tk;
    float m = -G_INF;
    for (int j = threadIdx.x; j < end; j += blockDim.x) {
        float x = sr[j] + (mask != nullptr ? mask[j] : 0.0f);
        sr[j] = x;
        m = fmaxf(m, x);
    }
    m = block_max(m, scratch);
    float l = 0.0f;
    if (m != -G_INF) {
        for (int j = threadIdx.x; j < end; j += blockDim.x) l += expf(sr[j] - m);
    }
    l = block_sum(l, scratch);
    float inv = l > 0.0f ? 1.0f / l : 0.0f;
    for (int j = threadIdx.x; j < tk; j += blockDim.x) sr[j] = j < end && l > 0.0f ? expf(sr[j] - m) * inv : 0.0f;
    if (threadIdx.x == 0) lse[r] = l > 0.0f ? m + logf(l) : -G_INF;
}

// In place: scaled scores -> probabilities from the forward's log-sum-exp (the backward recomputes them).
extern "C" __global__ void attention_rows_probs_f32(float* s, const float* __restrict__ mask,
                                                    const float* __restrict__ lse, int tq, int tk, int causal,
                                                    i64 n) {
    G_GRID_STRIDE(e, n) {
        i64 r = e / tk;
        int j = (int) (e % tk);
        float L = lse[r];
        bool visible = j < row_key_end((int) (r % tq), tq, tk, causal) && L != -G_INF;
        s[e] = visible ? expf(s[e] + (mask != nullptr ? mask[j] : 0.0f) - L) : 0.0f;
    }
}

// In place: dP -> dS = P * (dP - delta[row]), the softmax backward with delta = rowsum(dO * O).
extern "C" __global__ void attention_rows_dscores_f32(const float* __restrict__ probs, float* dp,
                                                      const float* __restrict__ delta, int tk, i64 n) {
    G_GRID_STRIDE(e, n) {
        dp[e] = probs[e] * (dp[e] - delta[e / tk]);
    }
}
