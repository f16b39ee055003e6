import Foundation

/// Runs the real `zoo` binary as its own child process and measures it: exit status, what it
/// printed, and its peak resident memory (including the children it forks and waits for), from
/// `wait4`'s rusage of that one process — other children of the test runner do not count —
/// and the processor time it used.
struct MeasuredRun {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Peak resident set size in bytes.
    var peakBytes: Int
    /// Processor time (user + system) in seconds: unlike wall-clock time, not inflated by other
    /// work on a busy machine.
    var cpuSeconds: Double

    /// Runs `zoo ARGUMENTS` with stdout and stderr going to files in `folder`.
    static func zoo(_ arguments: [String], in folder: URL) throws -> MeasuredRun {
        let executable = ZooProcess.productsFolder.appendingPathComponent("zoo").path
        let out = folder.appendingPathComponent("stdout-\(UUID().uuidString)").path
        let err = folder.appendingPathComponent("stderr-\(UUID().uuidString)").path
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable]) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return MeasuredRun(status: (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f),
                           stdout: read(out), stderr: read(err), peakBytes: usage.ru_maxrss * 1024,
                           cpuSeconds: Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6)
    }
}
