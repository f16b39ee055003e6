import Foundation
import XCTest

/// Runs the real `zoo` binary as its own process and measures it: exit status, what it printed,
/// its peak resident memory and the processor time it used.
///
/// The `zoo` process is started by a small Python process that waits for it with `wait4` and
/// reports its rusage. Started directly from the test runner, the child's `ru_maxrss` would begin
/// at the runner's own peak: `posix_spawn` shares the runner's memory until `exec`, and Linux
/// carries that memory's high-water mark into the new program's peak (a runner that once held
/// 278 MB made every child "use" 278 MB). The intermediary's peak (~15 MB) is the floor instead.
struct MeasuredRun {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Peak resident set size in bytes (at least the ~15 MB of the Python process that starts it).
    var peakBytes: Int
    /// Processor time (user + system) in seconds: unlike wall-clock time, not inflated by other
    /// work on a busy machine.
    var cpuSeconds: Double

    /// `python -c LAUNCHER OUT ERR EXECUTABLE ARGS…`: runs the executable with stdin from /dev/null and
    /// stdout, stderr into OUT, ERR; prints `STATUS MAXRSS_KIB CPU_SECONDS`, STATUS being the
    /// exit code or 128 + the signal.
    private static let launcher = """
        import os, sys
        out, err, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
        actions = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
                   (os.POSIX_SPAWN_OPEN, 2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
        print(code, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
        """

    /// Runs `zoo ARGUMENTS` with stdout and stderr going to files in `folder`.
    static func zoo(_ arguments: [String], in folder: URL) throws -> MeasuredRun {
        let executable = ZooProcess.productsFolder.appendingPathComponent("zoo").path
        let out = folder.appendingPathComponent("stdout-\(UUID().uuidString)").path
        let err = folder.appendingPathComponent("stderr-\(UUID().uuidString)").path
        let report = try ZooProcess.run(["-c", launcher, out, err, executable] + arguments, executable: try python())
        let fields = report.stdout.split(separator: " ")
        guard report.status == 0, fields.count == 3, let status = Int32(fields[0]), let kib = Int(fields[1]),
              let cpu = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: executable,
                                                          NSLocalizedDescriptionKey: "the launcher failed (\(report.status)): \(report.stderr)"])
        }
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return MeasuredRun(status: status, stdout: read(out), stderr: read(err), peakBytes: kib * 1024, cpuSeconds: cpu)
    }

    /// The test venv's Python (scripts/setup.sh makes it), else `python3` on the PATH.
    private static func python() throws -> URL {
        let venv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".venv/bin/python")
        if FileManager.default.isExecutableFile(atPath: venv.path) { return venv }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw XCTSkip("NO MEASURED RUN: no Python to start zoo and report its peak memory; run scripts/setup.sh")
    }
}
