// Shared by every kernel module. Self-contained: NVRTC compiles it without any header file.
// The op codes (UNARY_*, BINARY_*, REDUCE_*) are #defined by the Java loader from the Java enums.
// Functions marked __host__ __device__ are also compiled for the CPU by the tests, which compare them
// with the Java reference implementations.

typedef long long i64;
typedef unsigned long long u64;

#define G_MAX_RANK 8

// An n-dimensional iteration: up to three operands with element strides per dimension.
// Layout (bytes): stride[3][8] at 0, shape[8] at 192, rank at 224, size 232. Java packs it (NdIterPacker).
struct NdIter {
    i64 stride[3][G_MAX_RANK];
    int shape[G_MAX_RANK];
    int rank;
    int pad;
};

// Element offsets of the linear index e (row-major over shape) for operands 0..count-1.
__host__ __device__ inline void nd_offsets(const NdIter& it, i64 e, int count, i64* off) {
    for (int o = 0; o < count; o++) off[o] = 0;
    for (int d = it.rank - 1; d >= 0; d--) {
        i64 n = it.shape[d];
        i64 i = e % n;
        e /= n;
        for (int o = 0; o < count; o++) off[o] += i * it.stride[o][d];
    }
}

#if defined(__CUDA_ARCH__)
#define G_INF __int_as_float(0x7f800000)
#define G_NAN __int_as_float(0x7fffffff)
#define G_BITS_TO_FLOAT(u) __uint_as_float(u)
#define G_FLOAT_TO_BITS(f) __float_as_uint(f)
#else
#define G_INF __builtin_inff()
#define G_NAN __builtin_nanf("")
__host__ inline float g_bits_to_float(unsigned u) { float f; __builtin_memcpy(&f, &u, 4); return f; }
__host__ inline unsigned g_float_to_bits(float f) { unsigned u; __builtin_memcpy(&u, &f, 4); return u; }
#define G_BITS_TO_FLOAT(u) g_bits_to_float(u)
#define G_FLOAT_TO_BITS(f) g_float_to_bits(f)
#endif

// ---------------------------------------------------------------- counter RNG (dev.graft.api.tensor.CounterRng)
// SplitMix64's finaliser applied twice; unsigned arithmetic wraps exactly as Java's long arithmetic.
__host__ __device__ inline u64 counter_rng_bits(u64 seed, u64 counter) {
    u64 z = seed * 0x9E3779B97F4A7C15ULL + counter * 0xBF58476D1CE4E5B9ULL + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z = z ^ (z >> 31);
    z = (z + 0x9E3779B97F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL;
    return z ^ (z >> 29);
}

// A float uniform in [0, 1) with 24 random bits: exact, as in Java.
__host__ __device__ inline float counter_rng_uniform(u64 seed, u64 counter) {
    return (float) (unsigned) (counter_rng_bits(seed, counter) >> 40) * 5.9604644775390625e-8f;
}

// ---------------------------------------------------------------- bf16 (the upper half of a binary32)
__host__ __device__ inline unsigned short f32_to_bf16(float f) {
    unsigned u = G_FLOAT_TO_BITS(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) {
        return (unsigned short) ((u >> 16) | 0x0040u);  // quiet NaN, sign kept
    }
    u += 0x7fffu + ((u >> 16) & 1u);                       // round to nearest, ties to even
    return (unsigned short) (u >> 16);
}

__host__ __device__ inline float bf16_to_f32(unsigned short h) {
    return G_BITS_TO_FLOAT(((unsigned) h) << 16);
}

// ---------------------------------------------------------------- elementwise maths
#define G_SQRT_2_OVER_PI 0.7978845608028654f
#define G_INV_SQRT_2 0.7071067811865476f
#define G_INV_SQRT_2PI 0.3989422804014327f

__host__ __device__ inline float unary_apply(int op, float x) {
    switch (op) {
        case UNARY_EXP: return expf(x);
        case UNARY_LOG: return logf(x);
        case UNARY_SQRT: return sqrtf(x);
        case UNARY_RSQRT: return 1.0f / sqrtf(x);
        case UNARY_RECIPROCAL: return 1.0f / x;
        case UNARY_SQUARE: return x * x;
        case UNARY_ABS: return fabsf(x);
        case UNARY_TANH: return tanhf(x);
        case UNARY_SIGMOID: return 1.0f / (1.0f + expf(-x));
        case UNARY_RELU: return x > 0.0f ? x : 0.0f;
        case UNARY_SILU: return x / (1.0f + expf(-x));
        case UNARY_GELU_ERF: return 0.5f * x * (1.0f + erff(x * G_INV_SQRT_2));
        case UNARY_GELU_TANH: return 0.5f * x * (1.0f + tanhf(G_SQRT_2_OVER_PI * (x + 0.044715f * x * x * x)));
        default: return G_NAN;
    }
}

__host__ __device__ inline float unary_derivative(int op, float x) {
    switch (op) {
        case UNARY_EXP: return expf(x);
        case UNARY_LOG: return 1.0f / x;
        case UNARY_SQRT: return 0.5f / sqrtf(x);
        case UNARY_RSQRT: return -0.5f / (x * sqrtf(x));
        case UNARY_RECIPROCAL: return -1.0f / (x * x);
        case UNARY_SQUARE: return 2.0f * x;
        case UNARY_ABS: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f);
        case UNARY_TANH: { float t = tanhf(x); return 1.0f - t * t; }
        case UNARY_SIGMOID: { float s = 1.0f / (1.0f + expf(-x)); return s * (1.0f - s); }
        case UNARY_RELU: return x > 0.0f ? 1.0f : 0.0f;
        case UNARY_SILU: { float s = 1.0f / (1.0f + expf(-x)); return s * (1.0f + x * (1.0f - s)); }
        case UNARY_GELU_ERF:
            return 0.5f * (1.0f + erff(x * G_INV_SQRT_2)) + x * expf(-0.5f * x * x) * G_INV_SQRT_2PI;
        case UNARY_GELU_TANH: {
            float u = G_SQRT_2_OVER_PI * (x + 0.044715f * x * x * x);
            float t = tanhf(u);
            return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * G_SQRT_2_OVER_PI * (1.0f + 3.0f * 0.044715f * x * x);
        }
        default: return G_NAN;
    }
}

// Java's Math.max/min on floats: NaN wins; -0 < +0.
__host__ __device__ inline float java_max(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0f && b == 0.0f) return (G_FLOAT_TO_BITS(a) & 0x80000000u) ? b : a;
    return a >= b ? a : b;
}

__host__ __device__ inline float java_min(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0f && b == 0.0f) return (G_FLOAT_TO_BITS(a) & 0x80000000u) ? a : b;
    return a <= b ? a : b;
}

__host__ __device__ inline float binary_apply(int op, float x, float y) {
    switch (op) {
        case BINARY_ADD: return x + y;
        case BINARY_SUB: return x - y;
        case BINARY_MUL: return x * y;
        case BINARY_DIV: return x / y;
        case BINARY_MAX: return java_max(x, y);
        case BINARY_MIN: return java_min(x, y);
        case BINARY_EQ: return x == y ? 1.0f : 0.0f;
        case BINARY_GT: return x > y ? 1.0f : 0.0f;
        case BINARY_LT: return x < y ? 1.0f : 0.0f;
        default: return G_NAN;
    }
}

// ---------------------------------------------------------------- AdamW (torch.optim.AdamW's arithmetic)
// Must be compiled without FMA contraction (--fmad=false) to match the Java reference bit for bit:
// the same float operations in the same order.
__host__ __device__ inline void adamw_update(float* p, float* m, float* v, float g, float beta1, float beta2,
                                             float eps, float decay, float step_size, float bc2_sqrt) {
    float pp = *p * decay;
    float mm = beta1 * *m + (1.0f - beta1) * g;
    float vv = beta2 * *v + (1.0f - beta2) * g * g;
    float denom = sqrtf(vv) / bc2_sqrt + eps;
    pp = pp - step_size * (mm / denom);
    *p = pp;
    *m = mm;
    *v = vv;
}

// ---------------------------------------------------------------- device-only helpers
#define G_FULL_MASK 0xffffffffu

__device__ inline float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(G_FULL_MASK, v, o);
    return v;
}

__device__ inline float warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(G_FULL_MASK, v, o));
    return v;
}

// Sum over a block of blockDim.x threads (a multiple of 32, at most 1024); every thread gets the result.
// The order of additions depends only on blockDim.x: deterministic.
__device__ inline float block_sum(float v, float* scratch /* >= 33 floats */) {
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    v = warp_sum(v);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    int warps = blockDim.x >> 5;
    float t = threadIdx.x < warps ? scratch[threadIdx.x] : 0.0f;
    if (warp == 0) t = warp_sum(t);
    if (threadIdx.x == 0) scratch[32] = t;
    __syncthreads();
    return scratch[32];
}

__device__ inline float block_max(float v, float* scratch /* >= 33 floats */) {
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    v = warp_max(v);
    __syncthreads();
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    int warps = blockDim.x >> 5;
    float t = threadIdx.x < warps ? scratch[threadIdx.x] : -G_INF;
    if (warp == 0) t = warp_max(t);
    if (threadIdx.x == 0) scratch[32] = t;
    __syncthreads();
    return scratch[32];
}

#define G_GRID_STRIDE(i, n) for (i64 i = (i64) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (i64) gridDim.x * blockDim.x)
