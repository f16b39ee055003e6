#ifndef CZOOKERNELS_H
#define CZOOKERNELS_H
/// Reports the widest SIMD instruction set this CPU offers: 3 = AVX-512F, 2 = AVX2 with FMA,
/// 1 = NEON, 0 = none of these. The run-time selected C micro-kernels key on it.
int zoo_cpu_simd_level(void);

/// Micro-kernel paths of `zoo_sgemm_block`: 0 portable C (any CPU), 2 AVX2 + FMA.
enum { ZOO_GEMM_GENERIC = 0, ZOO_GEMM_AVX2 = 2 };

/// Whether `path` can run on this CPU.
int zoo_gemm_path_available(int path);

/// C[m×n] += alpha · op(A)[m×k] · op(B)[k×n], row-major, single-threaded (the caller applies
/// beta first and splits work across threads). A is m×k (lda ≥ k), or k×m when transA (lda ≥ m);
/// B is k×n (ldb ≥ n), or n×k when transB (ldb ≥ k); ldc ≥ n. Blocked GotoBLAS-style: A packed
/// into 6-row panels of KC=256 columns, B packed into 16-column panels (KC×NC blocks), a 6×16
/// register-blocked micro-kernel.
void zoo_sgemm_block(int path, int transA, int transB, long m, long n, long k, float alpha,
                     const float *a, long lda, const float *b, long ldb, float *c, long ldc);

/// y[n] += alpha · x[k] · B[k×n] (row-major B, ldb ≥ n): the one-row case (generation), which
/// streams B once.
void zoo_sgemv_rows(int path, long n, long k, float alpha, const float *x, const float *b, long ldb, float *y);

/// y[i] = e^x[i] (y may alias x). Path 2 (AVX2): Cephes-style range reduction and degree-6
/// polynomial, within 2 ulp over [-87, 88], NaN propagated, saturating outside; path 0: libm.
void zoo_vexp(int path, const float *x, float *y, long n);
/// y[i] = 1 / (1 + e^−x[i]), computed from e^−|x| so neither tail loses precision.
void zoo_vsigmoid(int path, const float *x, float *y, long n);
/// y[i] = tanh(x[i]): an odd polynomial below |x| = 0.625, 1 − 2 / (e^{2|x|} + 1) above.
void zoo_vtanh(int path, const float *x, float *y, long n);
#endif
