#ifndef ZOO_VMATH_AVX2_H
#define ZOO_VMATH_AVX2_H
#if defined(__x86_64__)
#include <immintrin.h>

#define ZOO_AVX2 __attribute__((target("avx2,fma")))

/// e^x for 8 lanes: n = round(x·log2 e), r = x − n·ln 2 (in two parts), e^r by a degree-6
/// polynomial, scaled by 2^n through the exponent bits. x is clamped to [−87.3, 88.7]
/// (max/min keep NaN).
ZOO_AVX2 static inline __m256 exp8(__m256 x) {
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
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

/// 1 / (1 + e^−v) for 8 lanes, from e^−|v| so neither tail loses precision.
ZOO_AVX2 static inline __m256 sigmoid8(__m256 v) {
    const __m256 one = _mm256_set1_ps(1.0f), signMask = _mm256_set1_ps(-0.0f);
    __m256 e = exp8(_mm256_or_ps(v, signMask));
    __m256 r = _mm256_div_ps(one, _mm256_add_ps(one, e));
    __m256 negative = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_LT_OQ);
    return _mm256_blendv_ps(r, _mm256_mul_ps(e, r), negative);
}

/// tanh for 8 lanes: an odd polynomial below |v| = 0.625, 1 − 2 / (e^{2|v|} + 1) above; NaN kept.
ZOO_AVX2 static inline __m256 tanh8(__m256 v) {
    const __m256 one = _mm256_set1_ps(1.0f), two = _mm256_set1_ps(2.0f), signMask = _mm256_set1_ps(-0.0f);
    __m256 sign = _mm256_and_ps(v, signMask);
    __m256 a = _mm256_andnot_ps(signMask, v);
    __m256 big = _mm256_sub_ps(one, _mm256_div_ps(two, _mm256_add_ps(exp8(_mm256_add_ps(a, a)), one)));
    __m256 z = _mm256_mul_ps(v, v);
    __m256 p = _mm256_set1_ps(-5.70498872745e-3f);
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(2.06390887954e-2f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-5.37397155531e-2f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(1.33314422036e-1f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-3.33332819422e-1f));
    __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(p, z), v, v);
    __m256 useSmall = _mm256_cmp_ps(a, _mm256_set1_ps(0.625f), _CMP_LT_OQ);
    __m256 result = _mm256_blendv_ps(_mm256_or_ps(big, sign), small, useSmall);
    __m256 isNaN = _mm256_cmp_ps(v, v, _CMP_UNORD_Q);
    return _mm256_blendv_ps(result, v, isNaN);
}
#endif
#endif
