import XCTest
@testable import ZooCore

/// `Gemm.sgemv` over a packed B (generation's one-row products) against the Double reference on
/// every kernel path: widths that end inside a 16-column panel or a group of four panels, and
/// k across the 256-row packing blocks.
final class PackedGemvTests: XCTestCase {
    func testEveryPathAgainstReference() {
        var rng = SeededGenerator(seed: 9)
        for path in Gemm.availablePaths {
            Gemm.withPath(path) {
                for (k, n) in [(1, 1), (3, 16), (7, 17), (64, 48), (64, 64), (256, 96), (257, 130), (300, 1024), (600, 33)] {
                    let ldb = n + 5
                    let b = (0..<(k * ldb)).map { _ in rng.nextNormal() }
                    let x = (0..<k).map { _ in rng.nextNormal() }
                    let y0 = (0..<(n + 1)).map { _ in rng.nextNormal() }
                    var y = y0, expected = y0
                    b.withUnsafeBufferPointer { pb in
                        let packed = PackedMatrix(transposed: false, k: k, n: n, b: pb.baseAddress!, ldb: ldb)
                        x.withUnsafeBufferPointer { px in
                            y.withUnsafeMutableBufferPointer { Gemm.sgemv(x: px.baseAddress!, b: packed, y: $0.baseAddress!) }
                            expected.withUnsafeMutableBufferPointer { pe in
                                Gemm.referenceSgemm(transA: false, transB: false, m: 1, n: n, k: k, alpha: 1, a: px.baseAddress!, lda: k,
                                                    b: pb.baseAddress!, ldb: ldb, beta: 1, c: pe.baseAddress!, ldc: n)
                            }
                        }
                    }
                    var worst: Float = 0
                    for j in 0..<n { worst = max(worst, abs(y[j] - expected[j])) }
                    XCTAssertLessThanOrEqual(worst, 2e-5 * Float(k), "\(path): k \(k) n \(n)")
                    XCTAssertEqual(y[n], y0[n], "\(path): k \(k) n \(n): wrote past y[n]")
                }
            }
        }
    }
}
