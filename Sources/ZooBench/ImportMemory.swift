import Foundation
import KerasFormat
import ZooCore

/// Workload I (issue 5): importing a large Keras file must stream — peak memory under twice
/// the file's size. A ~49 M-parameter char model (Embedding(40000, 512) → LSTM(1024) →
/// Dense(22000)) is written as .keras, .h5 and .weights.h5; each is then imported by a child
/// `zoo-bench --import-child FILE` that reports its resident peak (VmHWM) before and after.
enum ImportMemory {
    static func model() throws -> Model {
        try ModelBuilder.sequential(name: "import_probe", input: ModelInput(name: "tokens", shape: [nil], dtype: "int32"), layers: [
            ("Embedding", ["name": "embedding", "input_dim": 40000, "output_dim": 512]),
            ("LSTM", ["name": "lstm", "units": 1024, "return_sequences": true]),
            ("Dense", ["name": "logits", "units": 22000]),
        ])
    }

    /// Resident-set peak of this process in bytes (Linux VmHWM), or 0 where unknown.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }

    /// In the child: loads `path` (architecture from the probe model for weights-only files) and
    /// prints `{"before": bytes, "after": bytes, "parameters": n}`.
    static func child(_ path: String) throws {
        let before = peakResidentBytes()
        let loaded = try KerasModelFile.load(URL(fileURLWithPath: path), architecture: { _ in try model() })
        print(#"{"before":\#(before),"after":\#(peakResidentBytes()),"parameters":\#(loaded.model.parameterCount)}"#)
    }

    /// In the parent: writes the three files, imports each in a child, prints one line each.
    static func run(json: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-bench-import-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let m = try model()
        for name in ["probe.keras", "probe.h5", "probe.weights.h5"] {
            let url = folder.appendingPathComponent(name)
            try KerasModelFile.save(m, to: url)
            let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            process.arguments = ["--import-child", url.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let r = try JSONValue.parse(out)
            let before = r["before"]?.intValue ?? 0, after = r["after"]?.intValue ?? 0
            let ratio = Double(after - before) / Double(size)
            if json {
                print(#"{"workload":"I","file":"\#(name)","bytes":\#(size),"peak_before":\#(before),"peak_after":\#(after),"growth_over_size":\#(ratio)}"#)
            } else {
                print("I    import \(name)".padding(toLength: 31, withPad: " ", startingAt: 0)
                      + String(format: "file %.1f MB  peak RSS %.1f → %.1f MB  growth %.2f× file size  (%d params)",
                               Double(size) / 1e6, Double(before) / 1e6, Double(after) / 1e6, ratio, r["parameters"]?.intValue ?? 0))
            }
        }
    }
}
