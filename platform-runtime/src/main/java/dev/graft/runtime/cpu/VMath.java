package dev.graft.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised single-precision transcendental functions built only from add, multiply, fused
 * multiply-add, divide, square root, compares and bit operations. The Vector API's own
 * transcendental operators are avoided on purpose: their compiled form (a vendor maths library) and
 * their interpreted form (per-lane {@link Math} calls) may round differently, which would make a
 * kernel's bits depend on whether it was JIT-compiled yet. These functions give the same bits in
 * every execution mode.
 *
 * <p>Accuracy (measured against double precision on dense grids, see the tests): {@link #exp} and
 * {@link #log} within 2 ulp, {@link #tanh} within 3 ulp, {@link #erfc} within 4e-7 relative error.
 */
final class VMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VMath() {
    }

    // ---------------------------------------------------------------- exp

    private static final float LOG2E = 1.44269504088896341f;
    private static final float NEG_LN2_HI = -0.693359375f;
    private static final float NEG_LN2_LO = 2.12194440e-4f;
    /** 1.5·2²³: adding it rounds a float of magnitude below 2²² to an integer held in the low mantissa bits. */
    private static final float ROUND_MAGIC = 12582912f;
    private static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
    private static final float EXP_HI = 88.72283f;
    private static final float EXP_LO = -104f;

    /**
     * e^x: Cody–Waite reduction {@code x = n·ln2 + r}, |r| ≤ ln2/2, a degree-6 polynomial (Cephes
     * {@code expf}), and the scale 2ⁿ applied in two halves so that subnormal results are right.
     * Overflows to +inf, underflows to 0, NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        return expCore(x).blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HI));
    }

    /**
     * {@link #exp} without the overflow to +inf (arguments above 88.72 give about 3.4e38), for callers
     * whose arguments are at most 0. NaN propagates through the arithmetic; arguments below −104 give 0.
     */
    static FloatVector expCore(FloatVector x) {
        FloatVector xc = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = xc.fma(LOG2E, ROUND_MAGIC);
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(S, NEG_LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, NEG_LN2_LO), r);
        FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f);
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073E-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894E-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459E-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201E-1f));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector ni = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(s1).mul(s2);
    }

    // ---------------------------------------------------------------- log

    private static final float SQRT_HALF = 0.707106781186547524f;

    /**
     * Natural logarithm (Cephes {@code logf}): {@code x = m·2^e} with m in [√½, √2), a degree-8
     * polynomial in {@code m − 1}. log(0) = −inf, log(x < 0) = NaN, log(+inf) = +inf.
     */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> sub = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(8388608f), sub);
        FloatVector res = logNormal(xs, FloatVector.zero(S).blend(23f, sub));
        res = res.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        res = res.blend(Float.NaN, x.compare(VectorOperators.LT, 0f));
        res = res.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return res.blend(x, x.compare(VectorOperators.NE, x));
    }

    /** log(x) − eBias·ln2 for positive normal x (eBias undoes a prescaling by 2^eBias). */
    private static FloatVector logNormal(FloatVector x, FloatVector eBias) {
        IntVector bits = x.reinterpretAsInts();
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);
        FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats();
        VectorMask<Float> lo = m.compare(VectorOperators.LT, SQRT_HALF);
        FloatVector fe = ((FloatVector) e.convert(VectorOperators.I2F, 0)).sub(eBias);
        fe = fe.blend(fe.sub(1f), lo);
        m = m.blend(m.add(m), lo).sub(1f);
        FloatVector z = m.mul(m);
        FloatVector y = m.fma(7.0376836292E-2f, -1.1514610310E-1f);
        y = y.fma(m, FloatVector.broadcast(S, 1.1676998740E-1f));
        y = y.fma(m, FloatVector.broadcast(S, -1.2420140846E-1f));
        y = y.fma(m, FloatVector.broadcast(S, 1.4249322787E-1f));
        y = y.fma(m, FloatVector.broadcast(S, -1.6668057665E-1f));
        y = y.fma(m, FloatVector.broadcast(S, 2.0000714765E-1f));
        y = y.fma(m, FloatVector.broadcast(S, -2.4999993993E-1f));
        y = y.fma(m, FloatVector.broadcast(S, 3.3333331174E-1f));
        y = y.mul(m).mul(z);
        y = fe.fma(FloatVector.broadcast(S, -2.12194440e-4f), y);
        y = z.fma(FloatVector.broadcast(S, -0.5f), y);
        return fe.fma(FloatVector.broadcast(S, 0.693359375f), m.add(y));
    }

    // ---------------------------------------------------------------- tanh, sigmoid

    /** tanh (Cephes {@code tanhf}): an odd polynomial below 0.625, {@code 1 − 2/(e^{2|x|} + 1)} above. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(-5.70498872745E-3f, 2.06390887954E-2f);
        p = p.fma(z, FloatVector.broadcast(S, -5.37397155531E-2f));
        p = p.fma(z, FloatVector.broadcast(S, 1.33314422036E-1f));
        p = p.fma(z, FloatVector.broadcast(S, -3.33332819422E-1f));
        FloatVector small = p.mul(z).fma(x, x);
        FloatVector e = expCore(a.add(a));
        FloatVector big = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        return big.blend(small, a.compare(VectorOperators.LT, 0.625f));
    }

    /** The logistic function {@code 1/(1 + e^{−x})}. */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }

    // ---------------------------------------------------------------- erf, erfc, GELU

    private static final float[] ERF_TAYLOR = {1.1283791670955126f, -0.37612638903183754f, 0.11283791670955128f,
            -0.026866170645131252f, 0.005223977625442188f, -0.0008548327023450853f, 0.00012055332981789665f,
            -1.4925650358406252e-05f, 1.6462114365889248e-06f, -1.6365844691234924e-07f, 1.480719281587922e-08f,
            -1.2290555301717928e-09f};

    /** erf(u) for |u| ≤ 1 from its Maclaurin series (12 terms, truncation error below 2e-9). */
    static FloatVector erfSmall(FloatVector u) {
        FloatVector w = u.mul(u);
        FloatVector p = w.fma(ERF_TAYLOR[11], ERF_TAYLOR[10]);
        p = p.fma(w, FloatVector.broadcast(S, ERF_TAYLOR[9]));
        p = p.fma(w, FloatVector.broadcast(S, ERF_TAYLOR[8]));
        p = p.fma(w, FloatVector.broadcast(S, ERF_TAYLOR[7]));
        p = p.fma(w, FloatVector.broadcast(S, ERF_TAYLOR[6]));
        p = p.fma(w, FloatVector.broadcast(S, ERF_TAYLOR[5]));
        p = p.fma(w, FloatVector.broadcast(S, ERF_TAYLOR[4]));
        p = p.fma(w, FloatVector.broadcast(S, ERF_TAYLOR[3]));
        p = p.fma(w, FloatVector.broadcast(S, ERF_TAYLOR[2]));
        p = p.fma(w, FloatVector.broadcast(S, ERF_TAYLOR[1]));
        p = p.fma(w, FloatVector.broadcast(S, ERF_TAYLOR[0]));
        return p.mul(u);
    }

    /**
     * erfc(z) for z ≥ 0: the Chebyshev fit {@code t·exp(−z² + P(t))}, {@code t = 1/(1 + z/2)} (Numerical
     * Recipes' {@code erfcc}, fractional error below 1.2e-7), with {@code −z² + P(t)} carried in two floats
     * so that the exponent's rounding does not grow with z.
     */
    static FloatVector erfc(FloatVector z) {
        FloatVector z2 = z.mul(z);
        return erfc(z, z2, z.fma(z, z2.neg()));
    }

    /**
     * erfc(z) given {@code z²} as the unevaluated sum {@code z2 + z2lo}, for callers that know z² more
     * exactly than {@code z·z} (GELU's {@code z = x/√2} has {@code z² = x²/2} exactly).
     */
    static FloatVector erfc(FloatVector z, FloatVector z2, FloatVector z2lo) {
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.fma(0.5f, 1f));
        FloatVector p = t.fma(0.17087277f, -0.82215223f);
        p = p.fma(t, FloatVector.broadcast(S, 1.48851587f));
        p = p.fma(t, FloatVector.broadcast(S, -1.13520398f));
        p = p.fma(t, FloatVector.broadcast(S, 0.27886807f));
        p = p.fma(t, FloatVector.broadcast(S, -0.18628806f));
        p = p.fma(t, FloatVector.broadcast(S, 0.09678418f));
        p = p.fma(t, FloatVector.broadcast(S, 0.37409196f));
        p = p.fma(t, FloatVector.broadcast(S, 1.00002368f));
        p = p.fma(t, FloatVector.broadcast(S, -1.26551223f));
        // s + lo = P(t) − z², carried in two floats (Knuth's two-sum), so that the exponent's rounding
        // does not grow with z.
        FloatVector nz2 = z2.neg();
        FloatVector s = p.add(nz2);
        FloatVector bb = s.sub(p);
        FloatVector lo = p.sub(s.sub(bb)).add(nz2.sub(bb)).sub(z2lo);
        FloatVector ex = expCore(s);
        FloatVector res = t.mul(ex).mul(lo.add(1f));
        return res.blend(0f, z.compare(VectorOperators.GT, ERFC_ZERO));
    }

    /** Above this erfc is below the smallest float (and the two-float exponent would overflow). */
    private static final float ERFC_ZERO = 11f;

    private static final float SQRT_HALF_F = 0.7071067811865476f;
    private static final float INV_SQRT_2PI = 0.3989422804014327f;

    /** erfc(|x|/√2), with {@code z² = x²/2} carried exactly in two floats. */
    static FloatVector erfcHalf(FloatVector x) {
        FloatVector x2 = x.mul(x);
        return erfc(x.abs().mul(SQRT_HALF_F), x2.mul(0.5f), x.fma(x, x2.neg()).mul(0.5f));
    }

    /**
     * {@code 1 + erf(x/√2) = 2·Φ(x)} given {@code e = erfcHalf(x)}: the series below |x/√2| = 1, else
     * {@code 2 − e} or {@code e}; accurate in relative terms also where it is tiny (x ≪ 0).
     */
    static FloatVector twoPhi(FloatVector x, FloatVector e) {
        FloatVector u = x.mul(SQRT_HALF_F);
        FloatVector small = erfSmall(u).add(1f);
        FloatVector big = e.blend(FloatVector.broadcast(S, 2f).sub(e), u.compare(VectorOperators.GT, 0f));
        return big.blend(small, u.abs().compare(VectorOperators.LT, 1f));
    }

    /** GELU with the exact error function, {@code x·Φ(x) = ½·x·(1 + erf(x/√2))}, given {@code e = erfcHalf(x)}. */
    static FloatVector geluErf(FloatVector x, FloatVector e) {
        return x.mul(0.5f).mul(twoPhi(x, e));
    }

    /** d/dx GELU(x) = Φ(x) + x·φ(x), given {@code e = erfcHalf(x)}. */
    static FloatVector geluErfGrad(FloatVector x, FloatVector e) {
        FloatVector phi = expCore(x.mul(x).mul(-0.5f)).mul(INV_SQRT_2PI);
        return twoPhi(x, e).mul(0.5f).add(x.mul(phi));
    }

    /** GELU with the exact error function (one call; kernels split it in two passes, see Elementwise). */
    static FloatVector geluErf(FloatVector x) {
        return geluErf(x, erfcHalf(x));
    }

    /** d/dx GELU(x) (one call; kernels split it in two passes, see Elementwise). */
    static FloatVector geluErfGrad(FloatVector x) {
        return geluErfGrad(x, erfcHalf(x));
    }

    private static final float GELU_C = 0.7978845608028654f;
    private static final float GELU_A = 0.044715f;

    /** tanh-GELU, written as {@code x·σ(2u)} with {@code u = √(2/π)(x + 0.044715x³)}, which equals {@code ½x(1 + tanh u)} without its cancellation. */
    static FloatVector geluTanh(FloatVector x) {
        FloatVector u2 = x.mul(x).fma(GELU_A, 1f).mul(x).mul(2f * GELU_C);
        return x.mul(sigmoid(u2));
    }

    /** d/dx tanh-GELU = σ + 2x·σ(1 − σ)·√(2/π)(1 + 3·0.044715x²), σ = σ(2u). */
    static FloatVector geluTanhGrad(FloatVector x) {
        FloatVector x2 = x.mul(x);
        FloatVector u2 = x2.fma(GELU_A, 1f).mul(x).mul(2f * GELU_C);
        FloatVector s = sigmoid(u2);
        FloatVector du = x2.fma(3f * GELU_A, 1f).mul(2f * GELU_C);
        return x.mul(s).mul(FloatVector.broadcast(S, 1f).sub(s)).mul(du).add(s);
    }
}
