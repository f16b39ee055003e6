import Archive
import Foundation
import XCTest
import ZooCore

/// Mutated copies of a real `.keras` archive, as Keras stores it and with its members deflated,
/// either read or throw a ZooError; none crashes or hangs.
final class ZipFuzzTests: XCTestCase {
    func testMutatedKerasArchivesNeverCrash() throws {
        try fuzz(try Array(Data(contentsOf: KerasArchiveTests.lstm)), seed: 0x5EED, label: "mutant")
    }

    func testMutatedDeflatedKerasArchivesNeverCrash() throws {
        let stored = try ZipReader(contentsOf: KerasArchiveTests.lstm)
        var writer = ZipWriter(compression: .deflate(level: 9))
        for entry in stored.entries {
            writer.add(entry.path, data: try stored.read(entry.path))
        }
        try fuzz(try writer.bytes(), seed: 0xDEF1A7E, label: "deflated-mutant")
    }

    /// Opens 300 mutants of `original` (bytes flipped, the end cut off, or both) and reads every
    /// member of each that opens: every failure is a ZooError naming the mutant.
    private func fuzz(_ original: [UInt8], seed: UInt64, label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        var rng = SeededGenerator(seed: seed)
        var opened = 0
        var refused = 0
        let start = Date()
        for round in 0..<300 {
            var bytes = original
            let mutation = round % 3
            if mutation != 1 {
                for _ in 0..<Int.random(in: 1...16, using: &rng) {
                    let offset = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes[offset] ^= UInt8.random(in: 1...255, using: &rng)
                }
            }
            if mutation != 0 {
                bytes.removeLast(Int.random(in: 1..<bytes.count, using: &rng))
            }
            let name = "\(label)-\(round).keras"
            do {
                let reader = try ZipReader(bytes: bytes, name: name)
                opened += 1
                for entry in reader.entries where entry.kind == .file {
                    do {
                        _ = try reader.read(entry.path)
                    } catch let error as ZooError {
                        XCTAssertTrue(error.message.hasPrefix("\(name): "), error.message, file: file, line: line)
                    }
                }
            } catch let error as ZooError {
                refused += 1
                XCTAssertTrue(error.message.hasPrefix("\(name): "), error.message, file: file, line: line)
            }
        }
        XCTAssertEqual(opened + refused, 300, file: file, line: line)
        XCTAssertGreaterThan(refused, 0, file: file, line: line)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "300 mutants should take well under 5 seconds", file: file, line: line)
    }
}
