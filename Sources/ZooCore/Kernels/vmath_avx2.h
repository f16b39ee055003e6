#ifndef ZOO_VMATH_AVX2_H
#define ZOO_VMATH_AVX2_H
#if defined(__x86_64__)
#include <immintrin.h>

#define ZOO_AVX2 __attribute__((target("avx2,fma")))

/// e^r − 1 for 8 lanes with e^x = 2^n·e^r: n = round(x·log2 e), r = x − n·ln 2 (in two parts),
/// e^r − 1 = r + r²·P(r) with P of degree 5; `scale` gets 2^n (through the exponent bits). x is
/// clamped to [−87.3, 88.7] (max/min keep NaN).
ZOO_AVX2 static inline __m256 exp_reduced8(__m256 x, __m256 *scale) {
    x = _mm256_min_ps(_mm256_set1_ps(88.7f), _mm256_max_ps(_mm256_set1_ps(-87.3f), x));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    *scale = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23));
    return _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r);
}

/// e^x for 8 lanes (x clamped to [−87.3, 88.7]; NaN kept).
ZOO_AVX2 static inline __m256 exp8(__m256 x) {
    __m256 s, m = exp_reduced8(x, &s);
    return _mm256_fmadd_ps(s, m, s);
}

/// e^x − 1 for 8 lanes, without cancellation near 0: 2^n·(e^r − 1) + (2^n − 1).
ZOO_AVX2 static inline __m256 expm1_8(__m256 x) {
    __m256 s, m = exp_reduced8(x, &s);
    return _mm256_fmadd_ps(s, m, _mm256_sub_ps(s, _mm256_set1_ps(1.0f)));
}

/// 1 / (1 + e^−v) for 8 lanes from e = e^−|v|, so neither tail loses precision: q = e/(1 + e)
/// for v < 0, 1 − q otherwise (exactly 1 once e is negligible); relative error ≤ 5e-7.
ZOO_AVX2 static inline __m256 sigmoid8(__m256 v) {
    const __m256 one = _mm256_set1_ps(1.0f), signMask = _mm256_set1_ps(-0.0f);
    __m256 e = exp8(_mm256_or_ps(v, signMask));
    __m256 q = _mm256_div_ps(e, _mm256_add_ps(one, e));
    return _mm256_blendv_ps(_mm256_sub_ps(one, q), q, v);
}

/// tanh for 8 lanes: sign(v)·(−m)/(2 + m) with m = e^{−2|v|} − 1 (relative error ≤ 5e-7,
/// also near 0); NaN kept.
ZOO_AVX2 static inline __m256 tanh8(__m256 v) {
    const __m256 signMask = _mm256_set1_ps(-0.0f);
    __m256 m = expm1_8(_mm256_mul_ps(_mm256_andnot_ps(signMask, v), _mm256_set1_ps(-2.0f)));
    __m256 t = _mm256_div_ps(m, _mm256_add_ps(m, _mm256_set1_ps(2.0f)));
    return _mm256_xor_ps(t, _mm256_andnot_ps(v, signMask));
}
#endif
#endif
