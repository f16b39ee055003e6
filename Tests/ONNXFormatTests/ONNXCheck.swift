import Foundation
import XCTest
import ZooCore

/// The test venv's Python (onnx, onnxruntime), the shared fixtures, and io.json files for the checks.
enum ONNXCheck {
    static var shared: URL {
        if let shared = ProcessInfo.processInfo.environment["ZOO_SHARED"] { return URL(fileURLWithPath: shared) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared")
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The venv's python with onnx and onnxruntime, or a loud skip.
    static func python() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["ZOO_PYTHON"] { return URL(fileURLWithPath: path) }
        let venv = repository.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: venv.path) else {
            throw XCTSkip("NO ONNX CHECK: the test venv (.venv with onnx, onnxruntime) is missing; run scripts/setup.sh")
        }
        return venv
    }

    /// `python ARGUMENTS` with the venv's python (or `executable`) → (exit status, stdout and stderr).
    static func python(_ arguments: [String], executable: URL? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = try executable ?? python()
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// An io.json in the fixtures' layout.
    static func ioJSON(inputs: [(String, String, Tensor)], outputs: [Tensor]) -> String {
        "{\"inputs\":[\(inputs.map { tensorJSON($0.2, name: $0.0, dtype: $0.1) }.joined(separator: ","))],"
            + "\"outputs\":[\(outputs.map { tensorJSON($0, name: nil, dtype: "float32") }.joined(separator: ","))]}"
    }

    /// One io.json tensor: {"name", "shape", "dtype", "data"} (row-major).
    static func tensorJSON(_ t: Tensor, name: String?, dtype: String) -> String {
        let data = t.scalars.map { dtype == "int32" ? String(Int($0)) : "\(Double($0))" }.joined(separator: ",")
        return "{\(name.map { "\"name\":\"\($0)\"," } ?? "")\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"dtype\":\"\(dtype)\",\"data\":[\(data)]}"
    }

    /// Random inputs for `model` at a batch size and sequence length (token ids below `vocab`).
    static func inputs(for model: Model, batch: Int, time: Int, vocab: Int, seed: UInt64) -> [(String, String, Tensor)] {
        var rng = SeededGenerator(seed: seed)
        return model.inputs.map { input in
            let shape = [batch] + input.shape.dropFirst().enumerated().map { i, d in d ?? (i == 0 ? time : 1) }
            let count = shape.reduce(1, *)
            let values: [Float] = input.dtype == "float32"
                ? (0..<count).map { _ in rng.nextUniform() * 2 - 1 }
                : (0..<count).map { _ in Float(1 + Int(rng.next() % UInt64(vocab - 1))) }
            return (input.name, input.dtype, Tensor(shape: shape, scalars: values))
        }
    }
}
