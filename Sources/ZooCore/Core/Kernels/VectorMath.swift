import Foundation

/// Elementwise transcendental kernels over Float buffers (`y` may alias `x`).
///
/// This portable path evaluates each element with the C library's single-precision functions
/// (correctly rounded to within 1 ulp), so golden tests see Keras-grade accuracy; the vectorized
/// polynomial versions are not written yet (see the issue note).
public enum VectorMath {
    public static func exp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = Foundation.exp(x[i]) }
    }

    /// 1 / (1 + e^−x), evaluated without overflow for large |x|.
    public static func sigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count {
            let v = x[i]
            if v >= 0 {
                y[i] = 1 / (1 + Foundation.exp(-v))
            } else {
                let e = Foundation.exp(v)
                y[i] = e / (1 + e)
            }
        }
    }

    public static func tanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = Foundation.tanh(x[i]) }
    }

    public static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = x[i] > 0 ? x[i] : 0 }
    }

    /// clip(alpha·x + beta, 0, 1): Keras 3 uses alpha 1/6, Keras 2 alpha 0.2; beta 0.5.
    public static func hardSigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, alpha: Float, beta: Float) {
        for i in 0..<count { y[i] = min(1, max(0, alpha * x[i] + beta)) }
    }

    /// Row-wise softmax over `rows` rows of `cols` (the row max is subtracted first).
    public static func softmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
        for r in 0..<rows {
            let xr = x + r * cols, yr = y + r * cols
            var m = -Float.infinity
            for j in 0..<cols { m = max(m, xr[j]) }
            var s: Float = 0
            for j in 0..<cols {
                yr[j] = Foundation.exp(xr[j] - m)
                s += yr[j]
            }
            let inv = 1 / s
            for j in 0..<cols { yr[j] *= inv }
        }
    }
}
