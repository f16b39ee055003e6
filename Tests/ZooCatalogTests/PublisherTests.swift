import Archive
import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// `zoo publish` into a folder registry: the index entry, the card with the bundle's checksum,
/// replacing a version, concurrent publishes, and the refusals.
final class PublisherTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try CatalogFixtures.temporaryFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func publish(_ card: String?, as name: String = "bundle.zip") throws -> CatalogEntry {
        let bundle = folder.appendingPathComponent(name)
        try CatalogFixtures.bundle(card: card).write(to: bundle)
        return try Publisher(folder: folder.appendingPathComponent("registry")).publish(bundle)
    }

    func testPublishCreatesTheIndexThenReplacesTheSameVersion() throws {
        let first = try publish(#"{"name": "m", "version": "1.0.0", "family": "GRU", "task": "demo", "parameters": 42, "license": "MIT"}"#)
        let registry = folder.appendingPathComponent("registry")
        let cardFile = registry.appendingPathComponent("m/1.0.0/card.json")
        XCTAssertEqual(first, CatalogEntry(name: "m", version: "1.0.0", family: "GRU", task: "demo", summary: nil, parameters: 42, path: "m/1.0.0",
                                           cardSHA256: try CatalogFixtures.sha256sum(cardFile)))
        let card = try ModelCard(data: Data(contentsOf: cardFile), source: cardFile.path)
        XCTAssertEqual(card.json["license"], "MIT")
        XCTAssertEqual(card.files, [CardFile(name: "bundle.zip", size: Int64(try Data(contentsOf: folder.appendingPathComponent("bundle.zip")).count),
                                             sha256: try CatalogFixtures.sha256sum(folder.appendingPathComponent("bundle.zip")))])

        _ = try publish(#"{"name": "m", "version": "0.9.0"}"#)
        let replaced = try publish(#"{"name": "m", "version": "1.0.0", "summary": "retrained"}"#, as: "other.zip")
        let index = try Registry(registry.path).index()
        XCTAssertEqual(index.models.map(\.version), ["0.9.0", "1.0.0"])
        XCTAssertEqual(index.newest("m"), replaced)
        XCTAssertEqual(index.newest("m")?.summary, "retrained")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: registry.appendingPathComponent("m/1.0.0").path).sorted(), ["card.json", "other.zip"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: registry.appendingPathComponent("m").path).sorted(), ["0.9.0", "1.0.0"])
    }

    /// Eight publishes of different models into one registry at once: every entry is kept (each
    /// reads and rewrites index.json under the registry's lock).
    func testConcurrentPublishesKeepEveryEntry() throws {
        let registry = folder.appendingPathComponent("registry")
        let bundles = try (0..<8).map { i -> URL in
            let bundle = folder.appendingPathComponent("model-\(i).zip")
            try CatalogFixtures.bundle(card: #"{"name": "model-\#(i)", "version": "1.0.\#(i)"}"#).write(to: bundle)
            return bundle
        }
        let failures = NSLock()
        nonisolated(unsafe) var errors: [String] = []
        DispatchQueue.concurrentPerform(iterations: bundles.count) { i in
            do {
                _ = try Publisher(folder: registry).publish(bundles[i])
            } catch {
                failures.withLock { errors.append("\(error)") }
            }
        }
        XCTAssertEqual(errors, [])
        let index = try Registry(registry.path).index()
        XCTAssertEqual(index.models.map(\.reference), (0..<8).map { "model-\($0)@1.0.\($0)" })
        for entry in index.models {
            XCTAssertEqual(try Registry(registry.path).card(entry).card.files.first?.name, "model-\(entry.version.split(separator: ".").last ?? "").zip")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: registry.path).filter { !$0.hasPrefix("model-") }.sorted(), [".index.json.lock", "index.json"])
    }

    /// A bundle no zoo would read is refused before anything is written: a member whose path
    /// leaves the folder (the name patched in both headers after ZipWriter, which refuses it),
    /// a member whose data no longer matches its CRC.
    func testBundlesNoZooWouldReadAreRefused() throws {
        let card = #"{"name": "m", "version": "1.0.0"}"#
        var zip = ZipWriter()
        zip.add("card.json", data: Array(card.utf8))
        zip.add("aa/evil", data: Array("x".utf8))
        let escaping = Data(try zip.bytes()), planted = Data("aa/evil".utf8)
        var patched = escaping
        while let found = patched.range(of: planted) { patched.replaceSubrange(found, with: Data("../evil".utf8)) }
        let bundle = folder.appendingPathComponent("bundle.zip")
        try patched.write(to: bundle)
        XCTAssertThrowsError(try Publisher(folder: folder.appendingPathComponent("registry")).publish(bundle)) { error in
            XCTAssertEqual("\(error)", "\(bundle.path): member '../evil' has a '..' component; a bundle holds plain files under relative paths, and no zoo reads this one")
        }

        var damaged = try CatalogFixtures.bundle(card: card)
        damaged[damaged.startIndex + 1_000] ^= 0x01
        try damaged.write(to: bundle)
        XCTAssertThrowsError(try Publisher(folder: folder.appendingPathComponent("registry")).publish(bundle)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(bundle.path): cannot read member 'model.weights.h5': "), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("registry").path))
    }

    func testRefusals() throws {
        XCTAssertThrowsError(try publish(nil)) { error in
            XCTAssertEqual("\(error)", "\(self.folder.appendingPathComponent("bundle.zip").path): no card.json in the bundle")
        }
        XCTAssertThrowsError(try publish(#"{"version": "1"}"#)) { error in
            XCTAssertEqual("\(error)", "\(self.folder.appendingPathComponent("bundle.zip").path): card.json: a model card needs a string \"name\" and \"version\"")
        }
        XCTAssertThrowsError(try publish(#"{"name": "../up", "version": "1"}"#))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("registry/index.json").path))
    }
}
