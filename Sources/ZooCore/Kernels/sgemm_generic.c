#include "sgemm_kernel.h"

/// Eight floats as one vector (GCC/Clang vector extension): SSE pairs on baseline x86-64,
/// NEON pairs on arm64.
typedef float v8f __attribute__((vector_size(32), aligned(4)));

#define load8(p) (*(const v8f *)(p))

void zoo_sgemm_kernel_generic(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                              float alpha, float beta, int mr, int nr) {
    v8f acc[ZOO_MR][2] = {{{0}}};
    for (long p = 0; p < k; p++) {
        v8f b0 = load8(b + p * bs), b1 = load8(b + p * bs + 8);
        const float *a = ap + p * ZOO_MR;
        for (int r = 0; r < ZOO_MR; r++) {
            acc[r][0] += a[r] * b0;
            acc[r][1] += a[r] * b1;
        }
    }
    for (int r = 0; r < mr; r++) {
        float *cr = c + r * ldc;
        for (int j = 0; j < nr; j++) {
            float cj = beta == 0 ? 0 : beta == 1 ? cr[j] : beta * cr[j];
            cr[j] = cj + alpha * acc[r][j / 8][j % 8];
        }
    }
}

void zoo_sgemm_kernel_copyb_generic(long k, const float *ap, const float *b, long bs, float *bcopy,
                                    float *c, long ldc, float alpha, float beta, int mr) {
    for (long p = 0; p < k; p++)
        for (int j = 0; j < ZOO_NR; j++) bcopy[p * ZOO_NR + j] = b[p * bs + j];
    zoo_sgemm_kernel_generic(k, ap, bcopy, ZOO_NR, c, ldc, alpha, beta, mr, ZOO_NR);
}

void zoo_sgemv_rows_generic(long n, long k, float alpha, const float *x, const float *b, long ldb, float *y) {
    for (long p = 0; p < k; p++) {
        float xp = alpha * x[p];
        const float *r = b + p * ldb;
        long j = 0;
        for (; j + 8 <= n; j += 8) {
            v8f acc = load8(y + j) + xp * load8(r + j);
            for (int t = 0; t < 8; t++) y[j + t] = acc[t];
        }
        for (; j < n; j++) y[j] += xp * r[j];
    }
}
