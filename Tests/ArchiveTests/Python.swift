import Foundation
import XCTest

/// Runs short Python 3 scripts for the archive tests (to craft zips and to read what ZipWriter wrote).
enum Python {
    /// The `python3` found on `PATH`, or nil.
    static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("python3") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `script` with `arguments` and returns its standard output; skips the test when python3
    /// is missing and fails it when the script exits non-zero.
    static func run(_ script: String, _ arguments: [String] = []) throws -> String {
        guard let executable else {
            throw XCTSkip("python3 is not on PATH; this test needs Python's zipfile module")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            XCTFail("python3 exited with \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
            return ""
        }
        return String(decoding: out, as: UTF8.self)
    }
}
