#ifndef CZOOKERNELS_H
#define CZOOKERNELS_H
/// Reports the widest SIMD instruction set this CPU offers: 3 = AVX-512F, 2 = AVX2 with FMA,
/// 1 = NEON, 0 = none of these. The run-time selected C micro-kernels will key on it.
int zoo_cpu_simd_level(void);
#endif
