import Archive
import Foundation
import XCTest
import ZooCore

/// Broken, hostile or non-zip input gives a one-line ZooError naming the archive, never a crash.
final class ZipCorruptionTests: XCTestCase {
    private var keras: [UInt8] = []

    override func setUpWithError() throws {
        keras = try Array(Data(contentsOf: KerasArchiveTests.lstm))
    }

    /// Opens `bytes` as `name` and reads every member, returning the first error thrown.
    private func firstError(_ bytes: [UInt8], name: String) -> Error? {
        do {
            let reader = try ZipReader(bytes: bytes, name: name)
            for entry in reader.entries where entry.kind == .file {
                _ = try reader.read(entry.path)
            }
            return nil
        } catch {
            return error
        }
    }

    private func assertZooError(_ error: Error?, name: String, mentioning detail: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        guard let error = error as? ZooError else {
            return XCTFail("expected a ZooError, got \(String(describing: error))", file: file, line: line)
        }
        XCTAssertTrue(error.message.hasPrefix("\(name): "), error.message, file: file, line: line)
        XCTAssertFalse(error.message.contains("\n"), error.message, file: file, line: line)
        if let detail {
            XCTAssertTrue(error.message.contains(detail), error.message, file: file, line: line)
        }
    }

    func testTruncatedArchiveThrows() {
        let half = Array(keras.prefix(keras.count / 2))
        assertZooError(firstError(half, name: "half.keras"), name: "half.keras")
    }

    func testRandomBytesThrow() {
        var rng = SeededGenerator(seed: 7)
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
        assertZooError(firstError(noise, name: "noise.bin"), name: "noise.bin", mentioning: "cannot open as a zip archive")
    }

    func testBitFlipInMemberDataThrows() {
        var flipped = keras
        flipped[30_000] ^= 0x10
        let error = firstError(flipped, name: "flipped.keras")
        assertZooError(error, name: "flipped.keras", mentioning: "'model.weights.h5'")
    }

    func testBitFlipInCentralDirectoryDoesNotCrash() {
        for offset in stride(from: keras.count - 200, to: keras.count, by: 7) {
            var flipped = keras
            flipped[offset] ^= 0xFF
            if let error = firstError(flipped, name: "cd.keras") {
                assertZooError(error, name: "cd.keras")
            }
        }
    }

    func testEmptyTextAndMissingInputsThrow() {
        assertZooError(firstError([], name: "empty.zip"), name: "empty.zip", mentioning: "empty")
        assertZooError(firstError(Array("just some text\n".utf8), name: "notes.txt"), name: "notes.txt")
        let missing = URL(fileURLWithPath: "/nonexistent/dir/model.keras")
        XCTAssertThrowsError(try ZipReader(contentsOf: missing)) { error in
            assertZooError(error, name: missing.path, mentioning: "cannot open")
        }
    }

    func testReadingPastTheTotalLimitThrows() throws {
        let reader = try ZipReader(bytes: keras, name: "small-limit.keras", maxTotalBytes: 10_000)
        XCTAssertEqual(try reader.read("config.json").count, 4814)
        XCTAssertThrowsError(try reader.read("model.weights.h5")) { error in
            assertZooError(error, name: "small-limit.keras", mentioning: "declares 43512 bytes, more than 10000 (the limit of 10000 bytes")
        }
    }

    func testMemberLargerThanItsHeaderThrows() throws {
        let dir = try TemporaryDirectory("zip-liar")
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("liar.zip")
        let script = """
        import sys, zipfile, struct
        path = sys.argv[1]
        with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('bomb.bin', b'\\0' * 100000)
        data = bytearray(open(path, 'rb').read())
        local = data.find(b'PK\\x03\\x04')
        central = data.find(b'PK\\x01\\x02')
        struct.pack_into('<I', data, local + 22, 100)
        struct.pack_into('<I', data, central + 24, 100)
        open(path, 'wb').write(data)
        """
        _ = try Python.run(script, [url.path])
        let reader = try ZipReader(contentsOf: url)
        XCTAssertEqual(reader.entries, [ZipEntry(path: "bomb.bin", size: 100, kind: .file)])
        XCTAssertThrowsError(try reader.read("bomb.bin")) { error in
            assertZooError(error, name: url.path, mentioning: "'bomb.bin'")
        }
        let out = dir.url.appendingPathComponent("out")
        XCTAssertThrowsError(try reader.extract(to: out)) { error in
            assertZooError(error, name: url.path, mentioning: "'bomb.bin'")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("bomb.bin").path))
    }

    /// A zip bomb from our own writer: 8 MiB of zeros deflated to a few kilobytes. Its honest
    /// header is refused before anything is inflated; with the header patched to declare 1,000
    /// bytes, reading stops at the first chunk past them. Both in one line, nothing extracted.
    func testDeflatedBombIsRefusedByItsHeaderOrStoppedAtIt() throws {
        var writer = ZipWriter(compression: .deflate(level: 9))
        writer.add("bomb.bin", data: [UInt8](repeating: 0, count: 8 << 20))
        let honest = try writer.bytes()
        XCTAssertLessThan(honest.count, 16_384, "8 MiB of zeros deflate to \(honest.count) bytes")
        let limited = try ZipReader(bytes: honest, name: "bomb.zip", maxTotalBytes: 1 << 20)
        XCTAssertThrowsError(try limited.read("bomb.bin")) { error in
            assertZooError(error, name: "bomb.zip", mentioning: "member 'bomb.bin' declares 8388608 bytes, more than 1048576 (the limit of 1048576 bytes")
        }
        let dir = try TemporaryDirectory("zip-bomb")
        defer { dir.remove() }
        XCTAssertThrowsError(try limited.extract(to: dir.url)) { error in
            assertZooError(error, name: "bomb.zip", mentioning: "the members declare more than 1048576 bytes in total")
        }
        XCTAssertEqual(dir.contents(), [])

        let liar = try declaring(1000, honest)
        let reader = try ZipReader(bytes: liar, name: "liar.zip")
        XCTAssertEqual(reader.entries, [ZipEntry(path: "bomb.bin", size: 1000, kind: .file)])
        XCTAssertThrowsError(try reader.read("bomb.bin")) { error in
            assertZooError(error, name: "liar.zip", mentioning: "member 'bomb.bin' holds more than 1000 bytes (the size its header declares)")
        }
        XCTAssertThrowsError(try reader.extract(to: dir.url)) { error in
            assertZooError(error, name: "liar.zip", mentioning: "'bomb.bin'")
        }
        XCTAssertEqual(dir.contents(), [])
    }

    /// `archive` (one member written by `ZipWriter`) with the uncompressed size in its local
    /// header, its data descriptor and its central directory header set to `size` (libarchive
    /// refuses headers that disagree).
    private func declaring(_ size: UInt32, _ archive: [UInt8]) throws -> [UInt8] {
        var bytes = archive
        func offset(of signature: [UInt8]) throws -> Int {
            try XCTUnwrap((0...(bytes.count - 4)).first { Array(bytes[$0..<($0 + 4)]) == signature }, "signature \(signature)")
        }
        let fields = [try offset(of: [0x50, 0x4B, 0x03, 0x04]) + 22, try offset(of: [0x50, 0x4B, 0x07, 0x08]) + 12,
                      try offset(of: [0x50, 0x4B, 0x01, 0x02]) + 24]
        for field in fields {
            for byte in 0..<4 {
                bytes[field + byte] = UInt8(truncatingIfNeeded: size >> (8 * byte))
            }
        }
        return bytes
    }
}
