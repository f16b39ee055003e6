import CArchive
import Foundation
import ZooSupport

/// Builds a zip archive whose members are regular files, stored without compression as Keras
/// writes `.keras` files, or deflated.
///
/// Every member gets mode 0644, the same modification time and the same compression, so the
/// same members added in the same order always give the same bytes.
public struct ZipWriter: Sendable {
    /// The modification time given to members unless another is chosen: the Unix epoch.
    public static let defaultModificationDate = Date(timeIntervalSince1970: 0)

    /// The modification time recorded for every member.
    public let modificationDate: Date
    /// How every member's data is stored.
    public let compression: ZipCompression
    private var members: [(path: String, data: [UInt8])] = []

    /// The paths added so far, in order.
    public var paths: [String] { members.map(\.path) }

    /// Starts an empty archive whose members will carry `modificationDate` and be stored with
    /// `compression`.
    public init(modificationDate: Date = ZipWriter.defaultModificationDate, compression: ZipCompression = .stored) {
        self.modificationDate = modificationDate
        self.compression = compression
    }

    /// Appends a regular-file member. The path is checked when the archive is encoded: it must be
    /// relative, non-empty, free of `..`, `.`, empty components and backslashes, and used once.
    public mutating func add(_ path: String, data: [UInt8]) {
        members.append((path, data))
    }

    /// The finished archive.
    public func bytes() throws -> [UInt8] {
        try encode(name: "zip archive in memory")
    }

    /// Writes the finished archive to `url` through a temporary file renamed into place.
    public func write(to url: URL) throws {
        let encoded = try encode(name: url.path)
        try AtomicFile.write(Data(encoded), to: url)
    }

    /// Collects what libarchive writes.
    private final class Sink {
        var bytes: [UInt8] = []
    }

    /// Encodes every member; `name` identifies the archive in errors.
    private func encode(name: String) throws -> [UInt8] {
        try checkPaths(name: name)
        return try UTF8Locale.run { try encodeChecked(name: name) }
    }

    /// Encodes members whose paths were already checked; paths are stored as UTF-8 with the
    /// zip UTF-8 flag.
    private func encodeChecked(name: String) throws -> [UInt8] {
        guard let archive = archive_write_new() else {
            throw ZooError("\(name): cannot allocate a libarchive writer")
        }
        defer { archive_write_free(archive) }
        func failure(_ problem: String) -> ZooError {
            let detail = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
            return ZooError("\(name): \(problem): \(detail)")
        }
        if case .deflate(let level) = compression, !(1...9).contains(level) {
            throw ZooError("\(name): cannot deflate at level \(level): the levels are 1 to 9")
        }
        guard archive_write_set_format_zip(archive) == ARCHIVE_OK,
              archive_write_set_options(archive, "\(compression.libarchiveOptions),zip:hdrcharset=UTF-8") == ARCHIVE_OK,
              archive_write_set_bytes_per_block(archive, 0) == ARCHIVE_OK,
              archive_write_set_bytes_in_last_block(archive, 1) == ARCHIVE_OK
        else {
            throw failure("cannot configure the zip writer")
        }
        let sink = Sink()
        return try withExtendedLifetime(sink) {
            let opened = archive_write_open(archive, Unmanaged.passUnretained(sink).toOpaque(), nil, { _, client, buffer, length in
                guard let client else { return -1 }
                if let buffer, length > 0 {
                    let sink = Unmanaged<Sink>.fromOpaque(client).takeUnretainedValue()
                    sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
                }
                return length
            }, nil)
            guard opened == ARCHIVE_OK else {
                throw failure("cannot start the archive")
            }
            let seconds = time_t(modificationDate.timeIntervalSince1970.rounded(.down))
            for member in members {
                try writeMember(member, to: archive, modifiedAt: seconds, failure: failure)
            }
            guard archive_write_close(archive) == ARCHIVE_OK else {
                throw failure("cannot finish the archive")
            }
            return sink.bytes
        }
    }

    /// Writes one member's header and data.
    private func writeMember(
        _ member: (path: String, data: [UInt8]),
        to archive: OpaquePointer,
        modifiedAt seconds: time_t,
        failure: (String) -> ZooError
    ) throws {
        guard let entry = archive_entry_new() else {
            throw failure("cannot allocate an entry for member '\(member.path)'")
        }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, member.path)
        archive_entry_set_filetype(entry, 0o100000)
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_size(entry, Int64(member.data.count))
        archive_entry_set_mtime(entry, seconds, 0)
        guard archive_write_header(archive, entry) == ARCHIVE_OK else {
            throw failure("cannot write the header of member '\(member.path)'")
        }
        if !member.data.isEmpty {
            let written = member.data.withUnsafeBytes { raw in
                archive_write_data(archive, raw.baseAddress, raw.count)
            }
            guard written == member.data.count else {
                throw failure("cannot write the data of member '\(member.path)'")
            }
        }
        guard archive_write_finish_entry(archive) == ARCHIVE_OK else {
            throw failure("cannot finish member '\(member.path)'")
        }
    }

    /// Refuses unsafe, non-canonical, repeated or clashing member paths.
    private func checkPaths(name: String) throws {
        var seen = Set<String>()
        var parents = Set<String>()
        for member in members {
            if case .failure(let problem) = ZipPath.checkCanonical(member.path) {
                throw ZooError("\(name): cannot add member '\(member.path)': it \(problem.reason)")
            }
            guard seen.insert(member.path).inserted else {
                throw ZooError("\(name): cannot add member '\(member.path)': it was added more than once")
            }
            let parts = member.path.split(separator: "/")
            for depth in 1..<parts.count {
                parents.insert(parts[0..<depth].joined(separator: "/"))
            }
        }
        if let clash = seen.intersection(parents).sorted().first {
            throw ZooError("\(name): cannot add member '\(clash)': it is both a file and a directory")
        }
    }
}
