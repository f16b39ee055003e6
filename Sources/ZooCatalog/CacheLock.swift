import Foundation
import ZooCore

/// An exclusive lock on one model version in the cache (`flock` on
/// `$ZOO_HOME/locks/NAME@VERSION.lock`), held while a fetch stages it or prune removes its
/// partial download, so two zoo processes never write the same staging folder. Released when
/// the lock is deinitialised or the process ends. Lock files are empty and never removed.
final class CacheLock {
    private let descriptor: Int32

    /// Takes the lock without waiting; nil when another process holds it.
    init?(_ file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(file.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ZooError("\(file.path): cannot open the lock file (\(String(cString: strerror(errno))))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }
}
