import Archive
import Foundation
import XCTest
import ZooCore

/// Mutated copies of a real `.keras` archive either read or throw a ZooError; none crashes or hangs.
final class ZipFuzzTests: XCTestCase {
    func testMutatedKerasArchivesNeverCrash() throws {
        let original = try Array(Data(contentsOf: KerasArchiveTests.lstm))
        var rng = SeededGenerator(seed: 0x5EED)
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
            let name = "mutant-\(round).keras"
            do {
                let reader = try ZipReader(bytes: bytes, name: name)
                opened += 1
                for entry in reader.entries where entry.kind == .file {
                    do {
                        _ = try reader.read(entry.path)
                    } catch let error as ZooError {
                        XCTAssertTrue(error.message.hasPrefix("\(name): "), error.message)
                    }
                }
            } catch let error as ZooError {
                refused += 1
                XCTAssertTrue(error.message.hasPrefix("\(name): "), error.message)
            }
        }
        XCTAssertEqual(opened + refused, 300)
        XCTAssertGreaterThan(refused, 0)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "300 mutants should take well under 5 seconds")
    }
}
