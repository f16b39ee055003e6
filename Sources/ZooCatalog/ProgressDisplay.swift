import Foundation
import ZooCore

/// How `zoo fetch` shows its transfers on stderr. On a terminal, one line per file redrawn at
/// most ten times a second,
///
///     model.zoockpt ━━━━━━━━━━────────── 48%  1.77 MB / 3.69 MB  2.41 MB/s
///
/// When stderr is not a terminal (a log, CI), nothing while it runs and one line once the model
/// is installed, so that a failure stays the one line the error prints:
///
///     poetry-tang-lstm@0.3.0: 3.70 MB in 0.4 s (9.20 MB/s), sha256 verified; model.zoockpt resumed at byte 1,000,000
public final class ProgressDisplay: @unchecked Sendable {
    private let handle: FileHandle
    private let interactive: Bool
    private let lock = NSLock()
    private let width = 20
    private var file = ""
    private var size: Int64 = 0
    private var offset: Int64 = 0
    private var fileStarted = Date()
    private var lastDraw = Date.distantPast
    /// When the first transfer of the current fetch began.
    private var fetchStarted: Date?
    /// "FILE resumed at byte N" for each resumed file of the current fetch.
    private var resumed: [String] = []

    /// Writes to `handle` (default stderr); `interactive` defaults to whether it is a terminal.
    public init(handle: FileHandle = .standardError, interactive: Bool? = nil) {
        self.handle = handle
        self.interactive = interactive ?? (isatty(handle.fileDescriptor) != 0)
    }

    /// Another zoo process is fetching `label`; this one waits for it. Said on a terminal only.
    func waiting(_ label: String) {
        guard interactive else { return }
        lock.withLock { write("\(label): waiting for another zoo process fetching it\n") }
    }

    /// A transfer of `file` (`size` bytes in all) begins, with `offset` bytes already there.
    func begin(_ file: String, size: Int64, offset: Int64) {
        lock.withLock {
            self.file = file
            self.size = size
            self.offset = offset
            fileStarted = Date()
            fetchStarted = fetchStarted ?? fileStarted
            lastDraw = .distantPast
        }
    }

    /// The file now holds `bytes` bytes.
    func update(_ bytes: Int64) {
        guard interactive else { return }
        lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            write("\r" + line(bytes, now: now) + "\u{1B}[K")
        }
    }

    /// The transfer ended with `bytes` bytes in the file; `resumedFrom` > 0 when it continued an
    /// earlier download.
    func end(_ bytes: Int64, resumedFrom: Int64) {
        lock.withLock {
            offset = resumedFrom
            if resumedFrom > 0 { resumed.append("\(file) resumed at byte \(Model.grouped(Int(resumedFrom)))") }
            if interactive { write("\r" + line(bytes, now: Date()) + "\u{1B}[K\n") }
        }
    }

    /// The model `label` is installed after `transferred` bytes came from the registry.
    func installed(_ label: String, transferred: Int64) {
        lock.withLock {
            defer { fetchStarted = nil; resumed = [] }
            guard !interactive, let fetchStarted else { return }
            let seconds = Date().timeIntervalSince(fetchStarted)
            let rate = Model.bytes(Int(Double(transferred) / max(seconds, 1e-3))) + "/s"
            let notes = resumed.isEmpty ? "" : "; " + resumed.joined(separator: ", ")
            write("\(label): \(Model.bytes(Int(transferred))) in \(String(format: "%.1f", seconds)) s (\(rate)), sha256 verified\(notes)\n")
        }
    }

    private func line(_ bytes: Int64, now: Date) -> String {
        let fraction = size > 0 ? Double(min(bytes, size)) / Double(size) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
        let percent = String(format: "%3.0f%%", fraction * 100)
        let rate = Model.bytes(Int(Double(max(0, bytes - offset)) / max(now.timeIntervalSince(fileStarted), 1e-3))) + "/s"
        return "\(file) \(bar) \(percent)  \(Model.bytes(Int(bytes))) / \(Model.bytes(Int(size)))  \(rate)"
    }

    private func write(_ text: String) {
        handle.write(Data(text.utf8))
    }
}
