import Foundation
import XCTest

/// Where commands write: names up to the file system's 255 bytes, one-line refusals for a path
/// that cannot be made, a file in the way of an output folder, and in-place bundle conversion.
final class OutputFileTests: XCTestCase {
    private var folder: URL!
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let fixture = repository.deletingLastPathComponent().appendingPathComponent("shared/fixtures/keras/lstm_regressor.keras")

    override func setUpWithError() throws { folder = try ZooProcess.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func assertOneLine(_ r: ZooProcess.Result, _ prefix: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix(prefix), r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, r.stderr, file: file, line: line)
    }

    func testNamesUpToTheLimitAndPathsThatCannotBeMade() throws {
        let longest = folder.appendingPathComponent(String(repeating: "a", count: 249) + ".keras")
        let r = try ZooProcess.run(["convert", Self.fixture.path, longest.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [longest.lastPathComponent], "no temporary file left")
        let tooLong = folder.appendingPathComponent(String(repeating: "b", count: 250) + ".keras")
        assertOneLine(try ZooProcess.run(["convert", Self.fixture.path, tooLong.path]),
                      "zoo convert: \(tooLong.path): cannot move the finished file into place (file name too long)")
        let deep = folder.path + String(repeating: "/c", count: 2100) + "/x.keras"
        let r2 = try ZooProcess.run(["convert", Self.fixture.path, deep])
        assertOneLine(r2, "zoo convert: \(deep): cannot create the folder (")
        XCTAssertTrue(r2.stderr.hasSuffix(": file name too long)\n"), String(r2.stderr.suffix(80)))
        let blocker = folder.appendingPathComponent("file")
        try Data().write(to: blocker)
        assertOneLine(try ZooProcess.run(["convert", Self.fixture.path, blocker.appendingPathComponent("x.keras").path]),
                      "zoo convert: \(blocker.path)/x.keras: cannot create the folder (\(blocker.path) exists and is not a folder)")
    }

    /// `train -o FILE` fails before any training, in one line.
    func testTrainOutputThatIsAFileFailsAtOnce() throws {
        let blocker = folder.appendingPathComponent("run")
        try Data("keep".utf8).write(to: blocker)
        let r = try ZooProcess.run(["train", "lstm-sine", "--epochs", "1", "-o", blocker.path])
        assertOneLine(r, "zoo train: \(blocker.path): a file of that name exists; -o names the output folder")
        XCTAssertEqual(r.stdout, "", "nothing trained")
        XCTAssertEqual(try String(contentsOf: blocker, encoding: .utf8), "keep")
    }

    /// A bundle converted in place keeps its card, metadata and data files, and still generates.
    func testBundleConvertedInPlaceKeepsEverything() throws {
        let shipped = Self.repository.appendingPathComponent("zoo/poetry-tang-lstm/0.4.0/poetry-tang-lstm.zoo")
        let bundle = folder.appendingPathComponent("poetry.zoo")
        try FileManager.default.copyItem(at: shipped, to: bundle)
        let before = try ZooProcess.run(["generate", "poetry", "--model", bundle.path, "--seed", "4", "--prompt", "春眠"])
        XCTAssertEqual(before.status, 0, before.stderr)
        let r = try ZooProcess.run(["convert", bundle.path, bundle.path, "--float16"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let info = try ZooProcess.run(["summary", bundle.path])
        XCTAssertEqual(info.status, 0, info.stderr)
        let after = try ZooProcess.run(["generate", "poetry", "--model", bundle.path, "--seed", "4", "--prompt", "春眠"])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertEqual(after.stdout, before.stdout, "same card, vocabulary and float16 weights")
        let simplified = try ZooProcess.run(["generate", "poetry", "--model", bundle.path, "--prompt", "春风"])
        XCTAssertEqual(simplified.status, 0, simplified.stderr)
        XCTAssertTrue(simplified.stdout.hasPrefix("春風"), "the s2t.tsv data file is still there: \(simplified.stdout)")
    }

    /// A file name carrying a terminal escape reaches stderr escaped, still on one line.
    func testControlCharactersInMessagesAreEscaped() throws {
        let name = folder.appendingPathComponent("clear\u{1B}[2J\nscreen.keras").path
        let r = try ZooProcess.run(["summary", name])
        XCTAssertEqual(r.status, 1)
        XCTAssertFalse(r.stderr.unicodeScalars.contains { $0.value == 0x1B }, r.stderr)
        XCTAssertTrue(r.stderr.contains("clear\\u{1B}[2J"), r.stderr)
        XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, r.stderr)
    }

    /// `zoo convert` killed while it writes (by a 1 MB file-size limit, SIGXFSZ, part-way through
    /// the 1.4 MB ONNX file of the shipped text model): no file under the final name and no
    /// half-written temporary file beside it (the bytes went to a file with no name).
    func testConvertKilledWhileWritingLeavesNothing() throws {
        let bundle = Self.repository.appendingPathComponent("zoo/text-shakespeare-lstm/0.1.0/text-shakespeare-lstm.zoo")
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let zoo = ZooProcess.productsFolder.appendingPathComponent("zoo").path
        let r = try ZooProcess.run(["convert", bundle.path, out.appendingPathComponent("text.onnx").path],
                                   executable: URL(fileURLWithPath: "/bin/sh"), prefix: ["-c", "ulimit -f 2000; exec \"$0\" \"$@\"", zoo])
        XCTAssertNotEqual(r.status, 0, "the 1 MB limit stops the write")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path), [])
    }
}
