#ifndef ZOO_SGEMM_KERNEL_H
#define ZOO_SGEMM_KERNEL_H
/// Register tile of every micro-kernel: MR rows × NR columns of C.
#define ZOO_MR 6
#define ZOO_NR 16

/// C[mr×nr] += alpha · Ap[k×MR]ᵀ-panel · B[k×NR]: `ap` holds MR values per k (zero-padded rows),
/// `b` row p starts at b + p·bs and holds NR readable values; only mr ≤ MR rows and nr ≤ NR
/// columns of C (row stride ldc) are written.
typedef void (*zoo_sgemm_kernel)(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                                 float alpha, int mr, int nr);

void zoo_sgemm_kernel_generic(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                              float alpha, int mr, int nr);
void zoo_sgemv_rows_generic(long n, long k, float alpha, const float *x, const float *b, long ldb, float *y);
#if defined(__x86_64__)
void zoo_sgemm_kernel_avx2(long k, const float *ap, const float *b, long bs, float *c, long ldc,
                           float alpha, int mr, int nr);
void zoo_sgemv_rows_avx2(long n, long k, float alpha, const float *x, const float *b, long ldb, float *y);
#endif
#endif
