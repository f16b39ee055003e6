#include <math.h>
#include "CZooKernels.h"
#include "vmath_scalar.h"

#if defined(__x86_64__)
void zoo_vexp_avx2(const float *x, float *y, long n);
void zoo_vsigmoid_avx2(const float *x, float *y, long n);
void zoo_vtanh_avx2(const float *x, float *y, long n);
#endif

void zoo_vexp(int path, const float *x, float *y, long n) {
#if defined(__x86_64__)
    if (path >= ZOO_GEMM_AVX2) { zoo_vexp_avx2(x, y, n); return; }
#endif
    (void)path;
    for (long i = 0; i < n; i++) y[i] = expf(x[i]);
}

void zoo_vsigmoid(int path, const float *x, float *y, long n) {
#if defined(__x86_64__)
    if (path >= ZOO_GEMM_AVX2) { zoo_vsigmoid_avx2(x, y, n); return; }
#endif
    (void)path;
    for (long i = 0; i < n; i++) y[i] = zoo_sigmoid1(x[i]);
}

void zoo_vtanh(int path, const float *x, float *y, long n) {
#if defined(__x86_64__)
    if (path >= ZOO_GEMM_AVX2) { zoo_vtanh_avx2(x, y, n); return; }
#endif
    (void)path;
    for (long i = 0; i < n; i++) y[i] = tanhf(x[i]);
}
