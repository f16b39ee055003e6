#include "CZooKernels.h"
#include "sgemm_kernel.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum { KC = 256, PANELS = 4 };

/// y[0 ..< 16·count] += Σ_p x[p] · panel rows p (count ≤ PANELS panels of [kc][16] floats,
/// `stride` floats apart), accumulated in p order with one fused multiply-add per term.
static void panels_generic(long kc, long count, const float *x, const float *panel, long stride, float *y) {
    for (long q = 0; q < count; q++) {
        const float *b = panel + q * stride;
        for (int j = 0; j < ZOO_NR; j++) {
            float acc = y[q * ZOO_NR + j];
            for (long p = 0; p < kc; p++) acc = __builtin_fmaf(x[p], b[p * ZOO_NR + j], acc);
            y[q * ZOO_NR + j] = acc;
        }
    }
}

#if defined(__x86_64__)
/// `count` panels at once, two ymm sums per panel kept in registers (the compiler specializes
/// each constant count).
__attribute__((target("avx2,fma"), always_inline))
static inline void panels_avx2_n(const int count, long kc, const float *x, const float *panel, long stride, float *y) {
    __m256 acc[2 * PANELS];
    for (int q = 0; q < count; q++) {
        acc[2 * q] = _mm256_loadu_ps(y + q * ZOO_NR);
        acc[2 * q + 1] = _mm256_loadu_ps(y + q * ZOO_NR + 8);
    }
    for (long p = 0; p < kc; p++) {
        __m256 xp = _mm256_set1_ps(x[p]);
        for (int q = 0; q < count; q++) {
            const float *b = panel + q * stride + p * ZOO_NR;
            acc[2 * q] = _mm256_fmadd_ps(xp, _mm256_loadu_ps(b), acc[2 * q]);
            acc[2 * q + 1] = _mm256_fmadd_ps(xp, _mm256_loadu_ps(b + 8), acc[2 * q + 1]);
        }
    }
    for (int q = 0; q < count; q++) {
        _mm256_storeu_ps(y + q * ZOO_NR, acc[2 * q]);
        _mm256_storeu_ps(y + q * ZOO_NR + 8, acc[2 * q + 1]);
    }
}

__attribute__((target("avx2,fma")))
static void panels_avx2(long kc, long count, const float *x, const float *panel, long stride, float *y) {
    switch (count) {
    case 4: panels_avx2_n(4, kc, x, panel, stride, y); break;
    case 3: panels_avx2_n(3, kc, x, panel, stride, y); break;
    case 2: panels_avx2_n(2, kc, x, panel, stride, y); break;
    default: panels_avx2_n(1, kc, x, panel, stride, y); break;
    }
}
#endif

void zoo_sgemv_packed(int path, long k, long n, const float *x, const float *packed, long packedN, int descending, float *y) {
    if (k <= 0 || n <= 0) return;
    long npad = (packedN + ZOO_NR - 1) / ZOO_NR * ZOO_NR, panels = (n + ZOO_NR - 1) / ZOO_NR;
    long groups = (panels + PANELS - 1) / PANELS;
    float tail[PANELS * ZOO_NR];
    for (long pc = 0; pc < k; pc += KC) {
        long kc = k - pc < KC ? k - pc : KC;
        const float *block = packed + pc * npad;
        for (long g = 0; g < groups; g++) {
            long q = (descending ? groups - 1 - g : g) * PANELS;
            long count = panels - q < PANELS ? panels - q : PANELS;
            long j0 = q * ZOO_NR, width = n - j0 < count * ZOO_NR ? n - j0 : count * ZOO_NR;
            // The last group may end inside a panel: accumulate through a padded copy of y.
            float *out = width == count * ZOO_NR ? y + j0 : tail;
            if (out == tail) {
                for (long j = 0; j < count * ZOO_NR; j++) tail[j] = j < width ? y[j0 + j] : 0;
            }
#if defined(__x86_64__)
            if (path >= ZOO_GEMM_AVX2) {
                panels_avx2(kc, count, x + pc, block + q * kc * ZOO_NR, kc * ZOO_NR, out);
            } else
#endif
            {
                panels_generic(kc, count, x + pc, block + q * kc * ZOO_NR, kc * ZOO_NR, out);
            }
            if (out == tail) {
                for (long j = 0; j < width; j++) y[j0 + j] = tail[j];
            }
        }
    }
    (void)path;
}
