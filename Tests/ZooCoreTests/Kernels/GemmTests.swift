#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import XCTest
@testable import ZooCore

/// Gemm.sgemm against the Double-accumulating reference on awkward shapes, every transpose
/// combination, alpha/beta, padded leading dimensions and NaN in C with beta = 0 — on every
/// micro-kernel path this CPU runs (generic, AVX2, AVX-512), including shapes that straddle the
/// block sizes (KC 256, MC 264, NC 1024, the 6×16 and 8×16 tiles), the one-row GEMV and both
/// thread splits; operands that end at a guard page (B read in place); and products with a B
/// packed once (`PackedMatrix`, `PackedOperandCache`).
final class GemmTests: XCTestCase {
    func testEveryPathAgainstReference() {
        XCTAssertTrue(Gemm.availablePaths.contains(.generic))
        for path in Gemm.availablePaths {
            Gemm.withPath(path) { checkAgainstReference(path) }
        }
    }

    private func checkAgainstReference(_ path: Gemm.Path) {
        let sizes = [1, 2, 3, 7, 8, 9, 15, 16, 17, 33, 65]
        var rng = SeededGenerator(seed: 3)
        var cases: [(Int, Int, Int)] = []
        for m in sizes { for n in [1, 7, 16, 33] { for k in [1, 9, 17, 65] { cases.append((m, n, k)) } } }
        cases += [(300, 257, 129), (97, 1100, 33), (13, 40, 300), (1, 1000, 300), (1, 37, 5), (2, 2048, 70), (200, 20, 600)]
        // Small m (one block of rows, B panels packed as they are used): tiles of 6 and 8 and a
        // row left over, n with and without a partial last panel, k over KC.
        cases += [(32, 300, 260), (31, 64, 513), (96, 50, 100), (6, 1030, 40), (264, 33, 17), (265, 20, 30)]
        for (m, n, k) in cases {
            for transA in [false, true] {
                for transB in [false, true] {
                    for (alpha, beta) in [(Float(1), Float(0)), (Float(-0.5), Float(1.5))] {
                        let lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 2, ldc = n + 1
                        let a = (0..<((transA ? k : m) * lda)).map { _ in rng.nextNormal() }
                        let b = (0..<((transB ? n : k) * ldb)).map { _ in rng.nextNormal() }
                        var c = (0..<(m * ldc)).map { _ in beta == 0 ? Float.nan : rng.nextNormal() }
                        var expected = c
                        a.withUnsafeBufferPointer { pa in
                            b.withUnsafeBufferPointer { pb in
                                c.withUnsafeMutableBufferPointer { pc in
                                    Gemm.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: lda,
                                               b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc)
                                }
                                expected.withUnsafeMutableBufferPointer { pe in
                                    Gemm.referenceSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: lda,
                                                        b: pb.baseAddress!, ldb: ldb, beta: beta, c: pe.baseAddress!, ldc: ldc)
                                }
                            }
                        }
                        assertMatches(c, expected, m: m, n: n, k: k, ldc: ldc,
                                      "\(path): m \(m) n \(n) k \(k) transA \(transA) transB \(transB) alpha \(alpha) beta \(beta)")
                    }
                }
            }
        }
    }

    /// Operands that end at a page the process may not touch: a micro-kernel reading B (or A) in
    /// place must never load past the last element, whatever the partial panel or tile at the end.
    func testOperandsEndingAtAGuardPage() {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        /// `count` floats ending right before a PROT_NONE page; `body` gets them, then they are unmapped.
        func withGuardedFloats(_ count: Int, _ values: [Float], _ body: (UnsafePointer<Float>) -> Void) {
            let bytes = (count * 4 + pageSize - 1) / pageSize * pageSize + pageSize
            let base = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
            XCTAssertNotEqual(base, MAP_FAILED)
            XCTAssertEqual(mprotect(base + bytes - pageSize, pageSize, PROT_NONE), 0)
            let floats = (base + bytes - pageSize - count * 4).assumingMemoryBound(to: Float.self)
            floats.initialize(from: values, count: count)
            body(floats)
            munmap(base, bytes)
        }
        var rng = SeededGenerator(seed: 7)
        for path in Gemm.availablePaths {
            Gemm.withPath(path) {
                for (m, n, k) in [(32, 1000, 40), (5, 37, 300), (9, 16, 3), (32, 100, 257), (130, 33, 20), (200, 1030, 9)] {
                    for transA in [false, true] {
                        for transB in [false, true] {
                            let a = (0..<(m * k)).map { _ in rng.nextNormal() }
                            let b = (0..<(k * n)).map { _ in rng.nextNormal() }
                            var c = [Float](repeating: .nan, count: m * (n + 1)), expected = c
                            withGuardedFloats(a.count, a) { pa in
                                withGuardedFloats(b.count, b) { pb in
                                    let lda = transA ? m : k, ldb = transB ? k : n
                                    Gemm.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: pa, lda: lda,
                                               b: pb, ldb: ldb, beta: 0, c: &c, ldc: n + 1)
                                    Gemm.referenceSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: pa, lda: lda,
                                                        b: pb, ldb: ldb, beta: 0, c: &expected, ldc: n + 1)
                                }
                            }
                            assertMatches(c, expected, m: m, n: n, k: k, ldc: n + 1,
                                          "\(path) at a guard page: m \(m) n \(n) k \(k) transA \(transA) transB \(transB)")
                        }
                    }
                }
            }
        }
    }

    func testPackedOperandOnEveryPath() {
        for path in Gemm.availablePaths {
            Gemm.withPath(path) { checkPacked(path) }
        }
    }

    /// The one-row product over packed weights gives the same bits read last panel first (as the
    /// step kernels do every other step) and matches the reference, on every path.
    func testPackedGEMVIsTheSameInBothDirections() {
        var rng = SeededGenerator(seed: 6)
        for path in Gemm.availablePaths {
            Gemm.withPath(path) {
                for (n, k) in [(1, 3), (33, 7), (100, 256), (1024, 256), (200, 300)] {
                    let b = (0..<(k * n)).map { _ in rng.nextNormal() }, x = (0..<k).map { _ in rng.nextNormal() }
                    let y0 = (0..<n).map { _ in rng.nextNormal() }
                    var ascending = y0, descending = y0, expected = y0
                    b.withUnsafeBufferPointer { pb in
                        let packed = PackedMatrix(transposed: false, k: k, n: n, b: pb.baseAddress!, ldb: n)
                        Gemm.sgemv(x: x, b: packed, y: &ascending)
                        Gemm.sgemv(x: x, b: packed, y: &descending, descending: true)
                        x.withUnsafeBufferPointer { px in
                            Gemm.referenceSgemm(transA: false, transB: false, m: 1, n: n, k: k, alpha: 1, a: px.baseAddress!, lda: k,
                                                b: pb.baseAddress!, ldb: n, beta: 1, c: &expected, ldc: n)
                        }
                    }
                    XCTAssertEqual(ascending, descending, "\(path): n \(n) k \(k)")
                    XCTAssertLessThanOrEqual(zip(ascending, expected).map { abs($0 - $1) }.max()!, 2e-5 * Float(k), "\(path): n \(n) k \(k)")
                }
            }
        }
    }

    private func checkPacked(_ path: Gemm.Path) {
        var rng = SeededGenerator(seed: 5)
        // (m, n, k): one row, tiles of 6 and 8, n off the 16-column panel, k over KC = 256, and
        // products large enough for both thread splits (by columns, and by rows when n is narrow).
        let cases = [(1, 33, 7), (5, 16, 1), (8, 17, 300), (13, 1024, 256), (32, 1024, 256), (32, 256, 1024), (600, 40, 70), (97, 1100, 33)]
        for (m, n, k) in cases {
            for transB in [false, true] {
                for (alpha, beta) in [(Float(1), Float(0)), (Float(0.75), Float(1))] {
                    let lda = k + 1, ldb = (transB ? k : n) + 3, ldc = n + 2
                    let a = (0..<(m * lda)).map { _ in rng.nextNormal() }
                    let b = (0..<((transB ? n : k) * ldb)).map { _ in rng.nextNormal() }
                    let c0 = (0..<(m * ldc)).map { _ in beta == 0 ? Float.nan : rng.nextNormal() }
                    var expected = c0, viaMatrix = c0, viaCache = c0
                    let cache = PackedOperandCache()
                    a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            let packed = PackedMatrix(transposed: transB, k: k, n: n, b: pb.baseAddress!, ldb: ldb)
                            viaMatrix.withUnsafeMutableBufferPointer { pc in
                                Gemm.sgemm(m: m, alpha: alpha, a: pa.baseAddress!, lda: lda, b: packed, beta: beta, c: pc.baseAddress!, ldc: ldc)
                            }
                            for _ in 0..<2 {
                                viaCache = c0
                                viaCache.withUnsafeMutableBufferPointer { pc in
                                    cache.sgemm(transB: transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: lda,
                                                b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc)
                                }
                            }
                            expected.withUnsafeMutableBufferPointer { pe in
                                Gemm.referenceSgemm(transA: false, transB: transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!, lda: lda,
                                                    b: pb.baseAddress!, ldb: ldb, beta: beta, c: pe.baseAddress!, ldc: ldc)
                            }
                        }
                    }
                    for (label, got) in [("PackedMatrix", viaMatrix), ("PackedOperandCache", viaCache)] {
                        assertMatches(got, expected, m: m, n: n, k: k, ldc: ldc, "\(path) \(label): m \(m) n \(n) k \(k) transB \(transB) beta \(beta)")
                    }
                }
            }
        }
    }

    /// C's m×n block within 2e-5·k of the reference, and its padding column (n) left as it was.
    private func assertMatches(_ got: [Float], _ expected: [Float], m: Int, n: Int, k: Int, ldc: Int, _ label: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        var worst: Float = 0
        for i in 0..<m { for j in 0..<n { worst = max(worst, abs(got[i * ldc + j] - expected[i * ldc + j])) } }
        XCTAssertLessThanOrEqual(worst, 2e-5 * Float(k), label, file: file, line: line)
        for i in 0..<m {
            let pad = got[i * ldc + n], was = expected[i * ldc + n]
            XCTAssertTrue(pad == was || (pad.isNaN && was.isNaN), "\(label): the padding column of C was written", file: file, line: line)
        }
    }
}
