#include <stdlib.h>
#include <string.h>
#include "CZooKernels.h"
#include "sgemm_kernel.h"

/// Block sizes: a packed B panel (KC×16, 16 KB) stays in L1 while the packed A block (MC×KC,
/// 264 KB, a multiple of both tiles' 6 and 8 rows) stays in the 1 MB L2; KC×NC of B is packed
/// at once when m > MC.
enum { KC = 256, MC = 264, NC = 1024 };

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
    if (path == ZOO_GEMM_AVX512) return zoo_cpu_simd_level() >= 3;
#endif
    return 0;
}

/// Packs one full mr-row panel of a non-transposed A (rows at a + r·lda, kc columns).
typedef void (*zoo_pack_a_rows)(const float *a, long lda, long kc, float *dst);

/// A micro-kernel, its variant that reads B in place and packs it, the number of rows of A it
/// takes per panel, and the SIMD packer of its full panels (NULL: packed one value at a time).
typedef struct {
    zoo_sgemm_kernel kernel;
    zoo_sgemm_kernel_copyb copyb;
    int mr;
    zoo_pack_a_rows pack_rows;
} kernel_info;

static kernel_info kernel_for(int path) {
#if defined(__x86_64__)
    if (path == ZOO_GEMM_AVX512) return (kernel_info){zoo_sgemm_kernel_avx512, zoo_sgemm_kernel_copyb_avx512, ZOO_MR_AVX512, zoo_pack_a_rows8_avx2};
    if (path == ZOO_GEMM_AVX2) return (kernel_info){zoo_sgemm_kernel_avx2, zoo_sgemm_kernel_copyb_avx2, ZOO_MR, zoo_pack_a_rows6_avx2};
#endif
    (void)path;
    return (kernel_info){zoo_sgemm_kernel_generic, zoo_sgemm_kernel_copyb_generic, ZOO_MR, NULL};
}

/// Packs op(A)[i0 ..< i0+mc, p0 ..< p0+kc] into mr-row panels: panel r holds, for each p, the
/// mr values of rows i0 + r·mr ..< +mr (zero past row m). Full panels of a non-transposed A are
/// transposed in registers by the path's packer (AVX-512: 8 rows, AVX2: 6).
static void pack_a(kernel_info ki, int transA, const float *a, long lda, long i0, long mc, long p0, long kc, float *dst) {
    int mr = ki.mr;
    for (long ir = 0; ir < mc; ir += mr) {
        int rows = mc - ir < mr ? (int)(mc - ir) : mr;
        if (transA && rows == 8 && mr == 8) {
            for (long p = 0; p < kc; p++) memcpy(dst + p * 8, a + (p0 + p) * lda + i0 + ir, 8 * sizeof(float));
        } else if (transA && rows == 6 && mr == 6) {
            for (long p = 0; p < kc; p++) memcpy(dst + p * 6, a + (p0 + p) * lda + i0 + ir, 6 * sizeof(float));
        } else if (transA) {
            for (long p = 0; p < kc; p++) {
                const float *s = a + (p0 + p) * lda + i0 + ir;
                float *d = dst + p * mr;
                for (int r = 0; r < rows; r++) d[r] = s[r];
                for (int r = rows; r < mr; r++) d[r] = 0;
            }
        } else if (ki.pack_rows && rows == mr) {
            ki.pack_rows(a + (i0 + ir) * lda + p0, lda, kc, dst);
        } else {
            for (int r = 0; r < rows; r++) {
                const float *s = a + (i0 + ir + r) * lda + p0;
                for (long p = 0; p < kc; p++) dst[p * mr + r] = s[p];
            }
            for (int r = rows; r < mr; r++)
                for (long p = 0; p < kc; p++) dst[p * mr + r] = 0;
        }
        dst += kc * mr;
    }
}

/// Packs op(B)[p0 ..< p0+kc, j0 ..< j0+nc] into NR-column panels of kc rows (zero past column nc).
static void pack_b(int transB, const float *b, long ldb, long p0, long kc, long j0, long nc, float *dst) {
    for (long jr = 0; jr < nc; jr += ZOO_NR) {
        int cols = nc - jr < ZOO_NR ? (int)(nc - jr) : ZOO_NR;
        if (transB) {
            for (int j = 0; j < cols; j++) {
                const float *s = b + (j0 + jr + j) * ldb + p0;
                for (long p = 0; p < kc; p++) dst[p * ZOO_NR + j] = s[p];
            }
            for (int j = cols; j < ZOO_NR; j++)
                for (long p = 0; p < kc; p++) dst[p * ZOO_NR + j] = 0;
        } else {
            for (long p = 0; p < kc; p++) {
                const float *s = b + (p0 + p) * ldb + j0 + jr;
                float *d = dst + p * ZOO_NR;
                if (cols == ZOO_NR) {
                    memcpy(d, s, ZOO_NR * sizeof(float));
                } else {
                    for (int j = 0; j < cols; j++) d[j] = s[j];
                    for (int j = cols; j < ZOO_NR; j++) d[j] = 0;
                }
            }
        }
        dst += kc * ZOO_NR;
    }
}

/// C[m×nc] = alpha · op(A)[m×kc] (columns p0 ..< p0+kc) · the packed panels `bp` (kc rows) + beta · C.
static void macro_kernel(kernel_info ki, int transA, long m, long nc, long kc, long p0, float alpha, float beta,
                         const float *a, long lda, const float *bp, float *c, long ldc) {
    float *ap = grow(&packA, &packACap, (long)(MC + ki.mr) * KC);
    for (long ic = 0; ic < m; ic += MC) {
        long mc = m - ic < MC ? m - ic : MC;
        pack_a(ki, transA, a, lda, ic, mc, p0, kc, ap);
        for (long jr = 0; jr < nc; jr += ZOO_NR) {
            int nr = nc - jr < ZOO_NR ? (int)(nc - jr) : ZOO_NR;
            const float *bt = bp + (jr / ZOO_NR) * kc * ZOO_NR;
            for (long ir = 0; ir < mc; ir += ki.mr) {
                int mr = mc - ir < ki.mr ? (int)(mc - ir) : ki.mr;
                ki.kernel(kc, ap + (ir / ki.mr) * kc * ki.mr, bt, ZOO_NR, c + (ic + ir) * ldc + jr, ldc, alpha, beta, mr, nr);
            }
        }
    }
}

/// C[m×n] = alpha · op(A)[m×kc] · op(B)[kc×n] (columns / rows p0 ..< p0+kc) + beta · C for m ≤ MC: A is packed
/// once, and each 16-column panel of B just before its micro-kernels run, into one kc×16 buffer
/// that stays in L1 (no pass over all of B, whose packed copy would crowd it out of L2). A full
/// panel of a non-transposed B is read in place by the first row panel's micro-kernel, which
/// packs it on the way; transposed B and a partial last panel are packed first.
static void small_m(kernel_info ki, int transA, int transB, long m, long n, long kc, long p0, float alpha, float beta,
                    const float *a, long lda, const float *b, long ldb, float *c, long ldc) {
    float *ap = grow(&packA, &packACap, (long)(MC + ki.mr) * KC);
    float *bp = grow(&packB, &packBCap, (long)KC * ZOO_NR);
    pack_a(ki, transA, a, lda, 0, m, p0, kc, ap);
    for (long jr = 0; jr < n; jr += ZOO_NR) {
        int nr = n - jr < ZOO_NR ? (int)(n - jr) : ZOO_NR;
        long ir = 0;
        if (!transB && nr == ZOO_NR) {
            int mr = m < ki.mr ? (int)m : ki.mr;
            ki.copyb(kc, ap, b + p0 * ldb + jr, ldb, bp, c + jr, ldc, alpha, beta, mr);
            ir = ki.mr;
        } else {
            pack_b(transB, b, ldb, p0, kc, jr, nr, bp);
        }
        for (; ir < m; ir += ki.mr) {
            int mr = m - ir < ki.mr ? (int)(m - ir) : ki.mr;
            ki.kernel(kc, ap + (ir / ki.mr) * kc * ki.mr, bp, ZOO_NR, c + ir * ldc + jr, ldc, alpha, beta, mr, nr);
        }
    }
}

/// C[m×n] = beta · C row by row (beta 0 writes zeros without reading): the whole product when
/// it has no terms (k = 0 or alpha = 0).
static void scale_c(long m, long n, float beta, float *c, long ldc) {
    if (beta == 1) return;
    for (long i = 0; i < m; i++) {
        float *ci = c + i * ldc;
        if (beta == 0) memset(ci, 0, (size_t)n * sizeof(float));
        else for (long j = 0; j < n; j++) ci[j] *= beta;
    }
}

void zoo_sgemm_block(int path, int transA, int transB, long m, long n, long k, float alpha,
                     const float *a, long lda, const float *b, long ldb, float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0 || alpha == 0) return scale_c(m, n, beta, c, ldc);
    kernel_info ki = kernel_for(path);
    for (long pc = 0; pc < k; pc += KC) {
        long kc = k - pc < KC ? k - pc : KC;
        float bk = pc == 0 ? beta : 1;
        if (m <= MC) {
            small_m(ki, transA, transB, m, n, kc, pc, alpha, bk, a, lda, b, ldb, c, ldc);
            continue;
        }
        for (long jc = 0; jc < n; jc += NC) {
            long nc = n - jc < NC ? n - jc : NC;
            float *bp = grow(&packB, &packBCap, kc * (nc + ZOO_NR));
            pack_b(transB, b, ldb, pc, kc, jc, nc, bp);
            macro_kernel(ki, transA, m, nc, kc, pc, alpha, bk, a, lda, bp, c + jc, ldc);
        }
    }
}

long zoo_sgemm_packed_b_count(long k, long n) {
    return k * ((n + ZOO_NR - 1) / ZOO_NR * ZOO_NR);
}

void zoo_sgemm_pack_b(int transB, long k, long n, const float *b, long ldb, float *dst) {
    long npad = (n + ZOO_NR - 1) / ZOO_NR * ZOO_NR;
    for (long pc = 0; pc < k; pc += KC) {
        long kc = k - pc < KC ? k - pc : KC;
        pack_b(transB, b, ldb, pc, kc, 0, n, dst + pc * npad);
    }
}

void zoo_sgemm_block_packed(int path, int transA, long m, long n, long k, float alpha, const float *a, long lda,
                            const float *packed, long packedN, long j0, float beta, float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0 || alpha == 0) return scale_c(m, n, beta, c, ldc);
    kernel_info ki = kernel_for(path);
    long npad = (packedN + ZOO_NR - 1) / ZOO_NR * ZOO_NR;
    for (long pc = 0; pc < k; pc += KC) {
        long kc = k - pc < KC ? k - pc : KC;
        float bk = pc == 0 ? beta : 1;
        for (long jc = 0; jc < n; jc += NC) {
            long nc = n - jc < NC ? n - jc : NC;
            const float *bp = packed + pc * npad + ((j0 + jc) / ZOO_NR) * kc * ZOO_NR;
            macro_kernel(ki, transA, m, nc, kc, pc, alpha, bk, a, lda, bp, c + jc, ldc);
        }
    }
}

void zoo_sgemv_rows(int path, long n, long k, float alpha, const float *x, const float *b, long ldb, float *y) {
    if (n <= 0 || k <= 0 || alpha == 0) return;
#if defined(__x86_64__)
    if (path >= ZOO_GEMM_AVX2) {
        zoo_sgemv_rows_avx2(n, k, alpha, x, b, ldb, y);
        return;
    }
#endif
    (void)path;
    zoo_sgemv_rows_generic(n, k, alpha, x, b, ldb, y);
}
