#include <math.h>
#include "CZooKernels.h"

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
    for (long i = 0; i < n; i++) {
        float v = x[i];
        if (v >= 0) {
            y[i] = 1 / (1 + expf(-v));
        } else {
            float e = expf(v);
            y[i] = e / (1 + e);
        }
    }
}

void zoo_vtanh(int path, const float *x, float *y, long n) {
#if defined(__x86_64__)
    if (path >= ZOO_GEMM_AVX2) { zoo_vtanh_avx2(x, y, n); return; }
#endif
    (void)path;
    for (long i = 0; i < n; i++) y[i] = tanhf(x[i]);
}
