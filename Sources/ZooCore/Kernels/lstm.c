#include <math.h>
#include "CZooKernels.h"
#include "vmath_avx2.h"
#include "vmath_avx512.h"
#include "vmath_scalar.h"

/// Columns j ..< w of one row, one lane at a time (the generic path, and the AVX2 path's tail):
/// x·K + b from `in`, the activated gates to z (the same layout).
static void lstm_row_scalar(long H, long u0, long j, long w, const float *in, float *z, const float *rec,
                            const float *cPrev, float *c, float *phi, float *h) {
    for (; j < w; j++) {
        long u = u0 + j;
        float i = zoo_sigmoid1(in[u] + rec[j]), f = zoo_sigmoid1(in[H + u] + rec[w + j]);
        float g = tanhf(in[2 * H + u] + rec[2 * w + j]), o = zoo_sigmoid1(in[3 * H + u] + rec[3 * w + j]);
        float cn = f * cPrev[u] + i * g, t = tanhf(cn);
        c[u] = cn; h[u] = o * t;
        if (phi) {
            z[u] = i; z[H + u] = f; z[2 * H + u] = g; z[3 * H + u] = o;
            phi[u] = t;
        }
    }
}

/// Backward columns j ..< w of one row, one lane at a time.
static void lstm_back_row_scalar(long H, long u0, long j, long w, float *z, const float *phi, const float *dh,
                                 const float *dc, const float *cPrev, float *dcPrev, float *dhPrev) {
    for (; j < w; j++) {
        long u = u0 + j;
        float i = z[u], f = z[H + u], g = z[2 * H + u], o = z[3 * H + u], t = phi[u];
        float dcv = dc[u] + dh[u] * o * (1 - t * t);
        z[u] = dcv * g * i * (1 - i);
        z[H + u] = dcv * cPrev[u] * f * (1 - f);
        z[2 * H + u] = dcv * i * (1 - g * g);
        z[3 * H + u] = dh[u] * t * o * (1 - o);
        dcPrev[u] = dcv * f;
        dhPrev[u] = 0;
    }
}

#if defined(__x86_64__)
ZOO_AVX2 static void lstm_back_row_avx2(long H, long u0, long w, float *z, const float *phi, const float *dh,
                                        const float *dc, const float *cPrev, float *dcPrev, float *dhPrev) {
    const __m256 one = _mm256_set1_ps(1.0f);
    long j = 0;
    for (; j + 8 <= w; j += 8) {
        long u = u0 + j;
        __m256 i = _mm256_loadu_ps(z + u), f = _mm256_loadu_ps(z + H + u);
        __m256 g = _mm256_loadu_ps(z + 2 * H + u), o = _mm256_loadu_ps(z + 3 * H + u);
        __m256 t = _mm256_loadu_ps(phi + u), d = _mm256_loadu_ps(dh + u);
        __m256 dcv = _mm256_fmadd_ps(_mm256_mul_ps(d, o), _mm256_fnmadd_ps(t, t, one), _mm256_loadu_ps(dc + u));
        _mm256_storeu_ps(z + u, _mm256_mul_ps(_mm256_mul_ps(dcv, g), _mm256_mul_ps(i, _mm256_sub_ps(one, i))));
        _mm256_storeu_ps(z + H + u, _mm256_mul_ps(_mm256_mul_ps(dcv, _mm256_loadu_ps(cPrev + u)), _mm256_mul_ps(f, _mm256_sub_ps(one, f))));
        _mm256_storeu_ps(z + 2 * H + u, _mm256_mul_ps(_mm256_mul_ps(dcv, i), _mm256_fnmadd_ps(g, g, one)));
        _mm256_storeu_ps(z + 3 * H + u, _mm256_mul_ps(_mm256_mul_ps(d, t), _mm256_mul_ps(o, _mm256_sub_ps(one, o))));
        _mm256_storeu_ps(dcPrev + u, _mm256_mul_ps(dcv, f));
        _mm256_storeu_ps(dhPrev + u, _mm256_setzero_ps());
    }
    lstm_back_row_scalar(H, u0, j, w, z, phi, dh, dc, cPrev, dcPrev, dhPrev);
}

/// Columns j ..< w of one row, 8 lanes at a time, the rest one by one.
ZOO_AVX2 static void lstm_row_avx2(long H, long u0, long j, long w, const float *in, float *z, const float *rec,
                                   const float *cPrev, float *c, float *phi, float *h) {
    for (; j + 8 <= w; j += 8) {
        long u = u0 + j;
        __m256 i = sigmoid8(_mm256_add_ps(_mm256_loadu_ps(in + u), _mm256_loadu_ps(rec + j)));
        __m256 f = sigmoid8(_mm256_add_ps(_mm256_loadu_ps(in + H + u), _mm256_loadu_ps(rec + w + j)));
        __m256 g = tanh8(_mm256_add_ps(_mm256_loadu_ps(in + 2 * H + u), _mm256_loadu_ps(rec + 2 * w + j)));
        __m256 o = sigmoid8(_mm256_add_ps(_mm256_loadu_ps(in + 3 * H + u), _mm256_loadu_ps(rec + 3 * w + j)));
        __m256 cn = _mm256_fmadd_ps(f, _mm256_loadu_ps(cPrev + u), _mm256_mul_ps(i, g));
        __m256 t = tanh8(cn);
        _mm256_storeu_ps(c + u, cn);
        _mm256_storeu_ps(h + u, _mm256_mul_ps(o, t));
        if (phi) {
            _mm256_storeu_ps(z + u, i);
            _mm256_storeu_ps(z + H + u, f);
            _mm256_storeu_ps(z + 2 * H + u, g);
            _mm256_storeu_ps(z + 3 * H + u, o);
            _mm256_storeu_ps(phi + u, t);
        }
    }
    lstm_row_scalar(H, u0, j, w, in, z, rec, cPrev, c, phi, h);
}

/// lstm_row_avx2 on 16 lanes (AVX-512 path): the same results, fewer instructions; the last
/// w mod 16 columns by lstm_row_avx2.
ZOO_AVX512_MATH static void lstm_row_avx512(long H, long u0, long w, const float *in, float *z, const float *rec,
                                          const float *cPrev, float *c, float *phi, float *h) {
    long j = 0;
    for (; j + 16 <= w; j += 16) {
        long u = u0 + j;
        __m512 i = sigmoid16(_mm512_add_ps(_mm512_loadu_ps(in + u), _mm512_loadu_ps(rec + j)));
        __m512 f = sigmoid16(_mm512_add_ps(_mm512_loadu_ps(in + H + u), _mm512_loadu_ps(rec + w + j)));
        __m512 g = tanh16(_mm512_add_ps(_mm512_loadu_ps(in + 2 * H + u), _mm512_loadu_ps(rec + 2 * w + j)));
        __m512 o = sigmoid16(_mm512_add_ps(_mm512_loadu_ps(in + 3 * H + u), _mm512_loadu_ps(rec + 3 * w + j)));
        __m512 cn = _mm512_fmadd_ps(f, _mm512_loadu_ps(cPrev + u), _mm512_mul_ps(i, g));
        __m512 t = tanh16(cn);
        _mm512_storeu_ps(c + u, cn);
        _mm512_storeu_ps(h + u, _mm512_mul_ps(o, t));
        if (phi) {
            _mm512_storeu_ps(z + u, i);
            _mm512_storeu_ps(z + H + u, f);
            _mm512_storeu_ps(z + 2 * H + u, g);
            _mm512_storeu_ps(z + 3 * H + u, o);
            _mm512_storeu_ps(phi + u, t);
        }
    }
    lstm_row_avx2(H, u0, j, w, in, z, rec, cPrev, c, phi, h);
}
#endif

void zoo_lstm_forward_units(int path, long rows, long H, long u0, long w, float *z, const float *const *in,
                            const float *rec, const float *cPrev, float *c, float *phi, float *h) {
    for (long r = 0; r < rows; r++) {
        float *zr = z + r * 4 * H;
        const float *ir = in ? in[r] : zr, *qr = rec + r * 4 * w, *cp = cPrev + r * H;
        float *cr = c + r * H, *pr = phi ? phi + r * H : NULL, *hr = h + r * H;
#if defined(__x86_64__)
        if (path >= ZOO_GEMM_AVX512) {
            lstm_row_avx512(H, u0, w, ir, zr, qr, cp, cr, pr, hr);
            continue;
        }
        if (path >= ZOO_GEMM_AVX2) {
            lstm_row_avx2(H, u0, 0, w, ir, zr, qr, cp, cr, pr, hr);
            continue;
        }
#endif
        lstm_row_scalar(H, u0, 0, w, ir, zr, qr, cp, cr, pr, hr);
    }
    (void)path;
}

void zoo_lstm_backward_units(int path, long rows, long H, long u0, long w, float *z, const float *phi, const float *dh,
                             const float *dc, const float *cPrev, float *dcPrev, float *dhPrev) {
    for (long r = 0; r < rows; r++) {
        float *zr = z + r * 4 * H;
        long o = r * H;
#if defined(__x86_64__)
        if (path >= ZOO_GEMM_AVX2) {
            lstm_back_row_avx2(H, u0, w, zr, phi + o, dh + o, dc + o, cPrev + o, dcPrev + o, dhPrev + o);
            continue;
        }
#endif
        lstm_back_row_scalar(H, u0, 0, w, zr, phi + o, dh + o, dc + o, cPrev + o, dcPrev + o, dhPrev + o);
    }
    (void)path;
}
