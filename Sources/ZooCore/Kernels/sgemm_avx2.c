#if defined(__x86_64__)
#include <immintrin.h>
#include "sgemm_kernel.h"

#define ZOO_AVX2 __attribute__((target("avx2,fma")))

/// The 6×16 tile, with B's rows optionally copied to `bcopy` as they are read (`copy` is a
/// compile-time constant in both callers, so each gets its own loop without the branch).
__attribute__((always_inline)) ZOO_AVX2 static inline void tile_6x16(long k, const float *ap, const float *b, long bs,
                                                                   float *bcopy, int copy, float *c, long ldc,
                                                                   float alpha, int mr, int nr) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
#pragma clang loop unroll_count(4)
    for (long p = 0; p < k; p++) {
        const float *bp = b + p * bs;
        __m256 b0 = _mm256_loadu_ps(bp), b1 = _mm256_loadu_ps(bp + 8);
        if (copy) {
            _mm256_store_ps(bcopy + p * ZOO_NR, b0);
            _mm256_store_ps(bcopy + p * ZOO_NR + 8, b1);
        }
        const float *a = ap + p * ZOO_MR;
        __m256 ar = _mm256_broadcast_ss(a);
        c00 = _mm256_fmadd_ps(ar, b0, c00); c01 = _mm256_fmadd_ps(ar, b1, c01);
        ar = _mm256_broadcast_ss(a + 1);
        c10 = _mm256_fmadd_ps(ar, b0, c10); c11 = _mm256_fmadd_ps(ar, b1, c11);
        ar = _mm256_broadcast_ss(a + 2);
        c20 = _mm256_fmadd_ps(ar, b0, c20); c21 = _mm256_fmadd_ps(ar, b1, c21);
        ar = _mm256_broadcast_ss(a + 3);
        c30 = _mm256_fmadd_ps(ar, b0, c30); c31 = _mm256_fmadd_ps(ar, b1, c31);
        ar = _mm256_broadcast_ss(a + 4);
        c40 = _mm256_fmadd_ps(ar, b0, c40); c41 = _mm256_fmadd_ps(ar, b1, c41);
        ar = _mm256_broadcast_ss(a + 5);
        c50 = _mm256_fmadd_ps(ar, b0, c50); c51 = _mm256_fmadd_ps(ar, b1, c51);
    }
    __m256 acc[ZOO_MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
    __m256 va = _mm256_set1_ps(alpha);
    if (nr == ZOO_NR) {
        for (int r = 0; r < mr; r++) {
            float *cr = c + r * ldc;
            _mm256_storeu_ps(cr, _mm256_fmadd_ps(va, acc[r][0], _mm256_loadu_ps(cr)));
            _mm256_storeu_ps(cr + 8, _mm256_fmadd_ps(va, acc[r][1], _mm256_loadu_ps(cr + 8)));
        }
        return;
    }
    float tile[ZOO_NR];
    for (int r = 0; r < mr; r++) {
        _mm256_storeu_ps(tile, acc[r][0]);
        _mm256_storeu_ps(tile + 8, acc[r][1]);
        float *cr = c + r * ldc;
        for (int j = 0; j < nr; j++) cr[j] += alpha * tile[j];
    }
}

/// 6×16 tile: 12 ymm accumulators, per k two B loads and six A broadcasts through one register
/// (15 of the 16 ymm registers, so the compiler keeps every accumulator in a register).
ZOO_AVX2 void zoo_sgemm_kernel_avx2(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                                    float alpha, int mr, int nr) {
    tile_6x16(k, ap, b, bs, 0, 0, c, ldc, alpha, mr, nr);
}

/// The 6×16 tile on a full panel of B read in place, copied to `bcopy` on the way.
ZOO_AVX2 void zoo_sgemm_kernel_copyb_avx2(long k, const float *ap, const float *b, long bs, float *bcopy,
                                          float *c, long ldc, float alpha, int mr) {
    tile_6x16(k, ap, b, bs, bcopy, 1, c, ldc, alpha, mr, ZOO_NR);
}

/// Streams B row by row (sequential reads the prefetcher follows): four rows of B update y at
/// once, so y is loaded and stored once per four rows.
ZOO_AVX2 void zoo_sgemv_rows_avx2(long n, long k, float alpha, const float *x, const float *b, long ldb, float *y) {
    long p = 0;
    for (; p + 4 <= k; p += 4) {
        __m256 x0 = _mm256_set1_ps(alpha * x[p]), x1 = _mm256_set1_ps(alpha * x[p + 1]);
        __m256 x2 = _mm256_set1_ps(alpha * x[p + 2]), x3 = _mm256_set1_ps(alpha * x[p + 3]);
        const float *r0 = b + p * ldb, *r1 = r0 + ldb, *r2 = r1 + ldb, *r3 = r2 + ldb;
        long j = 0;
        for (; j + 8 <= n; j += 8) {
            __m256 acc = _mm256_loadu_ps(y + j);
            acc = _mm256_fmadd_ps(x0, _mm256_loadu_ps(r0 + j), acc);
            acc = _mm256_fmadd_ps(x1, _mm256_loadu_ps(r1 + j), acc);
            acc = _mm256_fmadd_ps(x2, _mm256_loadu_ps(r2 + j), acc);
            acc = _mm256_fmadd_ps(x3, _mm256_loadu_ps(r3 + j), acc);
            _mm256_storeu_ps(y + j, acc);
        }
        for (; j < n; j++) y[j] += alpha * (x[p] * r0[j] + x[p + 1] * r1[j] + x[p + 2] * r2[j] + x[p + 3] * r3[j]);
    }
    for (; p < k; p++) {
        __m256 xp = _mm256_set1_ps(alpha * x[p]);
        const float *r = b + p * ldb;
        long j = 0;
        for (; j + 8 <= n; j += 8) _mm256_storeu_ps(y + j, _mm256_fmadd_ps(xp, _mm256_loadu_ps(r + j), _mm256_loadu_ps(y + j)));
        for (; j < n; j++) y[j] += alpha * x[p] * r[j];
    }
}
#endif
