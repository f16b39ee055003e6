/// A zero-initialised, heap-allocated Float buffer with a stable address, freed with its last
/// reference. Kernels and the recurrent op keep their workspaces in these instead of nesting
/// `withUnsafe…` closures over arrays.
public final class FloatBuffer {
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int

    public init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    /// A buffer whose contents are undefined until written (for workspaces filled in full).
    public init(uninitializedCount count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
    }

    /// A buffer holding a copy of `values`.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit {
        pointer.deallocate()
    }

    public subscript(i: Int) -> Float {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    public func zero() {
        pointer.update(repeating: 0, count: count)
    }

    /// A tensor of `shape` copied from `count` floats at `offset`.
    public func tensor(_ shape: [Int], offset: Int = 0) -> Tensor {
        let n = Shape.count(shape)
        return Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: pointer + offset, count: n)))
    }
}
