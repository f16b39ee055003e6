import Archive
import Foundation
import XCTest
import ZooCore

/// ZipWriter output read back by ZipReader and by Python's zipfile.
final class ZipRoundTripTests: XCTestCase {
    private let binary: [UInt8] = (0..<1000).map { UInt8(($0 * 37 + 11) % 256) }

    /// 64 KiB of a repeated sentence: deflate shrinks it to a few hundred bytes.
    private let text: [UInt8] = Array(String(repeating: "the quick brown fox jumps over the lazy dog\n", count: 1490).utf8)

    private func sampleWriter(_ compression: ZipCompression = .stored) -> ZipWriter {
        var writer = ZipWriter(compression: compression)
        writer.add("a.txt", data: Array("hello zip\n".utf8))
        writer.add("empty.bin", data: [])
        writer.add("nested/dir/weights.bin", data: binary)
        writer.add("nested/other.json", data: Array("{\"k\": [1, 2, 3]}".utf8))
        writer.add("unicodé/名前.txt", data: [0, 255, 0, 255])
        return writer
    }

    func testRoundTripThroughMemory() throws {
        let bytes = try sampleWriter().bytes()
        let reader = try ZipReader(bytes: bytes, name: "sample.zip")
        XCTAssertEqual(reader.entries.map(\.path), ["a.txt", "empty.bin", "nested/dir/weights.bin", "nested/other.json", "unicodé/名前.txt"])
        XCTAssertEqual(reader.entries.map(\.size), [10, 0, 1000, 16, 4])
        XCTAssertTrue(reader.entries.allSatisfy { $0.kind == .file })
        XCTAssertEqual(try reader.read("a.txt"), Array("hello zip\n".utf8))
        XCTAssertEqual(try reader.read("empty.bin"), [])
        XCTAssertEqual(try reader.read("nested/dir/weights.bin"), binary)
        XCTAssertEqual(String(decoding: try reader.read("nested/other.json"), as: UTF8.self), "{\"k\": [1, 2, 3]}")
        XCTAssertEqual(try reader.read("unicodé/名前.txt"), [0, 255, 0, 255])
        XCTAssertTrue(reader.contains("nested/dir/weights.bin"))
        XCTAssertFalse(reader.contains("nested/dir"))
    }

    func testRoundTripThroughFile() throws {
        let dir = try TemporaryDirectory("zip-roundtrip")
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("out.zip")
        try sampleWriter().write(to: url)
        XCTAssertEqual(dir.contents(), ["out.zip"], "no temporary file is left behind")
        let reader = try ZipReader(contentsOf: url)
        XCTAssertEqual(reader.name, url.path)
        XCTAssertEqual(try reader.read("nested/dir/weights.bin"), binary)
        XCTAssertEqual(try Array(Data(contentsOf: url)), try sampleWriter().bytes())
    }

    func testOutputIsReproducibleAndEndsWithTheEndOfCentralDirectory() throws {
        let first = try sampleWriter().bytes()
        let second = try sampleWriter().bytes()
        XCTAssertEqual(first, second)
        XCTAssertGreaterThanOrEqual(first.count, 22)
        XCTAssertEqual(Array(first[(first.count - 22)..<(first.count - 18)]), [0x50, 0x4B, 0x05, 0x06], "no padding after the end record")
        var later = ZipWriter(modificationDate: Date(timeIntervalSince1970: 1_700_000_000))
        later.add("a.txt", data: Array("hello zip\n".utf8))
        var epoch = ZipWriter()
        epoch.add("a.txt", data: Array("hello zip\n".utf8))
        XCTAssertNotEqual(try later.bytes(), try epoch.bytes())
    }

    func testDeflatedMembersReadBackAndGiveTheSameBytesEveryTime() throws {
        var stored = sampleWriter()
        var deflated = sampleWriter(.deflate(level: 9))
        stored.add("text.txt", data: text)
        deflated.add("text.txt", data: text)
        let bytes = try deflated.bytes()
        XCTAssertEqual(bytes, try deflated.bytes())
        let reader = try ZipReader(bytes: bytes, name: "deflated.zip")
        XCTAssertEqual(reader.entries.map(\.size), [10, 0, 1000, 16, 4, 65560])
        XCTAssertEqual(try reader.read("text.txt"), text)
        XCTAssertEqual(try reader.read("nested/dir/weights.bin"), binary)
        XCTAssertEqual(try reader.read("empty.bin"), [])
        let storedCount = try stored.bytes().count
        XCTAssertLessThan(bytes.count, storedCount - 64_000, "the repeated text deflates: \(bytes.count) vs \(storedCount) bytes")
        print("ZIP deflate level 9: \(storedCount) bytes stored, \(bytes.count) deflated")
        XCTAssertNotEqual(try sampleWriter(.deflate(level: 1)).bytes(), try sampleWriter().bytes())
        for level in [0, 10] {
            XCTAssertThrowsError(try sampleWriter(.deflate(level: level)).bytes()) { error in
                XCTAssertEqual((error as? ZooError)?.message, "zip archive in memory: cannot deflate at level \(level): the levels are 1 to 9")
            }
        }
    }

    func testEmptyArchive() throws {
        let bytes = try ZipWriter().bytes()
        let reader = try ZipReader(bytes: bytes, name: "empty.zip")
        XCTAssertEqual(reader.entries, [])
        let dir = try TemporaryDirectory("zip-empty")
        defer { dir.remove() }
        try reader.extract(to: dir.url)
        XCTAssertEqual(dir.contents(), [])
    }

    func testMissingMemberIsNamed() throws {
        let reader = try ZipReader(bytes: try sampleWriter().bytes(), name: "sample.zip")
        XCTAssertThrowsError(try reader.read("nope.txt")) { error in
            XCTAssertEqual((error as? ZooError)?.message, "sample.zip: no member 'nope.txt'")
        }
    }

    func testWriterRefusesUnsafeOrAmbiguousPaths() {
        let cases: [([String], String)] = [
            (["../evil"], "'../evil'"),
            (["/abs"], "'/abs'"),
            ([""], "''"),
            (["a//b"], "'a//b'"),
            (["dir/"], "'dir/'"),
            (["a\\b"], "'a\\b'"),
            (["x", "x"], "'x'"),
            (["d", "d/f"], "'d'"),
        ]
        for (paths, named) in cases {
            var writer = ZipWriter()
            for path in paths {
                writer.add(path, data: [1])
            }
            XCTAssertThrowsError(try writer.bytes(), "\(paths)") { error in
                let message = (error as? ZooError)?.message ?? ""
                XCTAssertTrue(message.hasPrefix("zip archive in memory: "), message)
                XCTAssertTrue(message.contains(named), message)
            }
        }
    }

    /// Python's zipfile (Keras's reader) reads the stored and the deflated archive alike.
    func testPythonZipfileReadsStoredAndDeflatedMembers() throws {
        let dir = try TemporaryDirectory("zip-python")
        defer { dir.remove() }
        let stored = dir.url.appendingPathComponent("py.zip"), deflated = dir.url.appendingPathComponent("py-deflated.zip")
        try sampleWriter().write(to: stored)
        try sampleWriter(.deflate(level: 9)).write(to: deflated)
        let script = """
        import zipfile, sys, hashlib
        for path in sys.argv[2:]:
            z = zipfile.ZipFile(path)
            assert z.testzip() is None
            print([(i.filename, i.compress_type, i.file_size) for i in z.infolist()])
            print(z.read('a.txt'))
            print(hashlib.sha256(z.read('nested/dir/weights.bin')).hexdigest())
        print(hashlib.sha256(bytes(int(b) for b in sys.argv[1].split(','))).hexdigest())
        """
        let lines = try Python.run(script, [binary.map(String.init).joined(separator: ","), stored.path, deflated.path])
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 7)
        guard lines.count == 7 else { return }
        XCTAssertEqual(lines[0], "[('a.txt', 0, 10), ('empty.bin', 0, 0), ('nested/dir/weights.bin', 0, 1000), ('nested/other.json', 0, 16), ('unicodé/名前.txt', 0, 4)]")
        XCTAssertEqual(lines[3], "[('a.txt', 8, 10), ('empty.bin', 8, 0), ('nested/dir/weights.bin', 8, 1000), ('nested/other.json', 8, 16), ('unicodé/名前.txt', 8, 4)]")
        for line in [lines[1], lines[4]] {
            XCTAssertEqual(line, "b'hello zip\\n'")
        }
        XCTAssertEqual(lines[2], lines[6], "the stored member is the bytes written")
        XCTAssertEqual(lines[5], lines[6], "the deflated member is the bytes written")
    }
}
