#ifndef ZOO_VMATH_SCALAR_H
#define ZOO_VMATH_SCALAR_H
#include <math.h>

/// 1 / (1 + e^−v) from e^−|v|, so neither tail loses precision (the portable path and the
/// vector kernels' tails).
static inline float zoo_sigmoid1(float v) {
    if (v >= 0) return 1 / (1 + expf(-v));
    float e = expf(v);
    return e / (1 + e);
}
#endif
