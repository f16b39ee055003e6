import ZooCore

/// libhdf5 (1.10 on Debian 12) crashes on some damaged files. Before a file is opened for real, a
/// forked child process walks all of it — every group, attribute and dataset — and the parent only
/// watches how the child ends (`HDF5Isolation`). A child killed by a signal, or still busy after
/// 10 s plus 1 s per 20 MB, means the file is refused with one clear line; a child that ends
/// normally means libhdf5 survives what the walk reads (its own errors are reported later by the
/// real read). The walk cannot vouch for everything: variable-length strings are converted from
/// the global heap with an unchecked index, which crashes or not depending on the process's memory,
/// so those are always read in a child of their own (`HDF5Group.attribute`).
enum HDF5Probe {
    /// Throws when walking the file of `size` bytes at `open()` crashes or hangs libhdf5.
    static func survive(_ name: String, size: Int, _ open: () throws -> HDF5File) throws {
        if HDF5Isolation.inChild { return }
        _ = try HDF5Isolation.run(name, timeout: 10 + Double(size) / 20e6) { _ in
            if let file = try? open(), let root = try? file.root() { walk(root, depth: 0) }
            return 0
        }
    }

    /// Reads every attribute and dataset under `group` (errors are ignored: only crashes count).
    private static func walk(_ group: HDF5Group, depth: Int) {
        guard depth < 64 else { return }
        for name in (try? group.attributeNames()) ?? [] { _ = try? group.attribute(name) }
        for name in (try? group.memberNames()) ?? [] {
            switch group.kind(of: name) {
            case .group?: if let g = try? group.group(name) { walk(g, depth: depth + 1) }
            case .dataset?: _ = try? group.dataset(name).readFloats()
            default: break
            }
        }
    }
}
