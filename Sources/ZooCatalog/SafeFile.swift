import Foundation
import ZooCore

/// An open regular file that a registry or the cache handed to zoo, opened so that a hostile
/// folder cannot turn a read or a write into something else:
///
/// - only a regular file is opened: a FIFO, a device, a socket or a folder is refused after
///   `lstat` (and `stat` for the target of a link a registry may hold), before `open`, so a read
///   never blocks on a pipe or streams `/dev/zero`; `fstat` after `open` checks that the file
///   opened is still a regular file;
/// - files in the cache are opened with `O_NOFOLLOW`, so a symbolic link planted there never
///   leads a write (or a truncation) out of `$ZOO_HOME`;
/// - every failure is one `ZooError` line naming the file and the system's reason
///   ("…/weights.bin: no space left on device").
final class SafeFile {
    let url: URL
    private let descriptor: Int32

    private init(url: URL, descriptor: Int32) {
        self.url = url
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Opens the regular file at `url` for reading; `followingLinks` false refuses a symbolic link.
    static func reading(_ url: URL, followingLinks: Bool) throws -> SafeFile {
        guard let kind = FileKind(of: url) else { throw ZooError("\(url.path): no such file") }
        if case .symbolicLink = kind, !followingLinks { throw refusal(url, kind) }
        let target = followingLinks ? FileKind(following: url) : kind
        guard let target else { throw ZooError("\(url.path): \(kind), which leads nowhere") }
        guard target == .regular else { throw refusal(url, target) }
        let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (followingLinks ? 0 : O_NOFOLLOW)
        return try opened(url, open(url.path, flags))
    }

    /// Opens the cache file at `url` for reading and appending, creating it when absent; a
    /// symbolic link or anything but a regular file is refused.
    static func appending(_ url: URL) throws -> SafeFile {
        if let kind = FileKind(of: url), kind != .regular { throw refusal(url, kind) }
        let flags = O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW
        return try opened(url, open(url.path, flags, 0o644))
    }

    /// Wraps the result of `open`, checking that it is a regular file.
    private static func opened(_ url: URL, _ descriptor: Int32) throws -> SafeFile {
        guard descriptor >= 0 else {
            let code = errno
            if code == ELOOP, let kind = FileKind(of: url) { throw refusal(url, kind) }
            throw ZooError("\(url.path): \(SystemReason.text(code))")
        }
        let file = SafeFile(url: url, descriptor: descriptor)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw file.failure() }
        let kind = FileKind(mode: info.st_mode, path: url.path)
        guard kind == .regular else { throw refusal(url, kind) }
        return file
    }

    /// "PATH: a FIFO, not a regular file; refused".
    static func refusal(_ url: URL, _ kind: FileKind) -> ZooError {
        if case .symbolicLink = kind { return ZooError("\(url.path): \(kind), which zoo does not follow here; refused") }
        return ZooError("\(url.path): \(kind), not a regular file; refused")
    }

    /// The file's size in bytes.
    func size() throws -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure() }
        return Int64(info.st_size)
    }

    /// Up to `count` bytes from `offset` (fewer only at the end of the file).
    func read(upTo count: Int, at offset: Int64) throws -> Data {
        var data = Data(count: count)
        var filled = 0
        while filled < count {
            let got = data.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled)) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw failure() }
            if got == 0 { break }
            filled += got
        }
        return data.prefix(filled)
    }

    /// The whole file, refused when it is longer than `limit` bytes (only `limit + 1` are read).
    func contents(limit: Int64) throws -> Data {
        var data = Data()
        while true {
            let chunk = try read(upTo: Int(min(1 << 16, limit + 1 - Int64(data.count))), at: Int64(data.count))
            if chunk.isEmpty { return data }
            data += chunk
            guard data.count <= limit else { throw ZooError("\(url.path): larger than \(limit) bytes") }
        }
    }

    /// The SHA-256 (hex) and size in bytes of the whole file, read in 1 MiB pieces.
    func digest() throws -> (hex: String, size: Int64) {
        var hash = SHA256()
        var size: Int64 = 0
        while true {
            let chunk = try read(upTo: 1 << 20, at: size)
            if chunk.isEmpty { break }
            hash.update(chunk)
            size += Int64(chunk.count)
        }
        return (hash.hexDigest(), size)
    }

    /// Appends `data` (the file is open for appending).
    func write(_ data: Data) throws {
        try data.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count {
                let count = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { throw failure() }
                written += count
            }
        }
    }

    /// Empties the file; the next write starts at byte 0.
    func truncate() throws {
        guard ftruncate(descriptor, 0) == 0 else { throw failure() }
    }

    /// The one-line error for the current `errno`.
    private func failure() -> ZooError {
        ZooError("\(url.path): \(SystemReason.text(errno))")
    }
}
