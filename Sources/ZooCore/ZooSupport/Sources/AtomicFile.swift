import Foundation

/// Writes files so that readers see the old file or the complete new one, never a part:
/// the bytes go to a file in the destination's folder that has no name yet (`O_TMPFILE`), are
/// flushed to disk, and only then get a temporary name that is renamed over the destination — so
/// a process killed while writing (`kill -9`, a file-size limit) leaves nothing behind. On a file
/// system without `O_TMPFILE`, or without `/proc` to name such a file, the file has its temporary
/// name from the start.
public enum AtomicFile {
    /// The most bytes a file name may have (Linux and macOS file systems).
    static let maximumNameBytes = 255
    /// `open(folder, unnamedFileFlags | …)` makes a file without a name in `folder` (Linux's
    /// `O_TMPFILE`, which Glibc's Swift overlay does not export).
    public static let unnamedFileFlags: Int32 = 0o20_000_000 | O_DIRECTORY

    /// Writes `data` to `url` (its folder made first) through a temporary file beside it; on any
    /// failure the destination is untouched and the error names `url` and the system's reason.
    public static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        try makeFolder(dir, for: url.path)
        let tmp = temporaryURL(for: url)
        var unnamed = namesUnnamedFiles
        var descriptor = unnamed ? open(dir.path, unnamedFileFlags | O_WRONLY | O_CLOEXEC, 0o666) : -1
        if descriptor < 0 {
            unnamed = false
            descriptor = open(tmp.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o666)
        }
        guard descriptor >= 0 else {
            throw ZooError("\(url.path): cannot create a temporary file in \(dir.path) (\(SystemReason.text(errno)))")
        }
        do {
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
            if unnamed, !name(descriptor, tmp) {
                throw ZooError("cannot name the finished file \(tmp.path) (\(SystemReason.text(errno)))")
            }
        } catch {
            if !unnamed { try? FileManager.default.removeItem(at: tmp) }
            throw ZooError("\(url.path): write failed (\(SystemReason.reason(error)))")
        }
        guard rename(tmp.path, url.path) == 0 else {
            let reason = SystemReason.text(errno)
            try? FileManager.default.removeItem(at: tmp)
            throw ZooError("\(url.path): cannot move the finished file into place (\(reason))")
        }
    }

    /// Whether an unnamed file can be given a name here (`name(_:_:)` needs `/proc`; without
    /// it every file has its temporary name from the start).
    static let namesUnnamedFiles = access("/proc/self/fd", F_OK) == 0

    /// Gives the unnamed file open as `descriptor` the name `url` (`linkat` through
    /// `/proc/self/fd`); false with `errno` set when it cannot.
    public static func name(_ descriptor: Int32, _ url: URL) -> Bool {
        linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, url.path, AT_SYMLINK_FOLLOW) == 0
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
