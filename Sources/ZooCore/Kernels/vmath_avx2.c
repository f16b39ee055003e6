#if defined(__x86_64__)
#include "CZooKernels.h"
#include "vmath_avx2.h"

ZOO_AVX2 void zoo_vexp_avx2(const float *x, float *y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, exp8(_mm256_loadu_ps(x + i)));
    zoo_vexp(ZOO_GEMM_GENERIC, x + i, y + i, n - i);
}

ZOO_AVX2 void zoo_vsigmoid_avx2(const float *x, float *y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, sigmoid8(_mm256_loadu_ps(x + i)));
    zoo_vsigmoid(ZOO_GEMM_GENERIC, x + i, y + i, n - i);
}

ZOO_AVX2 void zoo_vtanh_avx2(const float *x, float *y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, tanh8(_mm256_loadu_ps(x + i)));
    zoo_vtanh(ZOO_GEMM_GENERIC, x + i, y + i, n - i);
}
#endif
