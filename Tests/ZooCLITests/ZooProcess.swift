import Foundation
import XCTest

/// Runs the real `zoo` binary built beside the tests and captures its output.
struct ZooProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built products folder (where the test bundle and `zoo` live).
    static var productsFolder: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    /// Runs `executable` (default: the built `zoo`) with `prefix + arguments`.
    static func run(_ arguments: [String], cwd: URL? = nil, environment: [String: String] = [:],
                    executable: URL? = nil, prefix: [String] = []) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? productsFolder.appendingPathComponent("zoo")
        process.arguments = prefix + arguments
        if let cwd { process.currentDirectoryURL = cwd }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-cli-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
