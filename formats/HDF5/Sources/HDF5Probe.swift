import CHDF5
import ZooSupport

/// Before a file is opened for real, a forked child process (`HDF5Isolation`) walks its whole
/// structure — every link, group, attribute and dataset header, no raw data — and refuses what
/// would make libhdf5 read outside the file: external links (and user-defined ones), datasets
/// with external raw storage and virtual datasets, wherever they are. A child that crashes, or
/// exceeds the processor time or memory a walk of this size needs (`HDF5ChildLimits.walk`),
/// means the file is refused with one clear line; a child that ends normally means libhdf5
/// survives the file's structure (its own errors are reported later by the real read). Values are
/// read only for the datasets a caller asks for, each in a child of its own
/// (`HDF5Dataset.readFloats`), and variable-length strings, whose conversion crashes or not
/// depending on the process's memory, are always converted in a child too
/// (`HDF5Group.attribute`).
///
/// The walk stops 64 groups deep (Keras nests 6); below, the checks at the point of use still
/// hold: `HDF5Group` follows no external link and opens no dataset stored outside the file.
///
/// The decision does not depend on wall-clock time: the walk visits each object once (hard links
/// are followed by address, so a group that links to itself is walked once), opens no other file
/// and reads no device or FIFO (`HDF5File.open` takes regular files only), so nothing it does can
/// block; its cost grows with the file, and its limits grow with the file too.
enum HDF5Probe {
    /// Throws when walking the file of `size` bytes at `open()` crashes libhdf5 or finds a link
    /// or dataset that points outside the file.
    static func survive(_ name: String, size: Int, _ open: () throws -> HDF5File) throws {
        if HDF5Isolation.inChild { return }
        let (status, output) = try HDF5Isolation.run(name, limits: .walk(fileSize: size), child: { fd in
            guard let file = try? open(), let root = try? file.root() else { return 0 }
            var seen: Set<haddr_t> = []
            do {
                try walk(root, seen: &seen)
                return 0
            } catch {
                let text = Array(((error as? ZooError)?.message ?? "\(name): refused").utf8)
                _ = text.withUnsafeBytes { HDF5Isolation.writeAll(fd, $0.baseAddress!, $0.count) }
                return 1
            }
        }, receive: HDF5Isolation.drain)
        if status == 1 {
            let message = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
            throw ZooError(message.isEmpty ? "\(name): refused (the checking process ended with status 1)" : message)
        }
    }

    /// Reads every attribute of `group` and checks every link and dataset under it, walking each
    /// group once (`seen`: the addresses of the objects met). libhdf5's own errors are ignored
    /// (the real read reports them); refusals throw.
    private static func walk(_ group: HDF5Group, seen: inout Set<haddr_t>, depth: Int = 0) throws {
        guard depth < 64 else { return }
        for name in (try? group.attributeNames()) ?? [] { _ = try? group.attribute(name) }
        for name in (try? group.memberNames()) ?? [] {
            guard let link = group.link(name) else { continue }
            switch link.type {
            case H5L_TYPE_HARD:
                guard seen.insert(link.u.address).inserted else { continue }
                switch group.kind(of: name) {
                case .group?: if let g = try? group.group(name) { try walk(g, seen: &seen, depth: depth + 1) }
                case .dataset?: if let d = try? group.openDataset(name) { try d.checkSource() }
                default: break
                }
            case H5L_TYPE_SOFT:
                continue
            case H5L_TYPE_EXTERNAL:
                throw ZooError("\(group.label): refused: '\(name)' is an external link (to another file)")
            default:
                throw ZooError("\(group.label): refused: '\(name)' is a user-defined link (type \(link.type.rawValue))")
            }
        }
    }
}
