import CHDF5
import ZooSupport

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
    public enum MemberKind: Sendable { case group, dataset, other, outsideFile }

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

    /// The kind of member `name` (a path relative to this group is allowed), or nil when absent;
    /// `.outsideFile` when a link along the path leads to another file (it is not followed).
    public func kind(of name: String) -> MemberKind? {
        guard let inFile = follow(name) else { return .outsideFile }
        guard inFile else { return nil }
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

    /// Whether every link along the relative path `name` exists (false when one is missing) and
    /// stays in this file (nil when one does not): hard links, and soft links whose target path
    /// passes the same check (at most 16 hops, as libhdf5 allows). An external or user-defined
    /// link is never followed — following it opens another file — nor a soft link through one.
    private func follow(_ name: String, hops: Int = 0) -> Bool? {
        var prefix = ""
        for part in name.split(separator: "/", omittingEmptySubsequences: true) {
            let parent = prefix
            prefix += prefix.isEmpty ? String(part) : "/\(part)"
            guard H5Lexists(handle.id, prefix, zoo_h5p_default()) > 0, let info = link(prefix) else {
                _ = HDF5Library.lastMessage()
                return false
            }
            switch info.type {
            case H5L_TYPE_HARD:
                continue
            case H5L_TYPE_SOFT:
                guard hops < 16, let target = softTarget(prefix, size: info.u.val_size), let root = try? file.root() else { return false }
                let inFile = root.follow(target.hasPrefix("/") ? target : "\(path)/\(parent)/\(target)", hops: hops + 1)
                guard inFile == true else { return inFile }
            default:
                return nil
            }
        }
        return !prefix.isEmpty
    }

    /// The path a soft link (value of `size` bytes) points at, or nil.
    private func softTarget(_ name: String, size: Int) -> String? {
        guard size > 0, size <= 1 << 16 else { return nil }
        var buffer = [CChar](repeating: 0, count: size + 1)
        guard H5Lget_val(handle.id, name, &buffer, size, zoo_h5p_default()) >= 0 else {
            _ = HDF5Library.lastMessage()
            return nil
        }
        return String(cString: buffer)
    }

    /// The link `name` (a member, or a relative path whose earlier links are checked), or nil.
    func link(_ name: String) -> H5L_info_t? {
        var info = H5L_info_t()
        guard H5Lget_info(handle.id, name, &info, zoo_h5p_default()) >= 0 else {
            _ = HDF5Library.lastMessage()
            return nil
        }
        return info
    }

    /// Opens the subgroup at the relative path `name`.
    public func group(_ name: String) throws -> HDF5Group {
        let kind = kind(of: name)
        guard kind == .group else { throw missing("group", name, kind) }
        let id = H5Gopen2(handle.id, name, zoo_h5p_default())
        return HDF5Group(file: file, path: childPath(name), handle: try HDF5Handle(id, close: H5Gclose, "\(label): cannot open group '\(name)'"))
    }

    /// Opens the dataset at the relative path `name`; refuses one whose values live outside this
    /// file (`HDF5Dataset.checkSource`).
    public func dataset(_ name: String) throws -> HDF5Dataset {
        let kind = kind(of: name)
        guard kind == .dataset else { throw missing("dataset", name, kind) }
        let dataset = try openDataset(name)
        try dataset.checkSource()
        return dataset
    }

    /// "no dataset 'NAME'", or the refusal of a path that leads to another file.
    private func missing(_ what: String, _ name: String, _ kind: MemberKind?) -> ZooError {
        kind == .outsideFile ? ZooError("\(label): refused: '\(name)' leads to another file (an external link)")
                             : ZooError("\(label): no \(what) '\(name)'")
    }

    /// Opens the dataset `name` without checking where its values live.
    func openDataset(_ name: String) throws -> HDF5Dataset {
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

    /// Creates a float dataset holding `data` (row-major, `shape`), stored as IEEE float32 or,
    /// with `.float16`, as IEEE half precision (the layout h5py and NumPy use for float16);
    /// readers get float32 back either way; contiguous and uncompressed, as Keras writes them.
    /// Intermediate groups of a relative path are created.
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
