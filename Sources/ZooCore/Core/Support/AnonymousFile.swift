import Foundation

/// A file without a name for data that a library must open by name (libhdf5): it is made with
/// `O_TMPFILE`, filled through `handle`, and given a name only while `named` runs (the library
/// opens it then, and keeps its descriptor after the name is gone). It disappears when closed or
/// when the process ends in any way, `kill -9` included, so an interrupted import leaves nothing
/// behind. On a file system without `O_TMPFILE` it is an ordinary file, unlinked when `named`
/// ends or the object is released.
public final class AnonymousFile {
    public let handle: FileHandle
    private let folder: URL
    /// The name of the fallback file while it has one; nil for an `O_TMPFILE` file.
    private var fallbackName: URL?

    /// A new empty file on the file system of `folder`, readable and writable by its owner only.
    public init(in folder: URL) throws {
        self.folder = folder
        var descriptor = open(folder.path, AtomicFile.unnamedFileFlags | O_RDWR | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            let url = AtomicFile.temporaryURL(for: folder.appendingPathComponent("zoo-anonymous"))
            descriptor = open(url.path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else {
                throw ZooError("\(folder.path): cannot create a temporary file (\(SystemReason.text(errno)))")
            }
            fallbackName = url
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    deinit {
        if let fallbackName { unlink(fallbackName.path) }
    }

    /// Runs `body` with a name for the file (in its folder), removed when `body` returns.
    public func named<T>(_ body: (URL) throws -> T) throws -> T {
        if let fallbackName {
            defer { unlink(fallbackName.path); self.fallbackName = nil }
            return try body(fallbackName)
        }
        let url = AtomicFile.temporaryURL(for: folder.appendingPathComponent("zoo-anonymous"))
        guard AtomicFile.name(handle.fileDescriptor, url) else {
            throw ZooError("\(folder.path): cannot name a temporary file (\(SystemReason.text(errno)))")
        }
        defer { unlink(url.path) }
        return try body(url)
    }
}
