import Archive
import Foundation
import XCTest
import ZooCore

/// Reading the real `.keras` archives Keras wrote.
final class KerasArchiveTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: "/work/shared/fixtures/keras")
    static let lstm = fixtures.appendingPathComponent("lstm_regressor.keras")

    func testListsTheKerasMembers() throws {
        let reader = try ZipReader(contentsOf: Self.lstm)
        XCTAssertEqual(reader.entries, [
            ZipEntry(path: "metadata.json", size: 64, kind: .file),
            ZipEntry(path: "config.json", size: 4814, kind: .file),
            ZipEntry(path: "model.weights.h5", size: 43512, kind: .file),
        ])
    }

    func testReadsMetadataConfigAndWeights() throws {
        let reader = try ZipReader(contentsOf: Self.lstm)
        let metadata = try JSONSerialization.jsonObject(with: Data(try reader.read("metadata.json"))) as? [String: Any]
        XCTAssertNotNil(metadata?["keras_version"] as? String)
        let config = try JSONSerialization.jsonObject(with: Data(try reader.read("config.json"))) as? [String: Any]
        XCTAssertNotNil(config?["class_name"])
        let weights = try reader.read("model.weights.h5")
        XCTAssertEqual(weights.count, 43512)
        XCTAssertEqual(Array(weights.prefix(4)), [0x89, 0x48, 0x44, 0x46])
    }

    func testFileAndMemoryReadersAgree() throws {
        let bytes = try Array(Data(contentsOf: Self.lstm))
        let fromFile = try ZipReader(contentsOf: Self.lstm)
        let fromMemory = try ZipReader(bytes: bytes, name: "lstm_regressor.keras")
        XCTAssertEqual(fromFile.entries, fromMemory.entries)
        for entry in fromFile.entries {
            XCTAssertEqual(try fromFile.read(entry.path), try fromMemory.read(entry.path), entry.path)
        }
    }

    func testExtractsTheKerasArchive() throws {
        let dir = try TemporaryDirectory("zip-keras")
        defer { dir.remove() }
        let reader = try ZipReader(contentsOf: Self.lstm)
        try reader.extract(to: dir.url.appendingPathComponent("out"))
        XCTAssertEqual(dir.contents(), ["out", "out/config.json", "out/metadata.json", "out/model.weights.h5"])
        for entry in reader.entries {
            let written = try Data(contentsOf: dir.url.appendingPathComponent("out/\(entry.path)"))
            XCTAssertEqual(Array(written), try reader.read(entry.path), entry.path)
        }
    }

    func testEveryKerasFixtureReads() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".keras") }
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let reader = try ZipReader(contentsOf: Self.fixtures.appendingPathComponent(name))
            XCTAssertTrue(reader.contains("config.json"), name)
            for entry in reader.entries {
                XCTAssertEqual(try reader.read(entry.path).count, entry.size, "\(name): \(entry.path)")
            }
        }
    }
}
