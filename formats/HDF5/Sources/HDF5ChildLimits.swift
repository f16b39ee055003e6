#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a child process that reads an untrusted HDF5 file may use (`HDF5Isolation`): processor
/// time and address space beyond what it starts with (the fork of its parent). The child stops
/// when it exceeds them (SIGXCPU, or failed allocations), so a damaged file that makes libhdf5
/// loop or allocate without end is refused deterministically — by the work it causes, not by
/// how busy the machine is.
struct HDF5ChildLimits {
    /// Processor seconds (user + system) the child may use.
    var cpuSeconds: Int
    /// Bytes of address space the child may map beyond its size at the fork.
    var memoryBytes: Int

    /// Walking a file's structure (groups, links, attributes, dataset headers; no raw data):
    /// proportional to the metadata, which is at most the file: 30 s plus 1 s per 16 MB of file,
    /// and 512 MiB.
    static func walk(fileSize: Int) -> HDF5ChildLimits {
        HDF5ChildLimits(cpuSeconds: 30 + fileSize / 16_000_000, memoryBytes: 512 << 20)
    }

    /// Converting one attribute's variable-length strings: 30 s and 1 GiB (an attribute holds at
    /// most 2^20 strings).
    static let strings = HDF5ChildLimits(cpuSeconds: 30, memoryBytes: 1 << 30)

    /// Decoding `bytes` bytes of values: 30 s plus 1 s per 8 MB, and the values plus 512 MiB
    /// for libhdf5's chunk cache and conversion buffers.
    static func decoding(bytes: Int) -> HDF5ChildLimits {
        HDF5ChildLimits(cpuSeconds: 30 + bytes / 8_000_000, memoryBytes: bytes + (512 << 20))
    }

    /// Applies the limits to the calling process (the child, right after the fork), and forbids
    /// core files.
    func apply() {
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
        var cpu = rlimit(rlim_cur: rlim_t(cpuSeconds), rlim_max: rlim_t(cpuSeconds + 1))
        setrlimit(Int32(RLIMIT_CPU.rawValue), &cpu)
        guard let mapped = Self.mappedBytes() else { return }
        let limit = rlim_t(mapped + memoryBytes)
        var space = rlimit(rlim_cur: limit, rlim_max: limit)
        setrlimit(Int32(RLIMIT_AS.rawValue), &space)
    }

    /// The calling process's address-space size (the first field of /proc/self/statm, in pages),
    /// or nil where there is no /proc.
    private static func mappedBytes() -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        var pages = 0
        for byte in buffer[0..<n] {
            guard byte >= 0x30, byte <= 0x39 else { break }
            pages = pages * 10 + Int(byte - 0x30)
        }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
