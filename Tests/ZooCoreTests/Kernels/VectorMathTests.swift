import Foundation
import XCTest
@testable import ZooCore

/// exp, sigmoid and tanh on every kernel path against Double libm: a dense sweep of
/// [−90, 90] plus the edges (0, ±tiny, saturation, ±inf, NaN), at
/// lengths that are not multiples of the vector width.
final class VectorMathTests: XCTestCase {
    private var inputs: [Float] {
        var xs = stride(from: -90.0, through: 90.0, by: 0.0137).map { Float($0) }
        xs += [0, -0, 1e-30, -1e-30, 1e-7, 0.62499, 0.625, 0.62501, -0.625, 9, 20, -20, 87, -87, 88.5, .infinity, -.infinity]
        xs.append(0.3)
        return xs
    }

    private func run(_ f: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void, _ xs: [Float]) -> [Float] {
        var ys = [Float](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { x in ys.withUnsafeMutableBufferPointer { y in f(x.baseAddress!, y.baseAddress!, xs.count) } }
        return ys
    }

    private func check(_ name: String, _ f: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
                       _ reference: (Double) -> Double, domain: ClosedRange<Float>, path: Gemm.Path) {
        let xs = inputs.filter { domain.contains($0) || !$0.isFinite }
        let ys = run(f, xs)
        var worst = 0.0
        for (x, y) in zip(xs, ys) {
            let r = reference(Double(x))
            if x.isInfinite {
                XCTAssertTrue(Float(r) == y || (r == 0 && y >= 0 && y < 1e-37) || (r.isInfinite && y > 3e38),
                              "\(path) \(name)(\(x)) = \(y), want \(r) (saturation: exp is clamped to [−87.3, 88.7])")
                continue
            }
            let scale = max(abs(r), 1e-37)
            worst = max(worst, abs(Double(y) - r) / scale)
        }
        XCTAssertLessThan(worst, 5e-7, "\(path) \(name): worst relative error \(worst)")
        XCTAssertTrue(run(f, [.nan, 1, .nan, 2, 3, 4, 5, .nan, 6])[7].isNaN, "\(path) \(name) keeps NaN")
    }

    func testEveryPathAgainstDoubleLibm() {
        for path in Gemm.availablePaths {
            Gemm.withPath(path) {
                check("exp", { VectorMath.exp($0, $1, count: $2) }, Foundation.exp, domain: -87...88, path: path)
                check("sigmoid", { VectorMath.sigmoid($0, $1, count: $2) }, { 1 / (1 + Foundation.exp(-$0)) }, domain: -87...90, path: path)
                check("tanh", { VectorMath.tanh($0, $1, count: $2) }, Foundation.tanh, domain: -90...90, path: path)
            }
        }
    }
}
