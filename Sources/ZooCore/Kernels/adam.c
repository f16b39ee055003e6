// The same rounding as the scalar Swift rule on every path: no multiply-add contraction, also
// in the intrinsics' own inline definitions (hence before the includes).
#pragma clang fp contract(off)
#include <math.h>
#include "CZooKernels.h"
#include "vmath_avx2.h"

/// Elements i ..< n of the Keras Adam update, one at a time.
static void adam_scalar(long i, long n, float *w, const float *g, float *m, float *v,
                        float alpha, float b1, float b2, float eps) {
    for (; i < n; i++) {
        m[i] += (g[i] - m[i]) * (1 - b1);
        v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
        w[i] -= alpha * m[i] / (sqrtf(v[i]) + eps);
    }
}

#if defined(__x86_64__)
ZOO_AVX2 static void adam_avx2(long n, float *w, const float *g, float *m, float *v,
                               float alpha, float b1, float b2, float eps) {
    const __m256 c1 = _mm256_set1_ps(1 - b1), c2 = _mm256_set1_ps(1 - b2);
    const __m256 a = _mm256_set1_ps(alpha), e = _mm256_set1_ps(eps);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 gi = _mm256_loadu_ps(g + i), mi = _mm256_loadu_ps(m + i), vi = _mm256_loadu_ps(v + i);
        mi = _mm256_add_ps(mi, _mm256_mul_ps(_mm256_sub_ps(gi, mi), c1));
        vi = _mm256_add_ps(vi, _mm256_mul_ps(_mm256_sub_ps(_mm256_mul_ps(gi, gi), vi), c2));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        __m256 step = _mm256_div_ps(_mm256_mul_ps(a, mi), _mm256_add_ps(_mm256_sqrt_ps(vi), e));
        _mm256_storeu_ps(w + i, _mm256_sub_ps(_mm256_loadu_ps(w + i), step));
    }
    adam_scalar(i, n, w, g, m, v, alpha, b1, b2, eps);
}
#endif

void zoo_adam_update(int path, long n, float *w, const float *g, float *m, float *v,
                     float alpha, float b1, float b2, float eps) {
#if defined(__x86_64__)
    if (path >= ZOO_GEMM_AVX2) {
        adam_avx2(n, w, g, m, v, alpha, b1, b2, eps);
        return;
    }
#endif
    (void)path;
    adam_scalar(0, n, w, g, m, v, alpha, b1, b2, eps);
}
