import CHDF5

/// Dataspace helpers: a simple (or scalar, for an empty shape) dataspace, and reading one's dims.
enum HDF5Dataspace {
    /// A dataspace of `shape`; `[]` is a scalar.
    static func create(shape: [Int], what: @autoclosure () -> String) throws -> HDF5Handle {
        if shape.isEmpty { return try HDF5Handle(H5Screate(H5S_SCALAR), close: H5Sclose, "\(what()): dataspace") }
        let dims = shape.map { hsize_t($0) }
        return try HDF5Handle(H5Screate_simple(Int32(dims.count), dims, nil), close: H5Sclose, "\(what()): dataspace")
    }

    /// The dims of `space` (`[]` for a scalar). Refuses ranks above 32 (corrupt files).
    static func shape(of space: HDF5Handle, what: @autoclosure () -> String) throws -> [Int] {
        let rank = H5Sget_simple_extent_ndims(space.id)
        try HDF5Library.check(rank, "\(what()): unreadable dataspace")
        guard rank <= 32 else { throw HDF5Library.error("\(what()): dataspace of rank \(rank)") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        try HDF5Library.check(H5Sget_simple_extent_dims(space.id, &dims, nil), "\(what()): unreadable dataspace")
        guard dims.allSatisfy({ $0 <= hsize_t(Int32.max) }) else { throw HDF5Library.error("\(what()): dataspace dims \(dims) out of range") }
        return dims.map { Int($0) }
    }
}
