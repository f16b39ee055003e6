#ifndef ZOO_SGEMM_KERNEL_H
#define ZOO_SGEMM_KERNEL_H
/// Register tile of the micro-kernels: MR rows × NR columns of C. Every path packs B the same
/// way (NR-column panels); the AVX-512 kernel takes 8-row panels of A, the others 6.
#define ZOO_MR 6
#define ZOO_MR_AVX512 8
#define ZOO_NR 16

/// C[mr×nr] = alpha · Ap[k×MR]ᵀ-panel · B[k×NR] + beta · C: `ap` holds MR values per k (the
/// kernel's own MR; zero-padded rows), `b` row p starts at b + p·bs and holds NR readable values;
/// only mr ≤ MR rows and nr ≤ NR columns of C (row stride ldc) are written. beta 0 writes C
/// without reading it; any other beta scales C (one rounding) before the fused multiply-add.
typedef void (*zoo_sgemm_kernel)(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                                 float alpha, float beta, int mr, int nr);

/// The same tile on a full panel of B read in place (row p at b + p·bs, NR readable values) that
/// also copies those rows to `bcopy` ([k][NR], 64-byte aligned): the packed panel the tile's
/// other row panels then read.
typedef void (*zoo_sgemm_kernel_copyb)(long k, const float *ap, const float *b, long bs, float *bcopy,
                                       float *c, long ldc, float alpha, float beta, int mr);

void zoo_sgemm_kernel_generic(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                              float alpha, float beta, int mr, int nr);
void zoo_sgemm_kernel_copyb_generic(long k, const float *ap, const float *b, long bs, float *bcopy,
                                    float *c, long ldc, float alpha, float beta, int mr);
void zoo_sgemv_rows_generic(long n, long k, float alpha, const float *x, const float *b, long ldb, float *y);
#if defined(__x86_64__)
void zoo_sgemm_kernel_avx512(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                             float alpha, float beta, int mr, int nr);
void zoo_sgemm_kernel_copyb_avx512(long k, const float *ap, const float *b, long bs, float *bcopy,
                                   float *c, long ldc, float alpha, float beta, int mr);
void zoo_sgemm_kernel_avx2(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                           float alpha, float beta, int mr, int nr);
void zoo_sgemm_kernel_copyb_avx2(long k, const float *ap, const float *b, long bs, float *bcopy,
                                 float *c, long ldc, float alpha, float beta, int mr);
void zoo_sgemv_rows_avx2(long n, long k, float alpha, const float *x, const float *b, long ldb, float *y);
void zoo_pack_a_rows8_avx2(const float *a, long lda, long kc, float *dst);
void zoo_pack_a_rows6_avx2(const float *a, long lda, long kc, float *dst);
#endif
#endif
