@testable import ZooCore

/// A Double tensor of the float64 reference path: a shape (batch axis included) and its values
/// in row-major order. A "row" is one stretch of the last axis: row r of a [B, T, F] tensor is
/// the F values at (r / T, r % T).
struct Tensor64: Equatable {
    var shape: [Int]
    var scalars: [Double]

    /// Zeros of `shape`.
    init(shape: [Int]) {
        self.init(shape: shape, scalars: [Double](repeating: 0, count: shape.reduce(1, *)))
    }

    init(shape: [Int], scalars: [Double]) {
        precondition(shape.reduce(1, *) == scalars.count, "\(scalars.count) values for shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// The exact Double values of a float32 tensor.
    init(_ tensor: Tensor) {
        self.init(shape: tensor.shape, scalars: tensor.scalars.map(Double.init))
    }

    var count: Int { scalars.count }
    /// Extent of the last axis (1 for a scalar).
    var rowLength: Int { shape.last ?? 1 }

    /// Row `r`: [last axis].
    func row(_ r: Int) -> [Double] {
        Array(scalars[(r * rowLength)..<((r + 1) * rowLength)])
    }

    mutating func setRow(_ r: Int, _ values: [Double]) {
        precondition(values.count == rowLength, "row of \(values.count) values for shape \(shape)")
        scalars.replaceSubrange((r * rowLength)..<((r + 1) * rowLength), with: values)
    }

    /// v·M for a row vector v [R] and this matrix M [R, C]: [C].
    func leftMultiply(_ v: [Double]) -> [Double] {
        precondition(shape.count == 2 && shape[0] == v.count, "[\(v.count)] · \(shape)")
        let columns = shape[1]
        var out = [Double](repeating: 0, count: columns)
        scalars.withUnsafeBufferPointer { m in
            out.withUnsafeMutableBufferPointer { o in
                for (i, vi) in v.enumerated() {
                    for j in 0..<columns { o[j] += vi * m[i * columns + j] }
                }
            }
        }
        return out
    }

    /// [B, T, ...] with the time axis reversed.
    func reversedTime() -> Tensor64 {
        let b = shape[0], t = shape[1], step = count / max(b * t, 1)
        var out = self
        for i in 0..<b {
            for s in 0..<t {
                let from = (i * t + t - 1 - s) * step, to = (i * t + s) * step
                out.scalars.replaceSubrange(to..<(to + step), with: scalars[from..<(from + step)])
            }
        }
        return out
    }
}
