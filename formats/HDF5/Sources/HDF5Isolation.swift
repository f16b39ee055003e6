#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ZooSupport

/// Runs libhdf5 work that a damaged file can make crash in a forked child process, and hands its
/// output back through a pipe. The calling process never runs that work itself, so neither a crash
/// nor a wild copy can touch it; the child's crash, or its running out of the processor time or
/// memory `HDF5ChildLimits` allow, becomes one error line naming `what`. There is no wall-clock
/// deadline: a valid file loads however busy the machine is, and what the child may do (structure
/// checked before any read, no external files, no plugins, no FIFOs) cannot block it.
enum HDF5Isolation {
    /// True in a child forked by `run`: work there is already isolated and runs in place.
    nonisolated(unsafe) static var inChild = false

    /// Forks; the child runs `body` with the write end of a pipe, within `limits`, and exits with
    /// the status it returns; the parent runs `receive` on the read end. Returns the child's exit
    /// status and what `receive` returned. Throws, naming `what`, when the child is killed by a
    /// signal (a crash, or its limits), or cannot be started or waited for; otherwise rethrows
    /// what `receive` threw.
    static func run<T>(_ what: String, limits: HDF5ChildLimits, child body: (Int32) -> Int32,
                       receive: (Int32) throws -> T) throws -> (status: Int32, result: T) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw ZooError("\(what): cannot check the HDF5 file safely (pipe: \(errorText()))") }
        // Programs other threads start must not keep the write end open (the read would not end).
        ends.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        let pid = try forkRetrying(what, closing: ends)
        if pid == 0 {
            inChild = true
            close(ends[0])
            for s in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGXCPU] { signal(s, SIG_DFL) }
            signal(SIGPIPE, SIG_IGN)
            limits.apply()
            let devNull = open("/dev/null", O_WRONLY)
            if devNull >= 0 { dup2(devNull, 2) }
            _exit(body(ends[1]))
        }
        close(ends[1])
        let received = Result { try receive(ends[0]) }
        // Closed before the wait: a child still writing gets EPIPE instead of blocking forever.
        close(ends[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ZooError("\(what): cannot check the HDF5 file safely (waitpid: \(errorText()))") }
        }
        let signalled = status & 0x7f
        if signalled == SIGXCPU {
            throw ZooError("\(what): damaged HDF5 file (libhdf5 used more than \(limits.cpuSeconds) s of processor time reading it)")
        }
        if signalled != 0 && signalled != 0x7f {
            throw ZooError("\(what): damaged HDF5 file (libhdf5 crashes reading it: signal \(signalled))")
        }
        return ((status >> 8) & 0xff, try received.get())
    }

    /// Reads `fd` to its end.
    static func drain(_ fd: Int32) -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                output.append(contentsOf: chunk[0..<n])
            } else if n == 0 || errno != EINTR {
                return output
            }
        }
    }

    /// Fills `buffer` from `fd`; returns how many bytes arrived before the end of the pipe.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer, from fd: Int32) -> Int {
        var done = 0
        while done < buffer.count {
            let n = read(fd, buffer.baseAddress! + done, buffer.count - done)
            if n > 0 {
                done += n
            } else if n == 0 || errno != EINTR {
                break
            }
        }
        return done
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
