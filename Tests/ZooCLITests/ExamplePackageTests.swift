import Foundation
import XCTest

/// Examples/Hello, a separate package that depends on the project by path and uses the RNNZoo
/// library: it builds, loads a Keras file, predicts, writes ONNX, and writes the same poem as
/// `zoo generate poetry` with the same seed.
final class ExamplePackageTests: XCTestCase {
    static var repository: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    func testExamplePackageBuildsAndRuns() throws {
        let scratch = TestPackageScratch.folder
        let arguments = ["build", "--package-path", Self.repository.appendingPathComponent("Examples/Hello").path, "--scratch-path", scratch.path]
        var build = try ZooProcess.run(arguments, executable: URL(fileURLWithPath: "/usr/bin/env"), prefix: ["swift"])
        if build.status != 0 {
            // A reused scratch folder: the first build after a source file was added to the
            // project can compile the dependency with its old file list (SwiftPM 6.3); the next
            // one sees the new list. A fresh clone builds once.
            build = try ZooProcess.run(arguments, executable: URL(fileURLWithPath: "/usr/bin/env"), prefix: ["swift"])
        }
        XCTAssertEqual(build.status, 0, build.stdout + build.stderr)
        let folder = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = Self.repository.deletingLastPathComponent().appendingPathComponent("shared/fixtures/keras/lstm_regressor.keras")
        let onnx = folder.appendingPathComponent("hello.onnx")
        let r = try ZooProcess.run([model.path, onnx.path], environment: ["ZOO_PLUGIN_PATH": ZooProcess.productsFolder.path],
                                   executable: scratch.appendingPathComponent("debug/Hello"))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("\(model.path): Keras 3 .keras archive (keras 3.15.1)\nModel: \"lstm_regressor\""), r.stdout)
        XCTAssertTrue(r.stdout.contains(" Total params: 1,353 (5.29 KB)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("output 0 [2, 1]: "), r.stdout)
        XCTAssertGreaterThan((try FileManager.default.attributesOfItem(atPath: onnx.path)[.size] as? NSNumber)?.intValue ?? 0, 1000)
        let cli = try ZooProcess.run(["generate", "poetry", "--acrostic", "春夏秋冬", "--seed", "7", "--temperature", "1"])
        XCTAssertEqual(cli.status, 0, cli.stderr)
        XCTAssertTrue(r.stdout.hasSuffix(cli.stdout), "library and CLI write the same poem:\n\(r.stdout)\n---\n\(cli.stdout)")
    }
}
