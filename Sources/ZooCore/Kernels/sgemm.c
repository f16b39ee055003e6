#include <stdlib.h>
#include <string.h>
#include "CZooKernels.h"
#include "sgemm_kernel.h"

enum { KC = 256, MC = 96, NC = 1024 };

/// Per-thread packing buffers, grown on demand and kept for the thread's life.
static _Thread_local float *packA, *packB;
static _Thread_local long packACap, packBCap;

static float *grow(float **buf, long *cap, long need) {
    if (*cap < need) {
        free(*buf);
        *buf = aligned_alloc(64, (size_t)((need * sizeof(float) + 63) / 64 * 64));
        *cap = need;
    }
    return *buf;
}

int zoo_gemm_path_available(int path) {
    if (path == ZOO_GEMM_GENERIC) return 1;
#if defined(__x86_64__)
    if (path == ZOO_GEMM_AVX2) return zoo_cpu_simd_level() >= 2;
#endif
    return 0;
}

/// Packs op(A)[i0 ..< i0+mc, p0 ..< p0+kc] into MR-row panels: panel r holds, for each p, the
/// MR values of rows i0 + r·MR ..< +MR (zero past row m).
static void pack_a(int transA, const float *a, long lda, long i0, long mc, long p0, long kc, float *dst) {
    for (long ir = 0; ir < mc; ir += ZOO_MR) {
        int rows = mc - ir < ZOO_MR ? (int)(mc - ir) : ZOO_MR;
        for (long p = 0; p < kc; p++) {
            float *d = dst + p * ZOO_MR;
            for (int r = 0; r < rows; r++) {
                long i = i0 + ir + r, q = p0 + p;
                d[r] = transA ? a[q * lda + i] : a[i * lda + q];
            }
            for (int r = rows; r < ZOO_MR; r++) d[r] = 0;
        }
        dst += kc * ZOO_MR;
    }
}

/// Packs op(B)[p0 ..< p0+kc, j0 ..< j0+nc] into NR-column panels (zero past column n).
static void pack_b(int transB, const float *b, long ldb, long p0, long kc, long j0, long nc, float *dst) {
    for (long jr = 0; jr < nc; jr += ZOO_NR) {
        int cols = nc - jr < ZOO_NR ? (int)(nc - jr) : ZOO_NR;
        for (long p = 0; p < kc; p++) {
            float *d = dst + p * ZOO_NR;
            for (int j = 0; j < cols; j++) {
                long q = p0 + p, col = j0 + jr + j;
                d[j] = transB ? b[col * ldb + q] : b[q * ldb + col];
            }
            for (int j = cols; j < ZOO_NR; j++) d[j] = 0;
        }
        dst += kc * ZOO_NR;
    }
}

static zoo_sgemm_kernel kernel_for(int path) {
#if defined(__x86_64__)
    if (path == ZOO_GEMM_AVX2) return zoo_sgemm_kernel_avx2;
#endif
    (void)path;
    return zoo_sgemm_kernel_generic;
}

void zoo_sgemm_block(int path, int transA, int transB, long m, long n, long k, float alpha,
                     const float *a, long lda, const float *b, long ldb, float *c, long ldc) {
    if (m <= 0 || n <= 0 || k <= 0 || alpha == 0) return;
    zoo_sgemm_kernel kernel = kernel_for(path);
    float *ap = grow(&packA, &packACap, (long)MC * KC + ZOO_MR * KC);
    for (long pc = 0; pc < k; pc += KC) {
        long kc = k - pc < KC ? k - pc : KC;
        for (long jc = 0; jc < n; jc += NC) {
            long nc = n - jc < NC ? n - jc : NC;
            float *bp = grow(&packB, &packBCap, kc * (nc + ZOO_NR));
            pack_b(transB, b, ldb, pc, kc, jc, nc, bp);
            for (long ic = 0; ic < m; ic += MC) {
                long mc = m - ic < MC ? m - ic : MC;
                pack_a(transA, a, lda, ic, mc, pc, kc, ap);
                for (long jr = 0; jr < nc; jr += ZOO_NR) {
                    int nr = nc - jr < ZOO_NR ? (int)(nc - jr) : ZOO_NR;
                    const float *bt = bp + (jr / ZOO_NR) * kc * ZOO_NR;
                    for (long ir = 0; ir < mc; ir += ZOO_MR) {
                        int mr = mc - ir < ZOO_MR ? (int)(mc - ir) : ZOO_MR;
                        kernel(kc, ap + (ir / ZOO_MR) * kc * ZOO_MR, bt, ZOO_NR, c + (ic + ir) * ldc + jc + jr, ldc, alpha, mr, nr);
                    }
                }
            }
        }
    }
}

void zoo_sgemv_rows(int path, long n, long k, float alpha, const float *x, const float *b, long ldb, float *y) {
    if (n <= 0 || k <= 0 || alpha == 0) return;
#if defined(__x86_64__)
    if (path == ZOO_GEMM_AVX2) {
        zoo_sgemv_rows_avx2(n, k, alpha, x, b, ldb, y);
        return;
    }
#endif
    (void)path;
    zoo_sgemv_rows_generic(n, k, alpha, x, b, ldb, y);
}
