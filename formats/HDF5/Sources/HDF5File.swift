import CHDF5
import Foundation
import ZooSupport

/// An open HDF5 file: read from disk, read from bytes in memory (a `.keras` member), or created
/// for writing on disk or in memory. Closed when the last reference (including its groups and
/// datasets) goes away.
public final class HDF5File {
    /// How errors name this file (its path, or "archive.keras:model.weights.h5").
    public let name: String
    let handle: HDF5Handle
    /// The file's size in bytes (of the image, for one in memory); 0 for a file being written.
    public let size: Int
    /// Bytes of float32 values the file may still give (`spend`).
    private var allowance: Int

    private init(name: String, handle: HDF5Handle, size: Int = 0) {
        self.name = name
        self.handle = handle
        self.size = size
        allowance = size.multipliedReportingOverflow(by: 4).overflow ? .max : 4 * size + Self.allowanceSlack
    }

    /// What a file may give beyond 4 bytes of values per byte of file: 64 MiB. A Keras file
    /// stores its values uncompressed (a file of F bytes holds at most F bytes of float32, or
    /// 2F from float16); compression shrinks real weights by far less than 4×, and the slack
    /// covers constant tensors (zero biases) that compress well. A compressed dataset declaring
    /// more (a decompression bomb, or many datasets over the same bytes) is refused before any
    /// of it is decoded, which bounds the memory a file of F bytes costs to about 4F + 64 MiB.
    public static let allowanceSlack = 64 << 20

    /// Takes `bytes` of float32 values from the file's allowance; throws, naming `what`, when
    /// the values read so far and these would exceed it.
    func spend(_ bytes: Int, what: String) throws {
        guard size > 0 else { return }
        guard bytes <= allowance else {
            throw ZooError("\(what): refused: its \(bytes) bytes of values exceed what the \(size)-byte file can hold (4 bytes per byte of file and 64 MiB in all)")
        }
        allowance -= bytes
    }

    /// The 8-byte signature every HDF5 file starts with (at offset 0 for the files we read).
    public static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]

    /// Opens an existing regular file read-only, after a probe process has walked its structure
    /// and found nothing that would read outside it (see `HDF5Probe`).
    public static func open(_ url: URL) throws -> HDF5File {
        HDF5Library.ready
        let path = url.path
        var info = stat()
        guard stat(path, &info) == 0, access(path, R_OK) == 0 else { throw ZooError("\(path): no such readable file") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ZooError("\(path): not a regular file") }
        let size = Int(info.st_size)
        try HDF5Probe.survive(path, size: size) { try openUnprobed(path, size: size) }
        return try openUnprobed(path, size: size)
    }

    private static func openUnprobed(_ path: String, size: Int) throws -> HDF5File {
        let id = H5Fopen(path, zoo_h5f_acc_rdonly(), zoo_h5p_default())
        return HDF5File(name: path, handle: try HDF5Handle(id, close: H5Fclose, "\(path): not a readable HDF5 file"), size: size)
    }

    /// Opens an HDF5 file image held in memory (read-only), e.g. a member of a zip archive.
    /// libhdf5 copies the bytes.
    public static func open(bytes: [UInt8], name: String) throws -> HDF5File {
        HDF5Library.ready
        guard bytes.starts(with: signature) else { throw ZooError("\(name): not an HDF5 file (no HDF5 signature)") }
        try HDF5Probe.survive(name, size: bytes.count) { try openUnprobed(bytes: bytes, name: name) }
        return try openUnprobed(bytes: bytes, name: name)
    }

    private static func openUnprobed(bytes: [UInt8], name: String) throws -> HDF5File {
        let fapl = try HDF5Handle(H5Pcreate(zoo_h5p_file_access()), close: H5Pclose, "\(name): property list")
        try HDF5Library.check(H5Pset_fapl_core(fapl.id, 1 << 16, false), "\(name): in-memory driver")
        try bytes.withUnsafeBytes { raw in
            try HDF5Library.check(H5Pset_file_image(fapl.id, UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count),
                                  "\(name): in-memory image")
        }
        let id = H5Fopen(name, zoo_h5f_acc_rdonly(), fapl.id)
        return HDF5File(name: name, handle: try HDF5Handle(id, close: H5Fclose, "\(name): not a readable HDF5 file"), size: bytes.count)
    }

    /// Creates (truncating) a file on disk. Callers write to a temporary name and rename.
    public static func create(_ url: URL) throws -> HDF5File {
        HDF5Library.ready
        let id = H5Fcreate(url.path, zoo_h5f_acc_trunc(), zoo_h5p_default(), zoo_h5p_default())
        return HDF5File(name: url.path, handle: try HDF5Handle(id, close: H5Fclose, "\(url.path): cannot create an HDF5 file"))
    }

    /// Creates a file that lives only in memory; `bytes()` returns its image.
    public static func createInMemory(name: String) throws -> HDF5File {
        HDF5Library.ready
        let fapl = try HDF5Handle(H5Pcreate(zoo_h5p_file_access()), close: H5Pclose, "\(name): property list")
        try HDF5Library.check(H5Pset_fapl_core(fapl.id, 1 << 16, false), "\(name): in-memory driver")
        let id = H5Fcreate(name, zoo_h5f_acc_trunc(), zoo_h5p_default(), fapl.id)
        return HDF5File(name: name, handle: try HDF5Handle(id, close: H5Fclose, "\(name): cannot create an in-memory HDF5 file"))
    }

    /// The root group "/".
    public func root() throws -> HDF5Group {
        try HDF5Group(file: self, path: "/", handle: HDF5Handle(H5Gopen2(handle.id, "/", zoo_h5p_default()), close: H5Gclose, "\(name): root group"))
    }

    /// Flushes and returns the complete file image (for in-memory files written into archives).
    public func bytes() throws -> [UInt8] {
        try HDF5Library.check(H5Fflush(handle.id, H5F_SCOPE_GLOBAL), "\(name): flush")
        let size = H5Fget_file_image(handle.id, nil, 0)
        try HDF5Library.check(size, "\(name): file image size")
        var out = [UInt8](repeating: 0, count: size)
        let got = out.withUnsafeMutableBytes { H5Fget_file_image(handle.id, $0.baseAddress, size) }
        try HDF5Library.check(got, "\(name): file image")
        return out
    }
}
