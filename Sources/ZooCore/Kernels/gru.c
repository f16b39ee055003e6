#include <math.h>
#include "CZooKernels.h"
#include "vmath_avx2.h"
#include "vmath_scalar.h"

static inline float bias_at(const float *rb, long i) { return rb ? rb[i] : 0; }

/// Forward columns j ..< w of one row, one lane at a time: x·K + b₀ from `in`, the activated
/// gates to x (the same layout).
static void gru_row_scalar(long H, long u0, long j, long w, const float *in, float *x, const float *m, const float *rb,
                           const float *hPrev, float *mhh, float *h) {
    for (; j < w; j++) {
        long u = u0 + j;
        float z = zoo_sigmoid1(in[u] + m[j] + bias_at(rb, u));
        float r = zoo_sigmoid1(in[H + u] + m[w + j] + bias_at(rb, H + u));
        float mh = m[2 * w + j] + bias_at(rb, 2 * H + u);
        float hh = tanhf(in[2 * H + u] + r * mh);
        h[u] = z * hPrev[u] + (1 - z) * hh;
        if (mhh) {
            x[u] = z; x[H + u] = r; x[2 * H + u] = hh; mhh[u] = mh;
        }
    }
}

/// Backward columns j ..< w of one row, one lane at a time.
static void gru_back_row_scalar(long H, long u0, long j, long w, float *x, float *mhh, const float *dh,
                                const float *hPrev, float *dhPrev, float *dm) {
    for (; j < w; j++) {
        long u = u0 + j;
        float z = x[u], r = x[H + u], hh = x[2 * H + u], d = dh[u];
        float dz = d * (hPrev[u] - hh) * z * (1 - z);
        float dhh = d * (1 - z) * (1 - hh * hh);
        float dr = dhh * mhh[u] * r * (1 - r);
        dhPrev[u] = d * z;
        x[u] = dz; x[H + u] = dr; x[2 * H + u] = dhh;
        mhh[u] = dhh * r;
        dm[u] = dz; dm[H + u] = dr; dm[2 * H + u] = dhh * r;
    }
}

#if defined(__x86_64__)
ZOO_AVX2 static inline __m256 bias8(const float *rb, long i) {
    return rb ? _mm256_loadu_ps(rb + i) : _mm256_setzero_ps();
}

ZOO_AVX2 static void gru_row_avx2(long H, long u0, long w, const float *in, float *x, const float *m, const float *rb,
                                  const float *hPrev, float *mhh, float *h) {
    const __m256 one = _mm256_set1_ps(1.0f);
    long j = 0;
    for (; j + 8 <= w; j += 8) {
        long u = u0 + j;
        __m256 z = sigmoid8(_mm256_add_ps(_mm256_loadu_ps(in + u), _mm256_add_ps(_mm256_loadu_ps(m + j), bias8(rb, u))));
        __m256 r = sigmoid8(_mm256_add_ps(_mm256_loadu_ps(in + H + u), _mm256_add_ps(_mm256_loadu_ps(m + w + j), bias8(rb, H + u))));
        __m256 mh = _mm256_add_ps(_mm256_loadu_ps(m + 2 * w + j), bias8(rb, 2 * H + u));
        __m256 hh = tanh8(_mm256_add_ps(_mm256_loadu_ps(in + 2 * H + u), _mm256_mul_ps(r, mh)));
        _mm256_storeu_ps(h + u, _mm256_add_ps(_mm256_mul_ps(z, _mm256_loadu_ps(hPrev + u)), _mm256_mul_ps(_mm256_sub_ps(one, z), hh)));
        if (mhh) {
            _mm256_storeu_ps(x + u, z);
            _mm256_storeu_ps(x + H + u, r);
            _mm256_storeu_ps(x + 2 * H + u, hh);
            _mm256_storeu_ps(mhh + u, mh);
        }
    }
    gru_row_scalar(H, u0, j, w, in, x, m, rb, hPrev, mhh, h);
}

ZOO_AVX2 static void gru_back_row_avx2(long H, long u0, long w, float *x, float *mhh, const float *dh,
                                       const float *hPrev, float *dhPrev, float *dm) {
    const __m256 one = _mm256_set1_ps(1.0f);
    long j = 0;
    for (; j + 8 <= w; j += 8) {
        long u = u0 + j;
        __m256 z = _mm256_loadu_ps(x + u), r = _mm256_loadu_ps(x + H + u), hh = _mm256_loadu_ps(x + 2 * H + u);
        __m256 d = _mm256_loadu_ps(dh + u);
        __m256 dz = _mm256_mul_ps(_mm256_mul_ps(d, _mm256_sub_ps(_mm256_loadu_ps(hPrev + u), hh)), _mm256_mul_ps(z, _mm256_sub_ps(one, z)));
        __m256 dhh = _mm256_mul_ps(_mm256_mul_ps(d, _mm256_sub_ps(one, z)), _mm256_fnmadd_ps(hh, hh, one));
        __m256 dr = _mm256_mul_ps(_mm256_mul_ps(dhh, _mm256_loadu_ps(mhh + u)), _mm256_mul_ps(r, _mm256_sub_ps(one, r)));
        __m256 dhr = _mm256_mul_ps(dhh, r);
        _mm256_storeu_ps(dhPrev + u, _mm256_mul_ps(d, z));
        _mm256_storeu_ps(x + u, dz);
        _mm256_storeu_ps(x + H + u, dr);
        _mm256_storeu_ps(x + 2 * H + u, dhh);
        _mm256_storeu_ps(mhh + u, dhr);
        _mm256_storeu_ps(dm + u, dz);
        _mm256_storeu_ps(dm + H + u, dr);
        _mm256_storeu_ps(dm + 2 * H + u, dhr);
    }
    gru_back_row_scalar(H, u0, j, w, x, mhh, dh, hPrev, dhPrev, dm);
}
#endif

void zoo_gru_forward_units(int path, long rows, long H, long u0, long w, float *x, const float *const *in,
                           const float *m, const float *rb, const float *hPrev, float *mhh, float *h) {
    for (long r = 0; r < rows; r++) {
        float *xr = x + r * 3 * H;
        const float *ir = in ? in[r] : xr, *mr = m + r * 3 * w;
        long o = r * H;
#if defined(__x86_64__)
        if (path >= ZOO_GEMM_AVX2) {
            gru_row_avx2(H, u0, w, ir, xr, mr, rb, hPrev + o, mhh ? mhh + o : NULL, h + o);
            continue;
        }
#endif
        gru_row_scalar(H, u0, 0, w, ir, xr, mr, rb, hPrev + o, mhh ? mhh + o : NULL, h + o);
    }
    (void)path;
}

void zoo_gru_backward_units(int path, long rows, long H, long u0, long w, float *x, float *mhh, const float *dh,
                            const float *hPrev, float *dhPrev, float *dm) {
    for (long r = 0; r < rows; r++) {
        float *xr = x + r * 3 * H, *dmr = dm + r * 3 * H;
        long o = r * H;
#if defined(__x86_64__)
        if (path >= ZOO_GEMM_AVX2) {
            gru_back_row_avx2(H, u0, w, xr, mhh + o, dh + o, hPrev + o, dhPrev + o, dmr);
            continue;
        }
#endif
        gru_back_row_scalar(H, u0, 0, w, xr, mhh + o, dh + o, hPrev + o, dhPrev + o, dmr);
    }
    (void)path;
}
