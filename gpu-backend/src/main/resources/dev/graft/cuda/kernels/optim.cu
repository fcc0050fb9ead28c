// The fused AdamW step. Compiled with --fmad=false: the arithmetic is the reference's, operation for
// operation, so the result is bit-identical to the CPU.

extern "C" __global__ void adamw_f32(float* param, const float* __restrict__ grad, float* m, float* v, i64 n,
                                     float beta1, float beta2, float eps, float decay, float step_size, float bc2_sqrt) {
    G_GRID_STRIDE(i, n) {
        float p = param[i], mm = m[i], vv = v[i];
        adamw_update(&p, &mm, &vv, grad[i], beta1, beta2, eps, decay, step_size, bc2_sqrt);
        param[i] = p;
        m[i] = mm;
        v[i] = vv;
    }
}
