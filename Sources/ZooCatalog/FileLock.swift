import Foundation
import ZooCore

/// An exclusive `flock` on a lock file: `$ZOO_HOME/locks/NAME@VERSION.lock` while a fetch stages
/// that version or prune removes its partial download, `DIR/.index.json.lock` while a publish
/// rewrites a folder registry's index. Two processes, or two threads of one (each lock opens the
/// file anew), never hold the same lock at once. Released when the lock is deinitialised or the
/// process ends. Lock files are empty and never removed; one is never opened through a symbolic
/// link.
final class FileLock {
    private let descriptor: Int32

    /// Takes the lock on `file`, creating the file and its folder when absent. When another
    /// holder has it: waits for it when `wait` is true, else returns nil.
    init?(_ file: URL, wait: Bool) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(file.path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0o644)
        guard fd >= 0 else {
            let code = errno
            if code == ELOOP, let kind = FileKind(of: file) { throw SafeFile.refusal(file, kind) }
            throw ZooError("\(file.path): cannot open the lock file (\(SystemReason.text(code)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, FileKind(mode: info.st_mode, path: file.path) == .regular else {
            close(fd)
            throw SafeFile.refusal(file, FileKind(of: file) ?? .unknown)
        }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw ZooError("\(file.path): cannot lock (\(SystemReason.text(code)))")
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }
}
