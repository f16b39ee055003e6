#if defined(__x86_64__)
#include <immintrin.h>
#include "sgemm_kernel.h"

#define ZOO_AVX512 __attribute__((target("avx512f")))

/// The 8×16 tile, with B's rows optionally copied to `bcopy` as they are read (`copy` is a
/// compile-time constant in both callers, so each gets its own loop without the branch).
__attribute__((always_inline)) ZOO_AVX512 static inline void tile_8x16(long k, const float *ap, const float *b, long bs,
                                                                     float *bcopy, int copy, float *c, long ldc,
                                                                     float alpha, float beta, int mr, int nr) {
    __m512 c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
#pragma clang loop unroll_count(4)
    for (long p = 0; p < k; p++) {
        __m512 bv = _mm512_loadu_ps(b + p * bs);
        if (copy) _mm512_store_ps(bcopy + p * ZOO_NR, bv);
        const float *a = ap + p * ZOO_MR_AVX512;
        c0 = _mm512_fmadd_ps(_mm512_set1_ps(a[0]), bv, c0);
        c1 = _mm512_fmadd_ps(_mm512_set1_ps(a[1]), bv, c1);
        c2 = _mm512_fmadd_ps(_mm512_set1_ps(a[2]), bv, c2);
        c3 = _mm512_fmadd_ps(_mm512_set1_ps(a[3]), bv, c3);
        c4 = _mm512_fmadd_ps(_mm512_set1_ps(a[4]), bv, c4);
        c5 = _mm512_fmadd_ps(_mm512_set1_ps(a[5]), bv, c5);
        c6 = _mm512_fmadd_ps(_mm512_set1_ps(a[6]), bv, c6);
        c7 = _mm512_fmadd_ps(_mm512_set1_ps(a[7]), bv, c7);
    }
    __m512 acc[ZOO_MR_AVX512] = {c0, c1, c2, c3, c4, c5, c6, c7};
    __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    __mmask16 cols = nr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << nr) - 1);
    for (int r = 0; r < mr; r++) {
        float *cr = c + r * ldc;
        __m512 v = beta == 0 ? _mm512_mul_ps(va, acc[r])
                 : beta == 1 ? _mm512_fmadd_ps(va, acc[r], _mm512_maskz_loadu_ps(cols, cr))
                             : _mm512_fmadd_ps(va, acc[r], _mm512_mul_ps(vb, _mm512_maskz_loadu_ps(cols, cr)));
        _mm512_mask_storeu_ps(cr, cols, v);
    }
}

/// 8×16 tile: one zmm accumulator per row of C; per k one B load and eight FMAs whose A operand
/// is a broadcast from memory. Columns past `nr` are masked, so no scratch tile is needed.
ZOO_AVX512 void zoo_sgemm_kernel_avx512(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                                        float alpha, float beta, int mr, int nr) {
    tile_8x16(k, ap, b, bs, 0, 0, c, ldc, alpha, beta, mr, nr);
}

/// The 8×16 tile on a full panel of B read in place, copied to `bcopy` on the way.
ZOO_AVX512 void zoo_sgemm_kernel_copyb_avx512(long k, const float *ap, const float *b, long bs, float *bcopy,
                                              float *c, long ldc, float alpha, float beta, int mr) {
    tile_8x16(k, ap, b, bs, bcopy, 1, c, ldc, alpha, beta, mr, ZOO_NR);
}
#endif
