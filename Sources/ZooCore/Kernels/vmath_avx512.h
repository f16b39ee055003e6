#ifndef ZOO_VMATH_AVX512_H
#define ZOO_VMATH_AVX512_H
#if defined(__x86_64__)
#include <immintrin.h>

#define ZOO_AVX512_MATH __attribute__((target("avx512f")))

/// 16-lane versions of vmath_avx2.h's functions: the same operations lane for lane (so the same
/// results), with 2^n made by scalef instead of from the exponent bits.

/// e^r − 1 for 16 lanes with e^x = 2^n·e^r; `n` gets n. x is clamped to [−87.3, 88.7].
ZOO_AVX512_MATH static inline __m512 exp_reduced16(__m512 x, __m512 *n) {
    x = _mm512_min_ps(_mm512_set1_ps(88.7f), _mm512_max_ps(_mm512_set1_ps(-87.3f), x));
    *n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(*n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(*n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    return _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), r);
}

/// 1 / (1 + e^−v) for 16 lanes (see sigmoid8).
ZOO_AVX512_MATH static inline __m512 sigmoid16(__m512 v) {
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512i signBit = _mm512_set1_epi32((int)0x80000000);
    __m512 n, m = exp_reduced16(_mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(v), signBit)), &n);
    __m512 s = _mm512_scalef_ps(one, n);
    __m512 e = _mm512_fmadd_ps(s, m, s);
    __m512 q = _mm512_div_ps(e, _mm512_add_ps(one, e));
    __mmask16 negative = _mm512_test_epi32_mask(_mm512_castps_si512(v), signBit);
    return _mm512_mask_blend_ps(negative, _mm512_sub_ps(one, q), q);
}

/// tanh for 16 lanes (see tanh8): sign(v)·(−m)/(2 + m), m = e^{−2|v|} − 1.
ZOO_AVX512_MATH static inline __m512 tanh16(__m512 v) {
    const __m512i signBit = _mm512_set1_epi32((int)0x80000000);
    __m512 a = _mm512_castsi512_ps(_mm512_andnot_si512(signBit, _mm512_castps_si512(v)));
    __m512 n, r = exp_reduced16(_mm512_mul_ps(a, _mm512_set1_ps(-2.0f)), &n);
    // 2^n·(e^r − 1) + (2^n − 1)
    __m512 s = _mm512_scalef_ps(_mm512_set1_ps(1.0f), n);
    __m512 m = _mm512_fmadd_ps(s, r, _mm512_sub_ps(s, _mm512_set1_ps(1.0f)));
    __m512 t = _mm512_div_ps(m, _mm512_add_ps(m, _mm512_set1_ps(2.0f)));
    return _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(t), _mm512_andnot_si512(_mm512_castps_si512(v), signBit)));
}
#endif
#endif
