import CHDF5
import ZooCore

/// A group of an HDF5 file: lists its members by name, opens subgroups and datasets, and creates
/// them. Errors name the file and the object path.
public final class HDF5Group {
    public let file: HDF5File
    /// The absolute object path ("/model_weights/lstm_seq").
    public let path: String
    let handle: HDF5Handle

    init(file: HDF5File, path: String, handle: HDF5Handle) {
        self.file = file
        self.path = path
        self.handle = handle
    }

    /// What a member of a group is.
    public enum MemberKind: Sendable { case group, dataset, other }

    /// "file.h5: /model_weights/lstm_seq" — how errors name this group.
    public var label: String { "\(file.name): \(path)" }

    func childPath(_ name: String) -> String { path == "/" ? "/\(name)" : "\(path)/\(name)" }

    /// The member names in libhdf5's name order ("0", "1", "10", "2", …: sort numerically where
    /// the order matters).
    public func memberNames() throws -> [String] {
        var info = H5G_info_t()
        try HDF5Library.check(H5Gget_info(handle.id, &info), "\(label): cannot list the group")
        var names: [String] = []
        for i in 0..<info.nlinks {
            let length = H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, zoo_h5p_default())
            try HDF5Library.check(length, "\(label): cannot read member \(i)'s name")
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            try HDF5Library.check(H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, zoo_h5p_default()),
                                  "\(label): cannot read member \(i)'s name")
            names.append(String(cString: buffer))
        }
        return names
    }

    /// The kind of member `name` (a path relative to this group is allowed), or nil when absent.
    public func kind(of name: String) -> MemberKind? {
        guard exists(name) else { return nil }
        let id = H5Oopen(handle.id, name, zoo_h5p_default())
        guard id >= 0 else {
            _ = HDF5Library.lastMessage()
            return nil
        }
        defer { H5Oclose(id) }
        switch H5Iget_type(id) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// Whether every link along the relative path `name` exists.
    private func exists(_ name: String) -> Bool {
        var prefix = ""
        for part in name.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += prefix.isEmpty ? String(part) : "/\(part)"
            let r = H5Lexists(handle.id, prefix, zoo_h5p_default())
            if r <= 0 {
                _ = HDF5Library.lastMessage()
                return false
            }
        }
        return !prefix.isEmpty
    }

    /// Opens the subgroup at the relative path `name`.
    public func group(_ name: String) throws -> HDF5Group {
        guard kind(of: name) == .group else { throw ZooError("\(label): no group '\(name)'") }
        let id = H5Gopen2(handle.id, name, zoo_h5p_default())
        return HDF5Group(file: file, path: childPath(name), handle: try HDF5Handle(id, close: H5Gclose, "\(label): cannot open group '\(name)'"))
    }

    /// Opens the dataset at the relative path `name`.
    public func dataset(_ name: String) throws -> HDF5Dataset {
        guard kind(of: name) == .dataset else { throw ZooError("\(label): no dataset '\(name)'") }
        let id = H5Dopen2(handle.id, name, zoo_h5p_default())
        return HDF5Dataset(file: file, path: childPath(name),
                           handle: try HDF5Handle(id, close: H5Dclose, "\(label): cannot open dataset '\(name)'"))
    }

    /// Creates a subgroup (intermediate groups of a relative path are created too).
    @discardableResult
    public func createGroup(_ name: String) throws -> HDF5Group {
        if kind(of: name) == .group { return try group(name) }
        let lcpl = try HDF5Handle(H5Pcreate(zoo_h5p_link_create()), close: H5Pclose, "\(label): property list")
        try HDF5Library.check(H5Pset_create_intermediate_group(lcpl.id, 1), "\(label): property list")
        let id = H5Gcreate2(handle.id, name, lcpl.id, zoo_h5p_default(), zoo_h5p_default())
        return HDF5Group(file: file, path: childPath(name), handle: try HDF5Handle(id, close: H5Gclose, "\(label): cannot create group '\(name)'"))
    }

    /// Writes a little-endian float32 dataset of `shape` (row-major `data`), contiguous and
    /// uncompressed as Keras writes them. Intermediate groups of a relative path are created.
    /// Creates a float dataset holding `data` (row-major, `shape`), stored as IEEE float32 or,
    /// with `.float16`, as IEEE half precision (the layout h5py and NumPy use for float16);
    /// readers get float32 back either way.
    public func createDataset(_ name: String, shape: [Int], data: [Float], storage: HDF5FloatStorage = .float32) throws {
        guard shape.reduce(1, *) == data.count else {
            throw ZooError("\(label): dataset '\(name)' of shape \(shape) needs \(shape.reduce(1, *)) values, got \(data.count)")
        }
        let space = try HDF5Dataspace.create(shape: shape, what: "\(label): dataset '\(name)'")
        let lcpl = try HDF5Handle(H5Pcreate(zoo_h5p_link_create()), close: H5Pclose, "\(label): property list")
        try HDF5Library.check(H5Pset_create_intermediate_group(lcpl.id, 1), "\(label): property list")
        let fileType = try storage.fileType(what: "\(label): dataset '\(name)'")
        let id = H5Dcreate2(handle.id, name, fileType.id, space.id, lcpl.id, zoo_h5p_default(), zoo_h5p_default())
        let dataset = try HDF5Handle(id, close: H5Dclose, "\(label): cannot create dataset '\(name)'")
        if data.isEmpty { return }
        try data.withUnsafeBytes { raw in
            try HDF5Library.check(H5Dwrite(dataset.id, zoo_h5t_native_float(), zoo_h5s_all(), zoo_h5s_all(), zoo_h5p_default(), raw.baseAddress),
                                  "\(label): cannot write dataset '\(name)'")
        }
    }
}
