/// Small elementwise helpers on flat Float buffers used by ops and optimizers.
enum VectorOps {
    /// a += b (same element count).
    static func addInPlace(_ a: inout Tensor, _ b: Tensor) {
        precondition(a.count == b.count, "adding \(Shape.describe(b.shape)) into \(Shape.describe(a.shape))")
        a.withUnsafeMutableBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                add(pb.baseAddress!, into: pa.baseAddress!, count: pa.count)
            }
        }
    }

    /// y[i] += x[i].
    @inline(__always)
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
                + UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(y + i).storeBytes(of: v, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { y[i] += x[i]; i += 1 }
    }

    /// out[i] = y[i] > 0 ? x[i] : 0 (ReLU's gradient from its output), without a branch per value;
    /// `out` may be `x`.
    static func passWherePositive(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            let positive = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self) .> 0
            UnsafeMutableRawPointer(out + i).storeBytes(of: SIMD8<Float>(repeating: 0).replacing(with: v, where: positive), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { out[i] = y[i] > 0 ? x[i] : 0; i += 1 }
    }

    /// y[i] += a · x[i].
    @inline(__always)
    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        let va = SIMD8<Float>(repeating: a)
        while i + 8 <= count {
            let v = va * UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
                + UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(y + i).storeBytes(of: v, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { y[i] += a * x[i]; i += 1 }
    }

    /// Adds the row vector `bias[cols]` to every row of `y[rows, cols]` (leading dimension `ld`).
    static func addRowVector(_ bias: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, ld: Int) {
        for r in 0..<rows { add(bias, into: y + r * ld, count: cols) }
    }

    /// Copies `bias[cols]` into every row of `y[rows, cols]` (leading dimension `ld`).
    static func broadcastRows(_ bias: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, ld: Int) {
        for r in 0..<rows { (y + r * ld).update(from: bias, count: cols) }
    }

    /// acc[c] += Σ_r x[r, c] (leading dimension `ld`): bias gradients.
    static func sumRows(_ x: UnsafePointer<Float>, rows: Int, cols: Int, ld: Int, into acc: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { add(x + r * ld, into: acc, count: cols) }
    }
}
