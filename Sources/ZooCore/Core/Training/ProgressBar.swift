import Foundation

/// Keras's verbose=1 display. On a terminal: one line per epoch redrawn after every batch,
///
///     Epoch 3/10
///     17/50 ━━━━━━━━━━━━────────── 2s 41ms/step - loss: 0.1234 - accuracy: 0.9120
///
/// with the time left (ETA) while running and the epoch's total time at the end. When the
/// output is not a terminal (a log file, CI) only the finished line of each epoch is printed.
public final class ProgressBar: TrainingProgress {
    private let handle: FileHandle
    private let interactive: Bool
    private let width = 20
    private var epochs = 0
    private var batches = 0
    private var start = Date()
    private var lastDraw = Date.distantPast

    /// Writes to `handle` (default stdout); `interactive` defaults to whether it is a terminal.
    public init(handle: FileHandle = .standardOutput, interactive: Bool? = nil) {
        self.handle = handle
        self.interactive = interactive ?? (isatty(handle.fileDescriptor) != 0)
    }

    public func epochWillBegin(_ epoch: Int, of epochs: Int, batches: Int) {
        self.epochs = epochs
        self.batches = batches
        start = Date()
        lastDraw = .distantPast
        write("Epoch \(epoch + 1)/\(epochs)\n")
    }

    public func batchDidEnd(_ batch: Int, logs: [(String, Double)]) {
        guard interactive else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 || batch + 1 == batches else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let perStep = elapsed / Double(batch + 1)
        let eta = perStep * Double(batches - batch - 1)
        write("\r" + bar(batch + 1) + " ETA \(ProgressBar.duration(eta)) \(ProgressBar.stepTime(perStep))" + ProgressBar.format(logs) + "\u{1B}[K")
    }

    public func epochDidEnd(_ epoch: Int, logs: [(String, Double)], seconds: Double) {
        let line = bar(batches) + " \(ProgressBar.duration(seconds)) \(ProgressBar.stepTime(seconds / Double(max(batches, 1))))" + ProgressBar.format(logs)
        write((interactive ? "\r" : "") + line + (interactive ? "\u{1B}[K\n" : "\n"))
    }

    private func bar(_ done: Int) -> String {
        let filled = batches == 0 ? width : done * width / batches
        let digits = String(batches).count
        let count = String(repeating: " ", count: max(0, digits - String(done).count)) + "\(done)/\(batches)"
        return count + " " + String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
    }

    private func write(_ s: String) {
        fflush(stdout)
        handle.write(Data(s.utf8))
    }

    static func format(_ logs: [(String, Double)]) -> String {
        logs.map { " - \($0.0): " + value($0.1) }.joined()
    }

    /// Keras's number format: 4 decimals, or 4 significant digits in exponent form below 1e-3.
    public static func value(_ v: Double) -> String {
        abs(v) >= 1e-3 || v == 0 ? String(format: "%.4f", v) : String(format: "%.4e", v)
    }

    static func duration(_ s: Double) -> String {
        s < 60 ? String(format: "%.0fs", s) : String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
    }

    static func stepTime(_ s: Double) -> String {
        s < 1e-3 ? String(format: "%.0fµs/step", s * 1e6) : s < 1 ? String(format: "%.0fms/step", s * 1e3) : String(format: "%.1fs/step", s)
    }
}
