import CArchive
import Foundation
import ZooSupport

/// Where a `ZipReader` reads its archive from, and the libarchive read operations on it.
///
/// Every operation opens a fresh zip-only read handle and frees it on every path.
struct ZipSource: Sendable {
    /// The bytes behind the archive.
    enum Storage: Sendable {
        /// A file on disk, by path.
        case file(String)
        /// An archive held in memory.
        case memory([UInt8])
    }

    /// The name used in every error: the file's path or the name given with the bytes.
    let name: String
    let storage: Storage

    /// Size of the buffer handed to libarchive's reads.
    private static let chunkSize = 64 * 1024

    /// Opens a fresh read handle on the archive, runs `body` with it and frees the handle afterwards.
    ///
    /// Member paths are read as UTF-8 (see `UTF8Locale`).
    func withArchive<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        try UTF8Locale.run { try withOpenArchive(body) }
    }

    /// Opens the archive on a fresh handle and runs `body` with it; the handle is freed afterwards.
    private func withOpenArchive<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        switch storage {
        case .file(let path):
            return try withHandle { archive in
                guard archive_read_open_filename(archive, path, ZipSource.chunkSize) == ARCHIVE_OK else {
                    throw failure(archive, "cannot open as a zip archive")
                }
                return try body(archive)
            }
        case .memory(let bytes):
            guard !bytes.isEmpty else {
                throw ZooError("\(name): cannot open as a zip archive: the input is empty")
            }
            return try bytes.withUnsafeBytes { raw in
                try withHandle { archive in
                    guard archive_read_open_memory(archive, raw.baseAddress, raw.count) == ARCHIVE_OK else {
                        throw failure(archive, "cannot open as a zip archive")
                    }
                    return try body(archive)
                }
            }
        }
    }

    /// Reads the next header; nil at the end of the archive. `index` counts entries from 0, for errors.
    ///
    /// The declared size is nil when the header does not record one.
    func nextEntry(_ archive: OpaquePointer, index: Int) throws -> (entry: ZipEntry, declaredSize: Int?)? {
        var header: OpaquePointer?
        let status = archive_read_next_header(archive, &header)
        if status == ARCHIVE_EOF {
            return nil
        }
        guard status == ARCHIVE_OK, let header else {
            throw failure(archive, "cannot read the header of entry #\(index + 1)")
        }
        guard let cPath = archive_entry_pathname_utf8(header) ?? archive_entry_pathname(header) else {
            throw ZooError("\(name): entry #\(index + 1) has a path that is not valid UTF-8")
        }
        let declared = archive_entry_size_is_set(header) != 0 ? Int(max(0, archive_entry_size(header))) : nil
        let entry = ZipEntry(path: String(cString: cPath), size: declared ?? 0, kind: ZipSource.kind(of: header))
        return (entry, declared)
    }

    /// Skips the data of the current entry.
    func skipData(_ archive: OpaquePointer, of entry: ZipEntry) throws {
        guard archive_read_data_skip(archive) == ARCHIVE_OK else {
            throw failure(archive, "cannot skip member '\(entry.path)'")
        }
    }

    /// Reads the data of the current entry, refusing more than `limit` bytes.
    ///
    /// `limitReason` says, in the error, which limit was exceeded.
    func readData(_ archive: OpaquePointer, of entry: ZipEntry, limit: Int, limitReason: String) throws -> [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(min(entry.size, limit, 16 * 1024 * 1024))
        try streamData(archive, of: entry, limit: limit, limitReason: limitReason) { data.append(contentsOf: $0) }
        return data
    }

    /// Hands the data of the current entry to `sink` chunk by chunk (at most `chunkSize` bytes
    /// each), refusing more than `limit` bytes in all.
    func streamData(_ archive: OpaquePointer, of entry: ZipEntry, limit: Int, limitReason: String,
                    sink: (ArraySlice<UInt8>) throws -> Void) throws {
        var chunk = [UInt8](repeating: 0, count: ZipSource.chunkSize)
        var total = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { raw in
                archive_read_data(archive, raw.baseAddress, raw.count)
            }
            if count == 0 {
                return
            }
            guard count > 0 else {
                throw failure(archive, "cannot read member '\(entry.path)'")
            }
            guard count <= limit - total else {
                throw ZooError("\(name): member '\(entry.path)' holds more than \(limit) bytes (\(limitReason))")
            }
            total += count
            try sink(chunk[0..<count])
        }
    }

    /// A one-line error naming the archive, the problem and libarchive's own explanation.
    func failure(_ archive: OpaquePointer, _ problem: String) -> ZooError {
        let detail = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
        let oneLine = detail.split(whereSeparator: \.isNewline).joined(separator: " ")
        return ZooError("\(name): \(problem): \(oneLine)")
    }

    /// Opens a zip-only read handle, runs `body` with it and frees it on every path.
    private func withHandle<T>(_ body: (OpaquePointer) throws -> T) throws -> T {
        guard let archive = archive_read_new() else {
            throw ZooError("\(name): cannot allocate a libarchive reader")
        }
        defer { archive_read_free(archive) }
        guard archive_read_support_format_zip(archive) == ARCHIVE_OK else {
            throw failure(archive, "libarchive has no zip support")
        }
        return try body(archive)
    }

    /// The kind of entry a header describes; a hard link is `.other` whatever its file type.
    private static func kind(of header: OpaquePointer) -> ZipEntry.Kind {
        if archive_entry_hardlink(header) != nil {
            return .other
        }
        switch archive_entry_filetype(header) & 0o170000 {
        case 0o100000: return .file
        case 0o040000: return .directory
        case 0o120000: return .symlink
        default: return .other
        }
    }
}
