import Foundation

/// Writes files so that readers see the old file or the complete new one, never a part:
/// the bytes go to a temporary name in the destination's folder, are flushed to disk, and are
/// renamed over the destination.
public enum AtomicFile {
    /// The most bytes a file name may have (Linux and macOS file systems).
    static let maximumNameBytes = 255

    /// Writes `data` to `url` (its folder made first) through a temporary file beside it; on any
    /// failure the destination is untouched and the error names `url` and the system's reason.
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try makeFolder(dir, for: url.path)
        let tmp = temporaryURL(for: url)
        guard FileManager.default.createFile(atPath: tmp.path, contents: nil) else {
            throw ZooError("\(url.path): cannot create a temporary file in \(dir.path) (\(SystemReason.text(errno)))")
        }
        do {
            let handle = try FileHandle(forWritingTo: tmp)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw ZooError("\(url.path): write failed (\(SystemReason.reason(error)))")
        }
        guard rename(tmp.path, url.path) == 0 else {
            let reason = SystemReason.text(errno)
            try? FileManager.default.removeItem(at: tmp)
            throw ZooError("\(url.path): cannot move the finished file into place (\(reason))")
        }
    }

    /// Writes `text` as UTF-8, atomically, as `write(_:to:)` does for bytes.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Makes `folder` and any missing parents (`mkdir -p`); fails in one line naming `what` and
    /// the system's reason (a file in the way, a name too long, no permission).
    public static func makeFolder(_ folder: URL, for what: String) throws {
        var path = ""
        for component in folder.standardizedFileURL.path.split(separator: "/", omittingEmptySubsequences: true) {
            path += "/" + component
            if mkdir(path, 0o777) == 0 { continue }
            let code = errno
            var status = stat()
            guard code == EEXIST, stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                let reason = code == EEXIST ? "\(path) exists and is not a folder" : "\(path): \(SystemReason.text(code))"
                throw ZooError("\(what): cannot create the folder (\(reason))")
            }
        }
    }

    /// A fresh temporary name beside `url`: "." + its file name + ".tmp-PID-RANDOM", the file
    /// name cut (at a character boundary) so that the whole stays within the 255 bytes a file
    /// name may have — a destination name of 255 bytes still gets a temporary one.
    public static func temporaryURL(for url: URL) -> URL {
        let suffix = ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var name = url.lastPathComponent
        while 1 + name.utf8.count + suffix.utf8.count > maximumNameBytes { name.removeLast() }
        return url.deletingLastPathComponent().appendingPathComponent("." + name + suffix)
    }
}
