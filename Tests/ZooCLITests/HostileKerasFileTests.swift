import Foundation
import XCTest

/// Hostile HDF5 model files, each built here with h5py, given to the real `zoo summary`: a
/// kernel stored in a local file (external raw storage), a virtual dataset over another file,
/// an external link to another file, a soft link through one, a compressed kernel declaring 256 MiB in a 1.2 MB file, and
/// configs with absurd units. Each is refused with exit status 1 and one line naming the file and
/// the problem, nothing of the local file it points at appears in the output, and the process's
/// peak memory (with its forked readers) stays under 256 MB + 4 × the file's size.
final class HostileKerasFileTests: XCTestCase {
    private var folder: URL!
    /// A local file with known content (48 bytes: the 4×3 float32 kernel the hostile files want).
    private var secret: URL!
    private static let secretText = "SECRET-CONTENT-SECRET-CONTENT-SECRET-CONTENT-SEC"

    override func setUpWithError() throws {
        folder = try ZooProcess.temporaryFolder()
        secret = folder.appendingPathComponent("secret.bin")
        try Data(Self.secretText.utf8).write(to: secret)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes the file of `kind`, runs `zoo summary` on it and checks the refusal.
    private func assertRefused(_ kind: String, saying expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = folder.appendingPathComponent("\(kind).h5")
        try HostileHDF5Files.write(kind, to: url, secret: secret)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        let run = try MeasuredRun.zoo(["summary", url.path], in: folder)
        XCTAssertEqual(run.status, 1, "\(kind): \(run.stderr)", file: file, line: line)
        XCTAssertEqual(run.stdout, "", kind, file: file, line: line)
        let lines = run.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "\(kind): \(run.stderr)", file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix("zoo summary: \(url.path): "), "\(kind): \(run.stderr)", file: file, line: line)
        XCTAssertTrue(run.stderr.contains(expected), "\(kind): \(run.stderr)", file: file, line: line)
        XCTAssertFalse((run.stdout + run.stderr).contains("SECRET"), kind, file: file, line: line)
        XCTAssertEqual(try String(contentsOf: secret, encoding: .utf8), Self.secretText, kind, file: file, line: line)
        let bound = 256_000_000 + 4 * size
        XCTAssertLessThan(run.peakBytes, bound, "\(kind): peak RSS \(run.peakBytes) bytes for a \(size)-byte file", file: file, line: line)
        print("HOSTILE \(kind): \(size) bytes, peak RSS \(run.peakBytes / 1_000_000) MB (bound \(bound / 1_000_000) MB): \(run.stderr.trimmingCharacters(in: .newlines))")
    }

    func testTheSameModelStoredPlainlyLoads() throws {
        let url = folder.appendingPathComponent("plain.h5")
        try HostileHDF5Files.write("plain", to: url)
        let run = try MeasuredRun.zoo(["summary", url.path], in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("Total params: 15"), run.stdout)
    }

    func testExternalRawStorageIsRefusedBeforeReading() throws {
        try assertRefused("external", saying: "/model_weights/dense/sequential/dense/kernel: refused: its values are stored in 1 external file(s)")
    }

    func testVirtualDatasetIsRefused() throws {
        try assertRefused("virtual", saying: "/model_weights/dense/sequential/dense/kernel: refused: a virtual dataset")
    }

    func testExternalLinkIsRefused() throws {
        try assertRefused("external_link", saying: "refused: 'kernel' is an external link")
    }

    /// A soft link to an external link 70 groups deep, below the probe's walk: the check at the
    /// point of use refuses it.
    func testSoftLinkThroughAnExternalLinkIsRefused() throws {
        try assertRefused("deep_soft_link", saying: "/model_weights/dense: refused: 'sequential/dense/kernel' leads to another file (an external link)")
    }

    func testCompressionBombIsRefusedBeforeDecoding() throws {
        try assertRefused("bomb", saying: "refused: its 268435456 bytes of values exceed what the")
    }

    func testAbsurdUnitsAreOneLine() throws {
        try assertRefused("units_1e12", saying: "Dense 'dense': 'units' is 1000000000000, outside 1…16777216")
        try assertRefused("units_2_62", saying: "Dense 'dense': 'units' is 4.611686018427388e+18, outside 1…16777216")
    }
}
