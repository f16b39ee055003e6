#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ZooCore

/// Runs libhdf5 work that a damaged file can make crash in a forked child process, and hands its
/// output back through a pipe. The calling process never runs that work itself, so neither a crash
/// nor a wild copy can touch it; the child's crash or hang becomes one error line naming `what`.
enum HDF5Isolation {
    /// True in a child forked by `run`: work there is already isolated and runs in place.
    nonisolated(unsafe) static var inChild = false

    /// Forks; the child runs `body` with the write end of a pipe and exits with the status it
    /// returns. Returns what the child wrote and its exit status. Throws, naming `what`, when the
    /// child is killed by a signal, is still running after `timeout` seconds, or cannot be started
    /// or waited for.
    static func run(_ what: String, timeout: Double, _ body: (Int32) -> Int32) throws -> (status: Int32, output: [UInt8]) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw ZooError("\(what): cannot check the HDF5 file safely (pipe: \(errorText()))") }
        // Programs other threads start must not keep the write end open (the read would not end).
        ends.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        let pid = try forkRetrying(what, closing: ends)
        if pid == 0 {
            inChild = true
            close(ends[0])
            for s in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] { signal(s, SIG_DFL) }
            signal(SIGPIPE, SIG_IGN)
            var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
            setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
            let devNull = open("/dev/null", O_WRONLY)
            if devNull >= 0 { dup2(devNull, 2) }
            _exit(body(ends[1]))
        }
        close(ends[1])
        defer { close(ends[0]) }
        let deadline = now() + timeout
        func giveUp() -> ZooError {
            kill(pid, SIGKILL)
            var ignored: Int32 = 0
            while waitpid(pid, &ignored, 0) < 0 && errno == EINTR {}
            return ZooError("\(what): damaged HDF5 file (libhdf5 did not finish reading it in \(Int(timeout)) s)")
        }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let left = deadline - now()
            guard left > 0 else { throw giveUp() }
            var watch = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&watch, 1, Int32(min(left, 1) * 1000) + 1)
            if ready < 0 && errno != EINTR { throw giveUp() }
            if ready <= 0 { continue }
            let n = chunk.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
            if n > 0 {
                output.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                break
            } else if errno != EINTR && errno != EAGAIN {
                throw giveUp()
            }
        }
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR {
                throw ZooError("\(what): cannot check the HDF5 file safely (waitpid: \(errorText()))")
            }
            guard now() < deadline else { throw giveUp() }
            usleep(1000)
        }
        let signalled = status & 0x7f
        if signalled != 0 && signalled != 0x7f {
            throw ZooError("\(what): damaged HDF5 file (libhdf5 crashes reading it: signal \(signalled))")
        }
        return ((status >> 8) & 0xff, output)
    }

    /// `fork()`, retried briefly while the system is short of processes or memory. Never
    /// returns -1: a file that cannot be checked is not read.
    private static func forkRetrying(_ what: String, closing ends: [Int32]) throws -> pid_t {
        for attempt in 0..<5 {
            let pid = fork()
            if pid >= 0 { return pid }
            let failure = errno
            guard failure == EAGAIN || failure == ENOMEM, attempt < 4 else { break }
            usleep(UInt32(20_000 << attempt))
        }
        let text = errorText()
        ends.forEach { close($0) }
        throw ZooError("\(what): cannot check the HDF5 file safely (fork: \(text))")
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Writes all of `count` bytes at `start` to `fd`; false when the pipe failed.
    static func writeAll(_ fd: Int32, _ start: UnsafeRawPointer, _ count: Int) -> Bool {
        var done = 0
        while done < count {
            let n = write(fd, start + done, count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
}
