import CZooKernels
import Foundation

/// Single-precision GEMM, row-major: C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C.
///
/// The work is done by the C target's blocked GEMM (A packed into row panels, B into 16-column
/// panels, a register-blocked micro-kernel) with the micro-kernel chosen at run time: AVX-512
/// (8×16 tile) or AVX2 + FMA (6×16) where the CPU has them, portable C vectors elsewhere. A B
/// shared by many products can be packed once (`PackedMatrix`). One-row products (generation)
/// take a streaming GEMV. Large problems are split across the cores with the `Parallel` pool: by
/// column blocks when C is wide, else by row blocks.
public enum Gemm {
    /// A micro-kernel family.
    public enum Path: Int32, CaseIterable, Sendable {
        case generic = 0
        case avx2 = 2
        case avx512 = 3
    }

    /// Max worker threads (default: the active processor count).
    nonisolated(unsafe) public static var maxThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The paths this CPU can run, slowest first.
    public static var availablePaths: [Path] { Path.allCases.filter { zoo_gemm_path_available($0.rawValue) != 0 } }

    /// The path in use: the fastest available unless a test forced one with `withPath`.
    nonisolated(unsafe) public private(set) static var path: Path = availablePaths.last!

    /// Runs `body` with `path` forced (tests compare every path against the reference).
    public static func withPath<R>(_ forced: Path, _ body: () throws -> R) rethrows -> R {
        precondition(availablePaths.contains(forced), "GEMM path \(forced) does not run on this CPU")
        let saved = path
        path = forced
        defer { path = saved }
        return try body()
    }

    /// The CPU's widest SIMD set ("avx512", "avx2", "neon" or "baseline"), read with cpuid.
    public static var cpuSIMD: String {
        ["baseline", "neon", "avx2", "avx512"][Int(zoo_cpu_simd_level())]
    }

    /// Problems below this many multiply-adds stay on the calling thread.
    static let parallelThreshold = 1 << 20

    /// A is stored m×k (lda ≥ k), or k×m when `transA` (lda ≥ m); B is k×n (ldb ≥ n), or n×k when
    /// `transB` (ldb ≥ k). A smaller lda makes A's rows (columns when `transA`) overlapping slices
    /// of one buffer — the windows of a convolution — which is allowed: A is only read, row i at
    /// a + i·lda. beta == 0 overwrites C without reading it (the micro-kernels apply beta as they
    /// store, so C is not swept first).
    public static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        let p = path.rawValue
        if m == 1 && !transA && !transB {
            scale(c, rows: 1, n: n, ldc: ldc, beta: beta)
            if k > 0 && alpha != 0 { gemv(p, n: n, k: k, alpha: alpha, x: a, b: b, ldb: ldb, y: c) }
            return
        }
        let ta: Int32 = transA ? 1 : 0, tb: Int32 = transB ? 1 : 0
        split(m: m, n: n, k: k) { i0, i1, j0, j1 in
            let at = transA ? a + i0 : a + i0 * lda, bt = transB ? b + j0 * ldb : b + j0
            zoo_sgemm_block(p, ta, tb, i1 - i0, j1 - j0, k, alpha, at, lda, bt, ldb, beta, c + i0 * ldc + j0, ldc)
        }
    }

    /// C[m×n] = alpha · A[m×k] · B + beta · C with B packed beforehand (B is k×n); split across
    /// the cores like `sgemm`.
    static func sgemm(m: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int, b: PackedMatrix,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let n = b.n, k = b.k
        guard m > 0 else { return }
        let p = path.rawValue, packed = UnsafePointer(b.storage.pointer)
        split(m: m, n: n, k: k) { i0, i1, j0, j1 in
            zoo_sgemm_block_packed(p, 0, i1 - i0, j1 - j0, k, alpha, a + i0 * lda, lda, packed, n, j0, beta, c + i0 * ldc + j0, ldc)
        }
    }

    /// y[n] += x[k] · B with B packed beforehand (k×n): one row over weights packed once, on
    /// the calling thread. `descending` reads B's column panels last to first (the same sums,
    /// bit for bit): alternated step by step, the panels read last are read first while they are
    /// still in cache.
    static func sgemv(x: UnsafePointer<Float>, b: PackedMatrix, y: UnsafeMutablePointer<Float>, descending: Bool = false) {
        zoo_sgemv_packed(path.rawValue, b.k, b.n, x, b.storage.pointer, b.n, descending ? 1 : 0, y)
    }

    /// Runs `block(i0, i1, j0, j1)` over a split of C[m×n] across the pool's threads: by column
    /// blocks (multiples of 16) when C is wide, else by rows; one block on the calling thread when
    /// the product is small or the caller is already inside a parallel region.
    private static func split(m: Int, n: Int, k: Int, _ block: (Int, Int, Int, Int) -> Void) {
        let threads = m * n * k >= parallelThreshold && !Parallel.isInRegion ? maxThreads : 1
        guard threads > 1 else { return block(0, m, 0, n) }
        Parallel.run(threads: threads) { t, count in
            if n >= 4 * 16 * count {
                let chunk = ((n + count - 1) / count + 15) / 16 * 16
                let j0 = t * chunk, j1 = min(n, j0 + chunk)
                if j0 < j1 { block(0, m, j0, j1) }
            } else {
                let chunk = (m + count - 1) / count
                let i0 = t * chunk, i1 = min(m, i0 + chunk)
                if i0 < i1 { block(i0, i1, 0, n) }
            }
        }
    }

    /// C = beta · C over m rows of n (beta 0 overwrites without reading).
    private static func scale(_ c: UnsafeMutablePointer<Float>, rows m: Int, n: Int, ldc: Int, beta: Float) {
        for i in 0..<m {
            let ci = c + i * ldc
            if beta == 0 {
                ci.update(repeating: 0, count: n)
            } else if beta != 1 {
                for j in 0..<n { ci[j] *= beta }
            }
        }
    }

    /// y[n] += alpha · x[k] · B[k×n]; split by columns across the cores when B is large.
    private static func gemv(_ p: Int32, n: Int, k: Int, alpha: Float, x: UnsafePointer<Float>,
                             b: UnsafePointer<Float>, ldb: Int, y: UnsafeMutablePointer<Float>) {
        let threads = n * k >= 1 << 17 && n >= 64 * maxThreads && !Parallel.isInRegion ? maxThreads : 1
        if threads <= 1 {
            zoo_sgemv_rows(p, n, k, alpha, x, b, ldb, y)
            return
        }
        Parallel.run(threads: threads) { t, count in
            let chunk = ((n + count - 1) / count + 31) / 32 * 32
            let j0 = t * chunk, j1 = min(n, j0 + chunk)
            if j0 < j1 { zoo_sgemv_rows(p, j1 - j0, k, alpha, x, b + j0, ldb, y + j0) }
        }
    }

    /// The same contract computed with a naive triple loop accumulating in Double: the reference
    /// the tests compare against.
    static func referenceSgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
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
