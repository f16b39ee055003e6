#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ZooCore

/// libhdf5 (1.10 on Debian 12) crashes on some damaged files: a corrupted global-heap entry
/// makes it copy from a wild pointer while converting a variable-length string. We cannot fix
/// the library, so before a file is opened for real, a forked child process walks all of it —
/// every group, attribute and dataset — and the parent only watches how the child ends. A child
/// killed by a signal, or still busy after 10 s plus 1 s per 20 MB, means the file is refused with
/// one clear line; a child that ends normally means libhdf5 survives the file (its own errors are
/// reported later by the real read).
enum HDF5Probe {
    /// Throws when walking the file of `size` bytes at `open()` crashes or hangs libhdf5.
    static func survive(_ name: String, size: Int, _ open: () throws -> HDF5File) throws {
        let timeout = 10 + Double(size) / 20e6
        let pid = fork()
        if pid == 0 {
            for s in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] { signal(s, SIG_DFL) }
            var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
            setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
            let devNull = Glibc.open("/dev/null", O_WRONLY)
            if devNull >= 0 { dup2(devNull, 2) }
            if let file = try? open(), let root = try? file.root() { walk(root, depth: 0) }
            _exit(0)
        }
        guard pid > 0 else { return }
        var status: Int32 = 0
        var waited = 0.0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if waited > timeout {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw ZooError("\(name): damaged HDF5 file (libhdf5 did not finish reading it in \(Int(timeout)) s)")
            }
            usleep(waited < 0.05 ? 200 : 5000)
            waited += waited < 0.05 ? 0.0002 : 0.005
        }
        let signalled = status & 0x7f
        if signalled != 0 && signalled != 0x7f {
            throw ZooError("\(name): damaged HDF5 file (libhdf5 crashes reading it: signal \(signalled))")
        }
    }

    /// Reads every attribute and dataset under `group` (errors are ignored: only crashes count).
    private static func walk(_ group: HDF5Group, depth: Int) {
        guard depth < 64 else { return }
        for name in (try? group.attributeNames()) ?? [] { _ = try? group.attribute(name) }
        for name in (try? group.memberNames()) ?? [] {
            switch group.kind(of: name) {
            case .group?: if let g = try? group.group(name) { walk(g, depth: depth + 1) }
            case .dataset?: _ = try? group.dataset(name).readFloats()
            default: break
            }
        }
    }
}
