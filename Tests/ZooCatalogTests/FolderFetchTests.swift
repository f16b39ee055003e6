import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// Fetch from a folder registry into a real cache folder: verified installs, the failures (each
/// one line, nothing visible, the next fetch succeeding once the registry is fixed), offline
/// use, verify / rm / prune.
final class FolderFetchTests: XCTestCase {
    private var folder: URL!
    private var registryFolder: URL { folder.appendingPathComponent("registry") }
    private var cache: ModelCache { ModelCache(root: folder.appendingPathComponent("home")) }
    private var weightsFile: URL { registryFolder.appendingPathComponent("tiny-lstm/1.0.0/weights.bin") }

    override func setUpWithError() throws {
        folder = try CatalogFixtures.temporaryFolder()
        try CatalogFixtures.writeRegistry(registryFolder, [CatalogFixtures.standardModel()])
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func fetcher() throws -> Fetcher {
        Fetcher(registry: try Registry(registryFolder.path), cache: cache)
    }

    /// Fetch fails with exactly `message` (one line) and adds no model to the cache.
    private func assertFetchFails(_ reference: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = cache.models().map(\.reference)
        XCTAssertThrowsError(try fetcher().fetch(ModelReference(parsing: reference)), file: file, line: line) { error in
            XCTAssertEqual("\(error)", message, file: file, line: line)
            XCTAssertFalse("\(error)".contains("\n"), file: file, line: line)
        }
        XCTAssertEqual(cache.models().map(\.reference), before, "a failed fetch left a visible model", file: file, line: line)
    }

    func testFetchInstallsVerifiedFilesAndIsThenOffline() throws {
        let result = try fetcher().fetch(ModelReference(parsing: "tiny-lstm"))
        XCTAssertEqual(result.model.reference, "tiny-lstm@1.0.0")
        XCTAssertEqual(result.transferred, Int64(CatalogFixtures.weights.count + CatalogFixtures.vocabulary.count))
        XCTAssertEqual(try Data(contentsOf: result.model.folder.appendingPathComponent("weights.bin")), CatalogFixtures.weights)
        XCTAssertEqual(try CatalogFixtures.sha256sum(result.model.folder.appendingPathComponent("weights.bin")), SHA256.hex(CatalogFixtures.weights))
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: result.model.folder.path)), ["card.json", ".card.sha256", "weights.bin", "vocab.txt"])
        XCTAssertEqual(try String(contentsOf: result.model.folder.appendingPathComponent(".card.sha256"), encoding: .utf8),
                       SHA256.hex(try Data(contentsOf: registryFolder.appendingPathComponent("tiny-lstm/1.0.0/card.json"))) + "\n")
        XCTAssertTrue(cache.partials().isEmpty)

        try FileManager.default.removeItem(at: registryFolder)
        let pinned = try fetcher().fetch(ModelReference(parsing: "tiny-lstm@1.0.0"))
        XCTAssertEqual(pinned.transferred, 0)
        XCTAssertNil(pinned.offlineReason)
        let newest = try fetcher().fetch(ModelReference(parsing: "tiny-lstm"))
        XCTAssertEqual(newest.model.reference, "tiny-lstm@1.0.0")
        XCTAssertEqual(newest.offlineReason, "registry \(registryFolder.path): no such folder")
        try assertFetchFails("tiny-lstm@2.0.0", "tiny-lstm@2.0.0: registry \(registryFolder.path): no such folder; nothing was installed")
    }

    func testNameMeansTheNewestVersion() throws {
        try CatalogFixtures.writeRegistry(registryFolder, [CatalogFixtures.standardModel(version: "0.9.1"), CatalogFixtures.standardModel(version: "0.10.0")])
        XCTAssertEqual(try fetcher().fetch(ModelReference(parsing: "tiny-lstm")).model.version, "0.10.0")
        XCTAssertEqual(try fetcher().fetch(ModelReference(parsing: "tiny-lstm@0.9.1")).model.version, "0.9.1")
        XCTAssertThrowsError(try fetcher().fetch(ModelReference(parsing: "tiny-lstm@0.3"))) { error in
            XCTAssertEqual("\(error)", "tiny-lstm@0.3: not in the registry \(registryFolder.path) (versions there: 0.9.1, 0.10.0)")
        }
    }

    func testTamperedByteFailsThenTheFixedRegistryWorks() throws {
        try CatalogFixtures.flipping(CatalogFixtures.weights, at: 777_777).write(to: weightsFile)
        let good = SHA256.hex(CatalogFixtures.weights), bad = SHA256.hex(CatalogFixtures.flipping(CatalogFixtures.weights, at: 777_777))
        try assertFetchFails("tiny-lstm", "tiny-lstm@1.0.0: weights.bin: sha256 mismatch (expected \(good.prefix(16))…, got \(bad.prefix(16))…) from \(weightsFile.path); nothing was installed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache.root.appendingPathComponent("partial/tiny-lstm@1.0.0/weights.bin").path),
                       "the wrong file must not be resumed")
        try CatalogFixtures.weights.write(to: weightsFile)
        XCTAssertEqual(try fetcher().fetch(ModelReference(parsing: "tiny-lstm")).model.problems(), [])
    }

    func testMissingShortAndLongFilesFail() throws {
        try FileManager.default.removeItem(at: weightsFile)
        try assertFetchFails("tiny-lstm", "tiny-lstm@1.0.0: weights.bin: \(weightsFile.path): no such file; nothing was installed")
        try CatalogFixtures.weights.prefix(1000).write(to: weightsFile)
        try assertFetchFails("tiny-lstm", "tiny-lstm@1.0.0: weights.bin: 1,000 bytes arrived from \(weightsFile.path), the card lists 1,500,000; nothing was installed")
        try (CatalogFixtures.weights + Data([1, 2, 3])).write(to: weightsFile)
        try assertFetchFails("tiny-lstm", "tiny-lstm@1.0.0: weights.bin: 1,500,001 bytes arrived from \(weightsFile.path), the card lists 1,500,000; nothing was installed")
        try CatalogFixtures.weights.write(to: weightsFile)
        XCTAssertEqual(try fetcher().fetch(ModelReference(parsing: "tiny-lstm")).transferred, 1_500_006)
    }

    func testWrongCardChecksumsFail() throws {
        let card = registryFolder.appendingPathComponent("tiny-lstm/1.0.0/card.json")
        let cardDigest = SHA256.hex(try Data(contentsOf: card))
        try CatalogFixtures.editIndex(registryFolder) { $0.models[0].cardSHA256 = String(repeating: "0", count: 64) }
        try assertFetchFails("tiny-lstm", "tiny-lstm@1.0.0: \(card.path): sha256 mismatch with the index's card_sha256 (expected 0000000000000000…, got \(cardDigest.prefix(16))…); nothing was installed")

        // A card that matches the index but lists a wrong sha256 for a file.
        var wrong = CatalogFixtures.standardModel()
        wrong.files[0].1 = CatalogFixtures.flipping(CatalogFixtures.weights, at: 0)
        try CatalogFixtures.writeRegistry(registryFolder, [wrong])
        try CatalogFixtures.weights.write(to: weightsFile)
        XCTAssertThrowsError(try fetcher().fetch(ModelReference(parsing: "tiny-lstm"))) { error in
            XCTAssertTrue("\(error)".hasPrefix("tiny-lstm@1.0.0: weights.bin: sha256 mismatch"), "\(error)")
        }
        XCTAssertTrue(cache.models().isEmpty)
        try CatalogFixtures.writeRegistry(registryFolder, [CatalogFixtures.standardModel()])
        XCTAssertEqual(try fetcher().fetch(ModelReference(parsing: "tiny-lstm")).model.reference, "tiny-lstm@1.0.0")
    }

    func testVerifyFindsDamageAndRemoveThenFetchRepairs() throws {
        let model = try fetcher().fetch(ModelReference(parsing: "tiny-lstm")).model
        let cached = model.folder.appendingPathComponent("weights.bin")
        try CatalogFixtures.flipping(CatalogFixtures.weights, at: 123).write(to: cached)
        try FileManager.default.removeItem(at: model.folder.appendingPathComponent("vocab.txt"))
        let problems = try XCTUnwrap(cache.model("tiny-lstm", version: "1.0.0")).problems()
        XCTAssertEqual(problems.count, 2)
        XCTAssertTrue(problems[0].hasPrefix("weights.bin: sha256 mismatch (expected \(SHA256.hex(CatalogFixtures.weights).prefix(16))…"), problems[0])
        XCTAssertEqual(problems[1], "vocab.txt: missing")

        XCTAssertEqual(try cache.remove(ModelReference(parsing: "tiny-lstm")).map(\.reference), ["tiny-lstm@1.0.0"])
        XCTAssertTrue(cache.models().isEmpty)
        XCTAssertThrowsError(try cache.remove(ModelReference(parsing: "tiny-lstm")))
        let repaired = try fetcher().fetch(ModelReference(parsing: "tiny-lstm")).model
        XCTAssertEqual(repaired.problems(), [])

        // A damaged copy is also replaced by the next fetch of that version.
        try Data("x".utf8).write(to: repaired.folder.appendingPathComponent("vocab.txt"))
        XCTAssertEqual(try fetcher().fetch(ModelReference(parsing: "tiny-lstm@1.0.0")).transferred, 1_500_006)
        XCTAssertEqual(cache.models().map { $0.problems() }, [[]])
    }

    /// The card is checked against the digest it was fetched with: an edited card (here its
    /// task, which no file's digest covers), a missing, garbled, oversized or linked record is
    /// damage (testFetchRecordsTheCardOfAnOlderCopy: what the next fetch does).
    func testVerifyFindsAnEditedCard() throws {
        let model = try fetcher().fetch(ModelReference(parsing: "tiny-lstm")).model
        let cardFile = model.folder.appendingPathComponent("card.json"), record = model.folder.appendingPathComponent(".card.sha256")
        let fetched = try Data(contentsOf: cardFile)
        let edited = Data(String(decoding: fetched, as: UTF8.self).replacingOccurrences(of: "\"test\"", with: "\"edited\"").utf8)
        XCTAssertNotEqual(edited, fetched)
        try edited.write(to: cardFile)
        XCTAssertEqual(model.problems(), ["card.json: sha256 mismatch with the digest it was fetched with (expected \(SHA256.hex(fetched).prefix(16))…, got \(SHA256.hex(edited).prefix(16))…)"])
        XCTAssertNil(cache.newestIntact("tiny-lstm"))

        try fetched.write(to: cardFile)
        XCTAssertEqual(model.problems(), [])
        try Data("0123\n".utf8).write(to: record)
        XCTAssertEqual(model.problems(), [".card.sha256: not a SHA-256 (64 hex digits); fetch tiny-lstm@1.0.0 again"])
        try Data(repeating: 0x61, count: 200).write(to: record)
        XCTAssertEqual(model.problems(), [".card.sha256: \(record.path): larger than 128 bytes"])
        let elsewhere = folder.appendingPathComponent("record")
        try Data((SHA256.hex(fetched) + "\n").utf8).write(to: elsewhere)
        try FileManager.default.removeItem(at: record)
        try FileManager.default.createSymbolicLink(at: record, withDestinationURL: elsewhere)
        XCTAssertEqual(model.problems(), [".card.sha256: a symbolic link to \(elsewhere.path), not a file zoo wrote"])
        try FileManager.default.removeItem(at: record)
        XCTAssertEqual(model.problems(), ["card.json: no record of the digest it was fetched with (.card.sha256); fetch tiny-lstm@1.0.0 again"])
        XCTAssertNil(cache.newestIntact("tiny-lstm"))
    }

    /// A copy cached before the card's digest record existed: the next fetch writes the record
    /// without downloading when the index vouches for the card, and fetches the model again when
    /// the card was edited.
    func testFetchRecordsTheCardOfAnOlderCopy() throws {
        let model = try fetcher().fetch(ModelReference(parsing: "tiny-lstm")).model
        let cardFile = model.folder.appendingPathComponent("card.json"), record = model.folder.appendingPathComponent(".card.sha256")
        let recorded = try Data(contentsOf: record)
        try FileManager.default.removeItem(at: record)
        XCTAssertEqual(try fetcher().fetch(ModelReference(parsing: "tiny-lstm")).transferred, 0)
        XCTAssertEqual(try Data(contentsOf: record), recorded)
        XCTAssertEqual(model.problems(), [])

        try FileManager.default.removeItem(at: record)
        try Data(String(decoding: try Data(contentsOf: cardFile), as: UTF8.self).replacingOccurrences(of: "\"test\"", with: "\"edited\"").utf8).write(to: cardFile)
        XCTAssertEqual(try fetcher().fetch(ModelReference(parsing: "tiny-lstm@1.0.0")).transferred, 1_500_006)
        XCTAssertEqual(try Data(contentsOf: record), recorded)
        XCTAssertEqual(cache.models().map { $0.problems() }, [[]])
    }

    func testPruneKeepsTheNewestVersionAndDropsPartials() throws {
        try CatalogFixtures.writeRegistry(registryFolder, ["0.9.1", "0.10.0", "0.11.0"].map { CatalogFixtures.standardModel(version: $0) })
        _ = try fetcher().fetch(ModelReference(parsing: "tiny-lstm@0.9.1"))
        _ = try fetcher().fetch(ModelReference(parsing: "tiny-lstm@0.10.0"))
        // 0.11.0 stops after its weights: an unfinished download.
        try FileManager.default.removeItem(at: registryFolder.appendingPathComponent("tiny-lstm/0.11.0/vocab.txt"))
        XCTAssertThrowsError(try fetcher().fetch(ModelReference(parsing: "tiny-lstm")))
        XCTAssertEqual(cache.partials().map(\.reference), ["tiny-lstm@0.11.0"])
        let cardSize = try Data(contentsOf: registryFolder.appendingPathComponent("tiny-lstm/0.11.0/card.json")).count
        XCTAssertEqual(cache.partials().first?.size, Int64(1_500_000 + cardSize))

        let (models, partials) = try cache.prune()
        XCTAssertEqual(models.map(\.reference), ["tiny-lstm@0.9.1"])
        XCTAssertEqual(partials.map(\.reference), ["tiny-lstm@0.11.0"])
        XCTAssertEqual(cache.models().map(\.reference), ["tiny-lstm@0.10.0"])
        XCTAssertTrue(cache.partials().isEmpty)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache.root.appendingPathComponent("partial").path), [])
    }
}
