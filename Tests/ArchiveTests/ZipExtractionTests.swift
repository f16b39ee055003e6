import Archive
import Foundation
import XCTest
import ZooCore

/// `ZipReader.extract(to:)` writes safe archives and refuses unsafe ones before writing anything.
final class ZipExtractionTests: XCTestCase {
    private var workspace: TemporaryDirectory!
    private var destination: URL { workspace.url.appendingPathComponent("dest") }

    override func setUpWithError() throws {
        workspace = try TemporaryDirectory("zip-extract")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
    }

    override func tearDown() {
        workspace.remove()
    }

    /// Writes a zip with Python's zipfile: each member is (name, data, unix mode or nil).
    private func pythonZip(_ name: String, _ members: [(String, String, Int?)]) throws -> URL {
        let url = workspace.url.appendingPathComponent(name)
        let spec = members.map { "(\(pyString($0.0)), \(pyString($0.1)), \($0.2.map(String.init) ?? "None"))" }.joined(separator: ", ")
        let script = """
        import sys, zipfile, warnings
        warnings.simplefilter('ignore')
        with zipfile.ZipFile(sys.argv[1], 'w') as z:
            for name, data, mode in [\(spec)]:
                info = zipfile.ZipInfo(name)
                if mode is not None:
                    info.external_attr = mode << 16
                z.writestr(info, data)
        """
        _ = try Python.run(script, [url.path])
        return url
    }

    private func pyString(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// Asserts that extracting `archive` throws a one-line ZooError naming the archive, `entry` and
    /// `reason`, and that nothing was written inside or next to the destination (the workspace holds
    /// both) nor at `/abs.txt`. libarchive reports backslashes as `/`, so `entry` is as it lists it.
    private func assertRefused(_ archive: URL, naming entry: String, because reason: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = workspace.contents()
        let reader = try ZipReader(contentsOf: archive)
        XCTAssertThrowsError(try reader.extract(to: destination), file: file, line: line) { error in
            guard let error = error as? ZooError else {
                return XCTFail("not a ZooError: \(error)", file: file, line: line)
            }
            XCTAssertTrue(error.message.hasPrefix("\(archive.path): refusing to extract"), error.message, file: file, line: line)
            XCTAssertTrue(error.message.contains("'\(entry)'"), error.message, file: file, line: line)
            XCTAssertTrue(error.message.contains(reason), error.message, file: file, line: line)
            XCTAssertFalse(error.message.contains("\n"), file: file, line: line)
        }
        XCTAssertEqual(workspace.contents(), before, "nothing written", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/abs.txt"), file: file, line: line)
    }

    func testExtractsFilesAndDirectories() throws {
        let archive = try pythonZip("good.zip", [
            ("top.txt", "top", nil),
            ("d/", "", 0o40755),
            ("d/e/deep.bin", "deep", 0o100600),
            ("./dot/f.txt", "dot", nil),
            ("empty.txt", "", nil),
        ])
        let reader = try ZipReader(contentsOf: archive)
        XCTAssertEqual(reader.entries.map(\.kind), [.file, .directory, .file, .file, .file])
        try reader.extract(to: destination)
        XCTAssertEqual(try String(contentsOf: destination.appendingPathComponent("top.txt"), encoding: .utf8), "top")
        XCTAssertEqual(try String(contentsOf: destination.appendingPathComponent("d/e/deep.bin"), encoding: .utf8), "deep")
        XCTAssertEqual(try String(contentsOf: destination.appendingPathComponent("dot/f.txt"), encoding: .utf8), "dot")
        XCTAssertEqual(try Data(contentsOf: destination.appendingPathComponent("empty.txt")).count, 0)
        XCTAssertEqual(workspace.contents().filter { $0.hasPrefix("dest") }, [
            "dest", "dest/d", "dest/d/e", "dest/d/e/deep.bin", "dest/dot", "dest/dot/f.txt", "dest/empty.txt", "dest/top.txt",
        ])
    }

    func testRefusesParentTraversal() throws {
        let archive = try pythonZip("dotdot.zip", [("ok.txt", "fine", nil), ("../evil.txt", "owned", nil)])
        try assertRefused(archive, naming: "../evil.txt", because: "'..'")
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.url.appendingPathComponent("evil.txt").path))
    }

    func testRefusesAbsolutePath() throws {
        let archive = try pythonZip("abs.zip", [("ok.txt", "fine", nil), ("/abs.txt", "owned", nil)])
        try assertRefused(archive, naming: "/abs.txt", because: "absolute")
    }

    func testRefusesTraversalHiddenInsideAPath() throws {
        let archive = try pythonZip("nested.zip", [("ok.txt", "fine", nil), ("a/../../x", "owned", nil)])
        try assertRefused(archive, naming: "a/../../x", because: "'..'")
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.url.appendingPathComponent("x").path))
    }

    func testRefusesSymlinkEntry() throws {
        let archive = try pythonZip("symlink.zip", [("ok.txt", "fine", nil), ("link", "/etc/passwd", 0o120777)])
        XCTAssertEqual(try ZipReader(contentsOf: archive).entries.map(\.kind), [.file, .symlink])
        try assertRefused(archive, naming: "link", because: "symbolic link")
    }

    func testRefusesWritingThroughAnExistingSymlink() throws {
        let outside = workspace.url.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: destination.appendingPathComponent("escape"), withDestinationURL: outside)
        let archive = try pythonZip("through.zip", [("escape/owned.txt", "owned", nil)])
        try assertRefused(archive, naming: "escape/owned.txt", because: "symbolic link")
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside.appendingPathComponent("owned.txt").path))
    }

    func testRefusesEmptyAndClashingPaths() throws {
        try assertRefused(try pythonZip("dot.zip", [("ok.txt", "fine", nil), ("./", "", nil)]), naming: "./", because: "empty")
        try assertRefused(try pythonZip("clash.zip", [("x", "file", nil), ("x/y", "file", nil)]), naming: "x", because: "both a file and a directory")
        try assertRefused(try pythonZip("backslash.zip", [("a\\..\\..\\b", "x", nil)]), naming: "a/../../b", because: "'..'")
    }

    /// One member name stored twice (or as "x" and "./x"): refused when the archive is opened, so
    /// that zoo never vouches for one copy while Keras (Python's zipfile: the last) runs the other.
    func testRefusesDuplicateMemberNamesWhenOpened() throws {
        for (name, members) in [("twice.zip", [("t.txt", "one", nil as Int?), ("t.txt", "two", nil)]),
                                ("dotted.zip", [("config.json", "{}", nil), ("./config.json", "{\"b\": 1}", nil)])] {
            let archive = try pythonZip(name, members)
            XCTAssertThrowsError(try ZipReader(contentsOf: archive)) { error in
                let message = (error as? ZooError)?.message ?? ""
                XCTAssertTrue(message.hasPrefix("\(archive.path): refusing an archive that stores member"), message)
                XCTAssertTrue(message.contains("twice"), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
    }

    func testRefusesWhenDeclaredSizesExceedTheLimit() throws {
        let reader = try ZipReader(contentsOf: KerasArchiveTests.lstm, maxTotalBytes: 10_000)
        let before = workspace.contents()
        XCTAssertThrowsError(try reader.extract(to: destination)) { error in
            let message = (error as? ZooError)?.message ?? ""
            XCTAssertTrue(message.hasPrefix("\(KerasArchiveTests.lstm.path): refusing to extract"), message)
            XCTAssertTrue(message.contains("10000 bytes"), message)
        }
        XCTAssertEqual(workspace.contents(), before)
    }
}
