import Foundation
import KerasFormat
import ZooCore

/// Where the shared Keras fixtures are (../shared/fixtures/keras beside the checkout, or
/// $ZOO_SHARED/fixtures/keras) and what they hold.
enum KerasFixtures {
    static let models = ["simple_rnn_classifier", "lstm_regressor", "gru_classifier", "bilstm_tagger", "seq2seq",
                         "attention_lstm_additive", "char_lm"]
    static let layouts: [(String, KerasLayout)] = [
        (".keras", .keras3Archive), (".weights.h5", .keras3Weights), (".h5", .keras3LegacyModel),
        (".keras2.h5", .keras2Model), (".keras2.weights.h5", .keras2Weights), (".keras2.keras", .keras2Archive),
    ]

    static var folder: URL {
        if let shared = ProcessInfo.processInfo.environment["ZOO_SHARED"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("fixtures/keras")
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures/keras")
    }

    static func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    /// The checkout's root folder.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The test venv's Python with Keras 3 (scripts/setup.sh makes it), or $ZOO_PYTHON.
    static var python: URL? {
        if let path = ProcessInfo.processInfo.environment["ZOO_PYTHON"] { return URL(fileURLWithPath: path) }
        let venv = repository.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    /// Runs tools/keras_check/check_gallery.py with `python` (Keras 3's numpy backend) on the
    /// conversions in `dir` its manifest entries `models` list; returns its exit status and output.
    static func checkConversions(_ models: [JSONValue], in dir: URL, python: URL) throws -> (Int32, String) {
        let checkONNX = folder.deletingLastPathComponent().appendingPathComponent("tools/check_onnx.py")
        let manifest: JSONValue = ["check_onnx": .string(checkONNX.path), "dir": .string(dir.path), "models": .array(models)]
        let manifestURL = dir.appendingPathComponent("manifest.json")
        try Data(manifest.serialized().utf8).write(to: manifestURL)
        let script = repository.appendingPathComponent("tools/keras_check/check_gallery.py")
        return try run(python, [script.path, manifestURL.path], environment: ["KERAS_BACKEND": "numpy"])
    }

    /// Runs a program; returns its exit status and its stdout and stderr together.
    static func run(_ program: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
