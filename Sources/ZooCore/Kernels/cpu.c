#include "CZooKernels.h"

int zoo_cpu_simd_level(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 3;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 2;
    return 0;
#elif defined(__aarch64__)
    return 1;
#else
    return 0;
#endif
}
