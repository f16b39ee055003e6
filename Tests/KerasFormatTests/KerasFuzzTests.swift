import Foundation
import KerasFormat
import XCTest
import ZooCore

/// The Keras readers over mutated fixture files (byte flips, overwritten runs, truncations; a
/// seeded generator so every run is the same): each load must succeed or throw a ZooError whose
/// message names the file — never crash or hang. Bounded by count and by time
/// (`ZOO_FUZZ_SECONDS`, default 20). After a crash the mutated file is left in the temporary folder.
final class KerasFuzzTests: XCTestCase {
    func testMutatedFilesAreRefusedCleanly() throws {
        let dir = try TemporaryFolder()
        var rng = SeededGenerator(seed: 20261124)
        let sources = KerasFixtures.models.flatMap { name in KerasFixtures.layouts.map { name + $0.0 } }
        let deadline = Date().addingTimeInterval(Double(ProcessInfo.processInfo.environment["ZOO_FUZZ_SECONDS"] ?? "") ?? 20)
        var runs = 0, refused = 0
        while runs < 2000, Date() < deadline {
            let source = sources[Int(rng.next() % UInt64(sources.count))]
            var bytes = [UInt8](try Data(contentsOf: KerasFixtures.file(source)))
            switch rng.next() % 4 {
            case 0:
                for _ in 0..<(1 + rng.next() % 8) { bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(1 << (rng.next() % 8)) }
            case 1:
                let start = Int(rng.next() % UInt64(bytes.count))
                for i in start..<min(bytes.count, start + 1 + Int(rng.next() % 64)) { bytes[i] = UInt8(truncatingIfNeeded: rng.next()) }
            case 2:
                bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            default:
                let at = Int(rng.next() % UInt64(bytes.count))
                for i in at..<min(bytes.count, at + 8) { bytes[i] = [0x00, 0xff][Int(rng.next() % 2)] }
            }
            let url = dir.url.appendingPathComponent("m\(runs)-" + source)
            try Data(bytes).write(to: url)
            do {
                _ = try KerasModelFile.load(url, architecture: { _ in
                    try KerasModelFile.load(KerasFixtures.file(source.components(separatedBy: ".")[0] + ".keras")).model
                })
            } catch let error as ZooError {
                XCTAssertTrue(error.message.hasPrefix(url.path), "error does not name the file: \(error.message)")
                XCTAssertFalse(error.message.contains("\n"), "error is not one line: \(error.message)")
                refused += 1
            }
            try FileManager.default.removeItem(at: url)
            runs += 1
        }
        print("keras fuzz: \(runs) mutated files, \(refused) refused, \(runs - refused) loaded")
        XCTAssertGreaterThan(runs, 100)
    }
}
