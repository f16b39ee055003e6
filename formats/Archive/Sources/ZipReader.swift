import CArchive
import Foundation
import ZooSupport

/// Reads a zip archive (such as a `.keras` file) through libarchive.
///
/// The listing is read once, when the reader is created; every later call re-opens the archive.
/// Every error is a `ZooError` whose one-line message starts with the archive's name.
public struct ZipReader: Sendable {
    /// The default cap on the bytes one `read` or `extract` returns or writes: 4 GiB.
    public static let defaultMaxTotalBytes = 4 << 30

    /// Every entry in the archive, in archive order.
    public let entries: [ZipEntry]
    /// The cap on the bytes one `read` or `extract` returns or writes.
    public let maxTotalBytes: Int
    private let source: ZipSource

    /// The name used in errors: the file's path, or the name given with the bytes.
    public var name: String { source.name }

    /// Opens the zip archive at `url` and reads its listing.
    public init(contentsOf url: URL, maxTotalBytes: Int = ZipReader.defaultMaxTotalBytes) throws {
        try self.init(source: ZipSource(name: url.path, storage: .file(url.path)), maxTotalBytes: maxTotalBytes)
    }

    /// Reads the listing of the zip archive held in `bytes`; `name` identifies it in errors.
    public init(bytes: [UInt8], name: String, maxTotalBytes: Int = ZipReader.defaultMaxTotalBytes) throws {
        try self.init(source: ZipSource(name: name, storage: .memory(bytes)), maxTotalBytes: maxTotalBytes)
    }

    private init(source: ZipSource, maxTotalBytes: Int) throws {
        self.source = source
        self.maxTotalBytes = maxTotalBytes
        entries = try source.withArchive { archive in
            var listing: [ZipEntry] = []
            var seen = Set<String>()
            while let (entry, _) = try source.nextEntry(archive, index: listing.count) {
                // Readers disagree on which copy of a repeated name counts (Python's zipfile, and so
                // Keras, takes the last; a streaming reader the first): refuse the archive instead.
                guard seen.insert(Self.memberKey(entry.path)).inserted else {
                    throw ZooError("\(source.name): refusing an archive that stores member '\(entry.path)' twice (readers disagree on which copy counts)")
                }
                try source.skipData(archive, of: entry)
                listing.append(entry)
            }
            return listing
        }
    }

    /// The name two members collide on: the path as extraction normalises it (`ZipPath`), or the
    /// raw path when it is unsafe (extraction refuses those on its own).
    static func memberKey(_ path: String) -> String {
        (try? ZipPath.components(of: path).get())?.joined(separator: "/") ?? path
    }

    /// What `maxTotalBytes` is, as errors name it.
    private var limitReason: String { "the limit of \(maxTotalBytes) bytes per read or extraction" }

    /// The first member no extraction would write (`ZipEntry.unsafeReason`), with the reason.
    public var firstUnsafeMember: (path: String, reason: String)? {
        for entry in entries {
            if let reason = entry.unsafeReason { return (entry.path, reason) }
        }
        return nil
    }

    /// Whether the archive has a member stored under exactly `path`.
    public func contains(_ path: String) -> Bool {
        entries.contains { $0.path == path }
    }

    /// The bytes of the first regular-file member stored under exactly `path`.
    ///
    /// Throws when there is no such member, when it is not a regular file, when its data is corrupt
    /// or when it holds more bytes than its header declares or than `maxTotalBytes`.
    public func read(_ path: String) throws -> [UInt8] {
        try read(path, atMost: maxTotalBytes, reason: limitReason)
    }

    /// The bytes of member `path`, refused (before anything is decompressed when its header
    /// declares more) when it holds more than `limit` bytes; `reason` says where the limit comes
    /// from in the message.
    public func read(_ path: String, atMost limit: Int, reason: String) throws -> [UInt8] {
        guard let listed = entries.first(where: { $0.path == path }) else {
            throw ZooError("\(name): no member '\(path)'")
        }
        guard listed.kind == .file else {
            throw ZooError("\(name): member '\(path)' is not a regular file")
        }
        return try source.withArchive { archive in
            var index = 0
            while let (entry, declared) = try source.nextEntry(archive, index: index) {
                if entry.path == path {
                    let (bound, why) = try bound(entry, declared: declared, limit: min(limit, maxTotalBytes), reason: reason)
                    return try source.readData(archive, of: entry, limit: bound, limitReason: why)
                }
                try source.skipData(archive, of: entry)
                index += 1
            }
            throw ZooError("\(name): no member '\(path)' (the archive changed since it was opened)")
        }
    }

    /// Streams the regular-file member `path` into `out` at its current position without
    /// holding it in memory: at most the size its header declares and `limit` bytes (`reason`
    /// names the limit in the message), refused before anything is written when the header
    /// declares more. Same checks as `read`.
    public func copy(_ path: String, into out: FileHandle, atMost limit: Int, reason: String) throws {
        guard let listed = entries.first(where: { $0.path == path }), listed.kind == .file else {
            throw ZooError("\(name): no regular-file member '\(path)'")
        }
        try source.withArchive { archive in
            var index = 0
            while let (entry, declared) = try source.nextEntry(archive, index: index) {
                if entry.path == path {
                    let (bound, why) = try bound(entry, declared: declared, limit: min(limit, maxTotalBytes), reason: reason)
                    try source.streamData(archive, of: entry, limit: bound, limitReason: why) { chunk in
                        do {
                            try chunk.withUnsafeBytes { try out.write(contentsOf: $0) }
                        } catch {
                            throw ZooError("\(name): cannot copy member '\(path)' (\(SystemReason.reason(error)))")
                        }
                    }
                    return
                }
                try source.skipData(archive, of: entry)
                index += 1
            }
            throw ZooError("\(name): no member '\(path)' (the archive changed since it was opened)")
        }
    }

    /// Reads every regular-file member's data once, in one pass, holding none of it: throws, as
    /// `read` would, at the first member whose data is corrupt (a bad CRC, truncated) or holds
    /// more bytes than its header declares, and when the members hold more than
    /// `maxTotalBytes` in all.
    public func verify() throws {
        try source.withArchive { archive in
            var budget = maxTotalBytes
            var index = 0
            while let (entry, declared) = try source.nextEntry(archive, index: index) {
                if entry.kind == .file {
                    let (bound, why) = try bound(entry, declared: declared, limit: budget,
                                                 reason: limitReason)
                    try source.streamData(archive, of: entry, limit: bound, limitReason: why) { budget -= $0.count }
                } else {
                    try source.skipData(archive, of: entry)
                }
                index += 1
            }
        }
    }

    /// Writes every regular file and directory of the archive under `directory`, creating it if needed.
    ///
    /// The whole archive is checked first and refused, with nothing written, when any entry is a
    /// symlink or other special entry, has an empty or absolute path or a `..` component, resolves
    /// outside `directory` or through a symlink inside it, or clashes with another entry. Each file
    /// is written to a temporary file and renamed into place; archive permissions and times are not
    /// restored. Damaged member data (bad CRC, truncation, more bytes than declared) is only found
    /// while reading, so it stops the extraction with the members before it already written.
    public func extract(to directory: URL) throws {
        let plan = try ZipExtractionPlan(entries: entries, archiveName: name, directory: directory, maxTotalBytes: maxTotalBytes)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ZooError("\(name): cannot create the destination \(directory.path): \(error.localizedDescription)")
        }
        try source.withArchive { archive in
            var budget = maxTotalBytes
            var index = 0
            while let (entry, declared) = try source.nextEntry(archive, index: index) {
                guard index < plan.targets.count, plan.targets[index].entry == entry else {
                    throw ZooError("\(name): entry #\(index + 1) '\(entry.path)' differs from the listing read when the archive was opened")
                }
                let target = plan.targets[index]
                do {
                    switch entry.kind {
                    case .directory:
                        try source.skipData(archive, of: entry)
                        try FileManager.default.createDirectory(at: target.url, withIntermediateDirectories: true)
                    case .file:
                        let (bound, why) = try bound(entry, declared: declared, limit: budget,
                                                     reason: limitReason)
                        let data = try source.readData(archive, of: entry, limit: bound, limitReason: why)
                        budget -= data.count
                        try AtomicFile.write(Data(data), to: target.url)
                    case .symlink, .other:
                        throw ZooError("\(name): refusing to extract: entry '\(entry.path)' is not a file or directory")
                    }
                } catch let error as ZooError where error.message.hasPrefix("\(name): ") {
                    throw error
                } catch let error as ZooError {
                    throw ZooError("\(name): cannot extract entry '\(entry.path)': \(error.message)")
                } catch {
                    throw ZooError("\(name): cannot extract entry '\(entry.path)' to \(target.url.path): \(error.localizedDescription)")
                }
                index += 1
            }
            guard index == plan.targets.count else {
                throw ZooError("\(name): the archive ends after \(index) of \(plan.targets.count) entries listed when it was opened")
            }
        }
    }

    /// The most bytes to take from `entry`: its declared size when it has one, which must not
    /// exceed `limit` (refused before any data is read), else `limit`; with the reason to name.
    private func bound(_ entry: ZipEntry, declared: Int?, limit: Int, reason: String) throws -> (Int, String) {
        guard let declared else { return (limit, reason) }
        guard declared <= limit else {
            throw ZooError("\(name): member '\(entry.path)' declares \(declared) bytes, more than \(limit) (\(reason))")
        }
        return (declared, "the size its header declares")
    }
}
