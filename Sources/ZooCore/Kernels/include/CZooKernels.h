#ifndef CZOOKERNELS_H
#define CZOOKERNELS_H
#include <stddef.h>
/// Reports the widest SIMD instruction set this CPU offers: 3 = AVX-512F, 2 = AVX2 with FMA,
/// 1 = NEON, 0 = none of these. The run-time selected C micro-kernels key on it.
int zoo_cpu_simd_level(void);

/// Micro-kernel paths of `zoo_sgemm_block`: 0 portable C (any CPU), 2 AVX2 + FMA, 3 AVX-512F.
/// The elementwise kernels use their AVX2 versions on paths 2 and 3.
enum { ZOO_GEMM_GENERIC = 0, ZOO_GEMM_AVX2 = 2, ZOO_GEMM_AVX512 = 3 };

/// Whether `path` can run on this CPU.
int zoo_gemm_path_available(int path);

/// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, row-major, single-threaded (the caller
/// splits work across threads); beta 0 writes C without reading it, and the micro-kernels apply
/// beta as they store their first KC-deep sums (no separate pass over C). A is m×k (lda ≥ k), or k×m when transA (lda ≥ m);
/// B is k×n (ldb ≥ n), or n×k when transB (ldb ≥ k); ldc ≥ n. Blocked GotoBLAS-style: A packed
/// into row panels (6 rows, 8 for AVX-512) of KC=256 columns, B packed into 16-column panels
/// (KC×NC blocks), a register-blocked micro-kernel (6×16 AVX2 / generic, 8×16 AVX-512).
void zoo_sgemm_block(int path, int transA, int transB, long m, long n, long k, float alpha,
                     const float *a, long lda, const float *b, long ldb, float beta, float *c, long ldc);

/// Floats `zoo_sgemm_pack_b` writes for op(B)[k×n].
long zoo_sgemm_packed_b_count(long k, long n);
/// Packs op(B)[k×n] whole (B k×n with ldb ≥ n, or n×k when transB) in the panel layout every
/// path reads, so a B used by many products (a recurrent kernel, once per time step) is packed
/// once: for each block of KC rows, ⌈n/16⌉ panels of [kc][16] floats, zero past column n.
void zoo_sgemm_pack_b(int transB, long k, long n, const float *b, long ldb, float *dst);
/// C[m×n] = alpha · op(A)[m×k] · P[:, j0 ..< j0+n] + beta · C where P is a packed op(B) of
/// `packedN` columns (j0 a multiple of 16, j0 + n ≤ packedN). Single-threaded, like `zoo_sgemm_block`.
void zoo_sgemm_block_packed(int path, int transA, long m, long n, long k, float alpha, const float *a, long lda,
                            const float *packed, long packedN, long j0, float beta, float *c, long ldc);

/// y[0 ..< n] += x[k] · P[:, 0 ..< n] where P is a packed op(B) of `packedN` columns
/// (`zoo_sgemm_pack_b`): the one-row product over weights packed once (generation), streaming
/// four 16-column panels at a time with the sums in registers. Each column is accumulated in p
/// order with fused multiply-adds, as `zoo_sgemv_rows` does. `descending` streams the groups of
/// panels from the last to the first (the same sums): a caller alternating the direction step
/// by step finds the weights it read last still in cache when they are a little larger than it.
void zoo_sgemv_packed(int path, long k, long n, const float *x, const float *packed, long packedN, int descending, float *y);

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

/// The LSTM gate math of one step (recurrent activation sigmoid, activation tanh, Keras gate
/// order i, f, c, o) for `rows` batch rows and the units u0 ..< u0+w: z [rows, 4H] holds
/// x·K + b (or in[r] [4H] holds row r's, when `in` is not NULL) and becomes the activated gates
/// once rec [rows, 4w] (h·R for these units, gate-major) is added; then c = f·cPrev + i·g,
/// phi = tanh(c), h = o·phi ([rows, H] each; only the columns of the units are read or
/// written). phi NULL (inference): neither the activated gates nor phi are stored. The same
/// sigmoid and tanh as zoo_v*.
void zoo_lstm_forward_units(int path, long rows, long H, long u0, long w, float *z, const float *const *in,
                            const float *rec, const float *cPrev, float *c, float *phi, float *h);
/// Its backward for the same rows and units: z holds the activated gates and becomes
/// dL/d(pre-activation) of each gate; phi = tanh(c); dh, dc = dL/dh, dL/dc after the step;
/// writes dcPrev = dL/dc before the step and zeroes dhPrev (the LSTM has no direct h path).
void zoo_lstm_backward_units(int path, long rows, long H, long u0, long w, float *z, const float *phi, const float *dh,
                             const float *dc, const float *cPrev, float *dcPrev, float *dhPrev);

/// The GRU (reset_after, sigmoid gates, tanh candidate, Keras blocks z, r, h) gate math of one
/// step for `rows` rows and the units u0 ..< u0+w: x [rows, 3H] holds x·K + b₀ (or in[r] [3H]
/// holds row r's, when `in` is not NULL) and becomes the activated gates once m [rows, 3w] (h·R
/// for these units, gate-major) plus the recurrent bias rb [3H] (or NULL) is added; mhh
/// [rows, H] = the candidate's recurrent part; h = z·hPrev + (1 − z)·ĥ. mhh NULL (inference):
/// neither the activated gates nor mhh are stored.
void zoo_gru_forward_units(int path, long rows, long H, long u0, long w, float *x, const float *const *in,
                           const float *m, const float *rb, const float *hPrev, float *mhh, float *h);
/// Its backward: x becomes dL/d(pre-activation) [dz, dr, dĥ]; mhh becomes dĥ·r; dm [rows, 3H]
/// = dL/d(h·R + rb) = [dz, dr, dĥ·r]; dhPrev = dh·z (the direct part, overwritten).
void zoo_gru_backward_units(int path, long rows, long H, long u0, long w, float *x, float *mhh, const float *dh,
                            const float *hPrev, float *dhPrev, float *dm);

/// Keras Adam on n elements: m += (g − m)(1 − b1), v += (g² − v)(1 − b2),
/// w −= alpha·m / (√v + eps) (alpha includes the bias corrections). The same rounding on every
/// path: no fused multiply-adds.
void zoo_adam_update(int path, long n, float *w, const float *g, float *m, float *v,
                     float alpha, float b1, float b2, float eps);

/// `count` floats, 64-byte aligned, contents undefined; large blocks come from a cache of
/// recently freed ones (workspace.c). Release with zoo_workspace_free and the same count.
float *zoo_workspace_alloc(size_t count);
void zoo_workspace_free(float *p, size_t count);
/// glibc: serve blocks up to 32 MB from the heap and keep up to 512 MB of freed heap mapped
/// (mallopt M_MMAP_THRESHOLD, M_TRIM_THRESHOLD). 1 when applied, 0 elsewhere.
int zoo_retain_freed_memory(void);

/// Runs fn(ctx, t, n) for t = 0 ..< n on up to `threads` threads of a persistent pool (t = 0 on
/// the calling thread) and returns n once every call has returned. n is 1 (fn runs inline) when
/// the pool is busy, when called from inside a region, when threads ≤ 1, or for 0.1 s after
/// regions' threads repeatedly waited for partners that lost their cores (a busy machine).
int zoo_parallel_run(int threads, void (*fn)(void *ctx, int thread, int threads), void *ctx);
/// Inside a region of `threads` threads: waits until all of them have arrived (spinning).
void zoo_parallel_barrier(int threads);
/// 1 on a thread that is running a region's fn (nested regions run inline), else 0.
int zoo_in_parallel_region(void);
#endif
