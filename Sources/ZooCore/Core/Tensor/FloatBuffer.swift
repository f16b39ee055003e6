import CZooKernels

/// A zero-initialised, heap-allocated Float buffer with a stable address (64-byte aligned),
/// freed with its last reference. Kernels and the recurrent op keep their workspaces in these
/// instead of nesting `withUnsafe…` closures over arrays. Large buffers are recycled through
/// `zoo_workspace_alloc`, so a training step reuses the previous step's pages.
final class FloatBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    convenience init(count: Int) {
        self.init(uninitializedCount: count)
        pointer.update(repeating: 0, count: max(count, 1))
    }

    /// A buffer whose contents are undefined until written (for workspaces filled in full).
    init(uninitializedCount count: Int) {
        self.count = count
        pointer = zoo_workspace_alloc(max(count, 1))
    }

    /// A buffer holding a copy of `values`.
    convenience init(_ values: [Float]) {
        self.init(uninitializedCount: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit {
        zoo_workspace_free(pointer, max(count, 1))
    }

    subscript(i: Int) -> Float {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    func zero() {
        pointer.update(repeating: 0, count: count)
    }

    /// A tensor of `shape` copied from `count` floats at `offset`.
    func tensor(_ shape: [Int], offset: Int = 0) -> Tensor {
        let n = Shape.count(shape)
        return Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: pointer + offset, count: n)))
    }
}
