import CZooKernels
import Dispatch

/// Single-precision GEMM, row-major: C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C.
///
/// This is the portable path: SIMD8 row updates (C row += a · B row) blocked over k for the
/// plain and transA cases, SIMD8 dot products for transB, rows of C split across the cores with
/// Dispatch when the problem is large enough to pay for it. The packed, register-blocked
/// AVX2/AVX-512 micro-kernel that the G benchmark target needs is not written yet (see the
/// issue note); callers depend only on this contract.
public enum Gemm {
    /// Max worker threads (default: the active processor count).
    nonisolated(unsafe) public static var maxThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The CPU's widest SIMD set ("avx512", "avx2", "neon" or "baseline"), read with cpuid: what
    /// the run-time selected micro-kernels will dispatch on.
    public static var cpuSIMD: String {
        ["baseline", "neon", "avx2", "avx512"][Int(zoo_cpu_simd_level())]
    }

    /// Problems below this many multiply-adds stay on the calling thread.
    static let parallelThreshold = 1 << 18

    /// A is stored m×k (lda ≥ k), or k×m when `transA` (lda ≥ m); B is k×n (ldb ≥ n), or n×k when
    /// `transB` (ldb ≥ k). beta == 0 overwrites C without reading it.
    public static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        let work = m * n * max(k, 1)
        let threads = work >= parallelThreshold ? min(maxThreads, m) : 1
        if threads <= 1 {
            rows(0..<m, transA, transB, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        let chunk = (m + threads - 1) / threads
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let lo = t * chunk, hi = min(m, lo + chunk)
            if lo < hi { rows(lo..<hi, transA, transB, n, k, alpha, a, lda, b, ldb, beta, c, ldc) }
        }
    }

    /// Computes rows `range` of C.
    private static func rows(_ range: Range<Int>, _ transA: Bool, _ transB: Bool, _ n: Int, _ k: Int, _ alpha: Float,
                             _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                             _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        for i in range {
            let ci = c + i * ldc
            if beta == 0 {
                ci.update(repeating: 0, count: n)
            } else if beta != 1 {
                for j in 0..<n { ci[j] *= beta }
            }
        }
        if transB {
            for i in range {
                let ci = c + i * ldc
                for j in 0..<n {
                    let bj = b + j * ldb
                    var acc = SIMD8<Float>()
                    var p = 0
                    if !transA {
                        let ai = a + i * lda
                        while p + 8 <= k {
                            acc += load(ai + p) * load(bj + p)
                            p += 8
                        }
                        var s = acc.sum()
                        while p < k { s += ai[p] * bj[p]; p += 1 }
                        ci[j] += alpha * s
                    } else {
                        var s: Float = 0
                        for q in 0..<k { s += a[q * lda + i] * bj[q] }
                        ci[j] += alpha * s
                    }
                }
            }
            return
        }
        let kBlock = 256
        var p0 = 0
        while p0 < k {
            let p1 = min(k, p0 + kBlock)
            for i in range {
                let ci = c + i * ldc
                for p in p0..<p1 {
                    let aip = alpha * (transA ? a[p * lda + i] : a[i * lda + p])
                    if aip == 0 { continue }
                    VectorOps.axpy(aip, b + p * ldb, ci, count: n)
                }
            }
            p0 = p1
        }
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// The same contract computed with a naive triple loop accumulating in Double: the reference
    /// the tests compare against.
    public static func referenceSgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    s += Double(transA ? a[p * lda + i] : a[i * lda + p]) * Double(transB ? b[j * ldb + p] : b[p * ldb + j])
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                c[i * ldc + j] = Float(Double(alpha) * s + old)
            }
        }
    }
}

import Foundation
