import CZooKernels
import Foundation

/// Elementwise transcendental kernels over Float buffers (`y` may alias `x`).
///
/// exp, sigmoid and tanh run in the C target on the kernel path `Gemm.path` selects: AVX2
/// polynomials (8 lanes, within a few ulp — see VectorMathTests) or the C library.
enum VectorMath {
    static func exp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        zoo_vexp(Gemm.path.rawValue, x, y, count)
    }

    /// 1 / (1 + e^−x), evaluated without overflow for large |x|.
    static func sigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        zoo_vsigmoid(Gemm.path.rawValue, x, y, count)
    }

    static func tanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        zoo_vtanh(Gemm.path.rawValue, x, y, count)
    }

    static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = x[i] > 0 ? x[i] : 0 }
    }

    /// clip(alpha·x + beta, 0, 1): Keras 3 uses alpha 1/6, Keras 2 alpha 0.2; beta 0.5.
    static func hardSigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, alpha: Float, beta: Float) {
        for i in 0..<count { y[i] = min(1, max(0, alpha * x[i] + beta)) }
    }

    /// Row-wise softmax over `rows` rows of `cols` (the row max is subtracted first).
    static func softmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let xr = x + r * cols, yr = y + r * cols
            var m = -Float.infinity
            for j in 0..<cols { m = max(m, xr[j]) }
            for j in 0..<cols { yr[j] = xr[j] - m }
            exp(yr, yr, count: cols)
            var s: Float = 0
            for j in 0..<cols { s += yr[j] }
            let inv = 1 / s
            for j in 0..<cols { yr[j] *= inv }
        }
    }
}
