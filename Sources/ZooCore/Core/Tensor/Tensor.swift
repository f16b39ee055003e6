/// A dense, row-major Float32 tensor with an explicit shape. Value semantics (copy on write).
///
/// Token ids travel as Float values too (exact up to 2^24): the zoo has one element type.
public struct Tensor: Sendable, Equatable {
    public private(set) var shape: [Int]
    public var scalars: [Float]

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: Shape.count(shape))
    }

    /// A tensor of `shape` holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(Shape.count(shape) == scalars.count,
                     "\(scalars.count) values do not fill shape \(Shape.describe(shape))")
        self.shape = shape
        self.scalars = scalars
    }

    /// A scalar (rank-0) tensor.
    public init(_ value: Float) {
        self.init(shape: [], scalars: [value])
    }

    public var rank: Int { shape.count }
    public var count: Int { scalars.count }

    /// The single value of a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "tensor of shape \(Shape.describe(shape)) is not a scalar")
        return scalars[0]
    }

    /// The same values under another shape with the same element count.
    func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Element at a multi-index (tests and small tools; kernels use the flat buffer).
    public subscript(_ index: Int...) -> Float {
        get { scalars[offset(index)] }
        set { scalars[offset(index)] = newValue }
    }

    private func offset(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index rank \(index.count) for shape \(Shape.describe(shape))")
        var o = 0
        for (i, d) in zip(index, shape) {
            precondition(i >= 0 && i < d, "index \(index) out of shape \(Shape.describe(shape))")
            o = o * d + i
        }
        return o
    }

    /// Largest absolute difference to `other` (same element count); NaN anywhere gives NaN.
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(count == other.count, "comparing \(Shape.describe(shape)) with \(Shape.describe(other.shape))")
        var m: Float = 0
        for i in 0..<count {
            let d = abs(scalars[i] - other.scalars[i])
            if d.isNaN { return .nan }
            m = max(m, d)
        }
        return m
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }
}
