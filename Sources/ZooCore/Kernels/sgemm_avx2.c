#if defined(__x86_64__)
#include <immintrin.h>
#include "sgemm_kernel.h"

#define ZOO_AVX2 __attribute__((target("avx2,fma")))

/// The 6×16 tile computing its first `rows` rows (6, 4 or 2: a compile-time constant in every
/// caller, so a partial tile runs only its rows' multiply-adds, each row summed in the same order
/// as in a full tile), with B's rows optionally copied to `bcopy` as they are read (`copy` is
/// constant too, so each caller gets its own loop without the branch).
__attribute__((always_inline)) ZOO_AVX2 static inline void tile_6x16(long k, const float *ap, const float *b, long bs,
                                                                   float *bcopy, int copy, float *c, long ldc,
                                                                   float alpha, float beta, int mr, int nr, int rows) {
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
        if (rows > 2) {
            ar = _mm256_broadcast_ss(a + 2);
            c20 = _mm256_fmadd_ps(ar, b0, c20); c21 = _mm256_fmadd_ps(ar, b1, c21);
            ar = _mm256_broadcast_ss(a + 3);
            c30 = _mm256_fmadd_ps(ar, b0, c30); c31 = _mm256_fmadd_ps(ar, b1, c31);
        }
        if (rows > 4) {
            ar = _mm256_broadcast_ss(a + 4);
            c40 = _mm256_fmadd_ps(ar, b0, c40); c41 = _mm256_fmadd_ps(ar, b1, c41);
            ar = _mm256_broadcast_ss(a + 5);
            c50 = _mm256_fmadd_ps(ar, b0, c50); c51 = _mm256_fmadd_ps(ar, b1, c51);
        }
    }
    __m256 acc[ZOO_MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
    __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
    if (nr == ZOO_NR) {
        for (int r = 0; r < mr; r++) {
            float *cr = c + r * ldc;
            for (int h = 0; h < 2; h++) {
                __m256 v = beta == 0 ? _mm256_mul_ps(va, acc[r][h])
                         : beta == 1 ? _mm256_fmadd_ps(va, acc[r][h], _mm256_loadu_ps(cr + 8 * h))
                                     : _mm256_fmadd_ps(va, acc[r][h], _mm256_mul_ps(vb, _mm256_loadu_ps(cr + 8 * h)));
                _mm256_storeu_ps(cr + 8 * h, v);
            }
        }
        return;
    }
    float tile[ZOO_NR];
    for (int r = 0; r < mr; r++) {
        _mm256_storeu_ps(tile, acc[r][0]);
        _mm256_storeu_ps(tile + 8, acc[r][1]);
        float *cr = c + r * ldc;
        for (int j = 0; j < nr; j++) {
            float cj = beta == 0 ? 0 : beta == 1 ? cr[j] : beta * cr[j];
            cr[j] = cj + alpha * tile[j];
        }
    }
}

/// 6×16 tile: 12 ymm accumulators, per k two B loads and six A broadcasts through one register
/// (15 of the 16 ymm registers, so the compiler keeps every accumulator in a register). A panel
/// of at most 4 (2) real rows — the last of 32 rows, or of a thread's 16 — runs only 4 (2) rows'
/// multiply-adds: 4 (2) cycles per k instead of 6.
ZOO_AVX2 void zoo_sgemm_kernel_avx2(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                                    float alpha, float beta, int mr, int nr) {
    if (mr <= 2) tile_6x16(k, ap, b, bs, 0, 0, c, ldc, alpha, beta, mr, nr, 2);
    else if (mr <= 4) tile_6x16(k, ap, b, bs, 0, 0, c, ldc, alpha, beta, mr, nr, 4);
    else tile_6x16(k, ap, b, bs, 0, 0, c, ldc, alpha, beta, mr, nr, 6);
}

/// The 6×16 tile on a full panel of B read in place, copied to `bcopy` on the way.
ZOO_AVX2 void zoo_sgemm_kernel_copyb_avx2(long k, const float *ap, const float *b, long bs, float *bcopy,
                                          float *c, long ldc, float alpha, float beta, int mr) {
    if (mr <= 2) tile_6x16(k, ap, b, bs, bcopy, 1, c, ldc, alpha, beta, mr, ZOO_NR, 2);
    else if (mr <= 4) tile_6x16(k, ap, b, bs, bcopy, 1, c, ldc, alpha, beta, mr, ZOO_NR, 4);
    else tile_6x16(k, ap, b, bs, bcopy, 1, c, ldc, alpha, beta, mr, ZOO_NR, 6);
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

/// The columns of the 8×8 block whose rows are r[0 ..< 8]: pairs of rows interleaved, then
/// quadruples, then the 128-bit halves exchanged.
__attribute__((always_inline)) ZOO_AVX2 static inline void transpose8x8(const __m256 r[8], __m256 col[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 q0 = _mm256_shuffle_ps(t0, t2, 0x44), q1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 q2 = _mm256_shuffle_ps(t1, t3, 0x44), q3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 q4 = _mm256_shuffle_ps(t4, t6, 0x44), q5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 q6 = _mm256_shuffle_ps(t5, t7, 0x44), q7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    col[0] = _mm256_permute2f128_ps(q0, q4, 0x20);
    col[1] = _mm256_permute2f128_ps(q1, q5, 0x20);
    col[2] = _mm256_permute2f128_ps(q2, q6, 0x20);
    col[3] = _mm256_permute2f128_ps(q3, q7, 0x20);
    col[4] = _mm256_permute2f128_ps(q0, q4, 0x31);
    col[5] = _mm256_permute2f128_ps(q1, q5, 0x31);
    col[6] = _mm256_permute2f128_ps(q2, q6, 0x31);
    col[7] = _mm256_permute2f128_ps(q3, q7, 0x31);
}

/// Packs 8 rows of a row-major A (row r at a + r·lda, columns 0 ..< kc) into one 8-row panel
/// (dst[p·8 + r] = a[r·lda + p]): 8×8 blocks transposed in registers, the last kc mod 8 columns
/// one by one.
ZOO_AVX2 void zoo_pack_a_rows8_avx2(const float *a, long lda, long kc, float *dst) {
    long p = 0;
    for (; p + 8 <= kc; p += 8) {
        __m256 r[8], col[8];
        for (int i = 0; i < 8; i++) r[i] = _mm256_loadu_ps(a + i * lda + p);
        transpose8x8(r, col);
        for (int j = 0; j < 8; j++) _mm256_storeu_ps(dst + p * 8 + j * 8, col[j]);
    }
    for (; p < kc; p++)
        for (int r = 0; r < 8; r++) dst[p * 8 + r] = a[r * lda + p];
}

/// Packs 6 rows of a row-major A into one 6-row panel (dst[p·6 + r] = a[r·lda + p]), the AVX2
/// tile's: 6×8 blocks transposed in registers as 8×8 blocks with two zero rows, each column's
/// 6 values stored as 4 + 2; the last kc mod 8 columns one by one.
ZOO_AVX2 void zoo_pack_a_rows6_avx2(const float *a, long lda, long kc, float *dst) {
    long p = 0;
    for (; p + 8 <= kc; p += 8) {
        __m256 r[8], col[8];
        for (int i = 0; i < 6; i++) r[i] = _mm256_loadu_ps(a + i * lda + p);
        r[6] = r[7] = _mm256_setzero_ps();
        transpose8x8(r, col);
        for (int j = 0; j < 8; j++) {
            _mm_storeu_ps(dst + p * 6 + j * 6, _mm256_castps256_ps128(col[j]));
            _mm_storel_pi((__m64 *)(dst + p * 6 + j * 6 + 4), _mm256_extractf128_ps(col[j], 1));
        }
    }
    for (; p < kc; p++)
        for (int r = 0; r < 6; r++) dst[p * 6 + r] = a[r * lda + p];
}
#endif
