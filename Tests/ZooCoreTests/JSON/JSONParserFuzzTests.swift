import Foundation
import XCTest
@testable import ZooCore

/// The JSON parser reads Keras configs, io.json files and cards from the wild: mutated documents
/// parse or throw one ZooError, never crash or hang (bounded by ZOO_FUZZ_SECONDS, default 5).
final class JSONParserFuzzTests: XCTestCase {
    func testMutatedDocumentsNeverCrashTheParser() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/keras")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
            .prefix(6).map { [UInt8](try Data(contentsOf: folder.appendingPathComponent($0)).prefix(20_000)) }
        XCTAssertFalse(seeds.isEmpty)
        let seconds = Double(ProcessInfo.processInfo.environment["ZOO_FUZZ_SECONDS"] ?? "") ?? 5
        let deadline = Date().addingTimeInterval(seconds)
        let tokens: [[UInt8]] = ["[", "]", "{", "}", "\"", "\\", ",", ":", "\\u", "\\ud800", "1e999", "-", "null", "\u{0}", "é"].map { Array($0.utf8) }
        var rng = SeededGenerator(seed: 5)
        var runs = 0, parsed = 0
        while Date() < deadline {
            var bytes = seeds[runs % seeds.count]
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(bytes.count + 1))
                switch rng.next() % 4 {
                case 0: if at < bytes.count { bytes[at] ^= UInt8(1 << (rng.next() % 8)) }
                case 1: bytes.removeLast(min(bytes.count, Int(rng.next() % 64)))
                case 2: bytes.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: at)
                default: if at < bytes.count { bytes.remove(at: at) }
                }
            }
            do {
                _ = try JSONValue.parse(Data(bytes))
                parsed += 1
            } catch let error as ZooError {
                XCTAssertFalse(error.message.contains("\n"), error.message)
            }
            runs += 1
        }
        for depth in [511, 512, 513, 100_000] {
            let nested = Data(String(repeating: "[", count: depth).utf8) + Data(String(repeating: "]", count: depth).utf8)
            if depth <= 512 { XCTAssertNoThrow(try JSONValue.parse(nested)) } else { XCTAssertThrowsError(try JSONValue.parse(nested)) }
        }
        print("JSON fuzz: \(runs) mutated documents, \(parsed) still parsed")
        XCTAssertGreaterThan(runs, 100)
    }
}
