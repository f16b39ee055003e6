import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// Fetch from an HTTP registry served on 127.0.0.1 inside the test: resume with Range, restart
/// when the server ignores it, and the network failures (cut connection, stall, 404, changed
/// byte), each one line with nothing visible, then a good fetch once the server behaves.
final class HTTPFetchTests: XCTestCase {
    private var folder: URL!
    private var server: RegistryServer!
    private var cache: ModelCache { ModelCache(root: folder.appendingPathComponent("home")) }
    private var staging: URL { cache.root.appendingPathComponent("partial/tiny-lstm@1.0.0") }
    private let size = CatalogFixtures.weights.count

    override func setUpWithError() throws {
        folder = try CatalogFixtures.temporaryFolder()
        try CatalogFixtures.writeRegistry(folder.appendingPathComponent("registry"), [CatalogFixtures.standardModel()])
        server = try RegistryServer(folder: folder.appendingPathComponent("registry"))
    }

    override func tearDownWithError() throws {
        server?.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A fetcher whose requests time out after 1 s without data.
    private func fetch(_ reference: String = "tiny-lstm") throws -> FetchResult {
        let registry = try Registry(server.base, environment: ["ZOO_HTTP_TIMEOUT": "1"])
        return try Fetcher(registry: registry, cache: cache).fetch(ModelReference(parsing: reference))
    }

    private func assertFetchFails(_ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try fetch(), file: file, line: line) { error in
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
        XCTAssertTrue(cache.models().isEmpty, "a failed fetch left a visible model", file: file, line: line)
    }

    private func weightRequests() -> [String?] {
        server.requests.filter { $0.path.hasSuffix("/weights.bin") }.map(\.range)
    }

    func testFetchOverHTTPThenPinnedFetchUsesNoNetwork() throws {
        let result = try fetch()
        XCTAssertEqual(try Data(contentsOf: result.model.folder.appendingPathComponent("weights.bin")), CatalogFixtures.weights)
        XCTAssertEqual(result.model.problems(), [])
        let requests = server.requests.count
        XCTAssertEqual(try fetch("tiny-lstm@1.0.0").transferred, 0)
        XCTAssertEqual(server.requests.count, requests, "a pinned, cached model must not touch the registry")
        server.stop()
        let offline = try fetch()
        XCTAssertEqual(offline.model.reference, "tiny-lstm@1.0.0")
        XCTAssertEqual(offline.offlineReason, "\(server.base)/index.json: cannot connect (connection refused)")
    }

    func testCutConnectionKeepsThePartialAndTheNextFetchResumesWithRange() throws {
        server.setTrouble("weights.bin", .closesAt(600_000))
        XCTAssertThrowsError(try fetch()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("tiny-lstm@1.0.0: weights.bin: \(server.base)/tiny-lstm/1.0.0/weights.bin: "), text)
            XCTAssertTrue(text.hasSuffix(" after 600,000 of 1,500,000 bytes (kept: the next fetch resumes); nothing was installed"), text)
        }
        XCTAssertTrue(cache.models().isEmpty)
        XCTAssertEqual(try Data(contentsOf: staging.appendingPathComponent("weights.bin")), CatalogFixtures.weights.prefix(600_000))
        server.setTrouble("weights.bin", nil)
        let result = try fetch()
        XCTAssertEqual(weightRequests(), [nil, "bytes=600000-"])
        XCTAssertEqual(result.transferred, Int64(size - 600_000 + CatalogFixtures.vocabulary.count))
        XCTAssertEqual(try Data(contentsOf: result.model.folder.appendingPathComponent("weights.bin")), CatalogFixtures.weights)
        XCTAssertFalse(FileManager.default.fileExists(atPath: staging.path))
    }

    func testPreseededPartialIsCompletedAndVerified() throws {
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try Data(contentsOf: folder.appendingPathComponent("registry/tiny-lstm/1.0.0/card.json")).write(to: staging.appendingPathComponent("card.json"))
        try CatalogFixtures.weights.prefix(1_000_001).write(to: staging.appendingPathComponent("weights.bin"))
        let result = try fetch()
        XCTAssertEqual(weightRequests(), ["bytes=1000001-"])
        XCTAssertEqual(result.transferred, Int64(size - 1_000_001 + CatalogFixtures.vocabulary.count))
        XCTAssertEqual(result.model.problems(), [])
    }

    func testServerIgnoringRangeRestartsFromZero() throws {
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try Data(contentsOf: folder.appendingPathComponent("registry/tiny-lstm/1.0.0/card.json")).write(to: staging.appendingPathComponent("card.json"))
        // Wrong bytes: had they been kept, the sha256 check would fail.
        try Data(repeating: 0xEE, count: 500_000).write(to: staging.appendingPathComponent("weights.bin"))
        server.setTrouble("weights.bin", .ignoresRange)
        let result = try fetch()
        XCTAssertEqual(weightRequests(), ["bytes=500000-"])
        XCTAssertEqual(result.transferred, Int64(size + CatalogFixtures.vocabulary.count))
        XCTAssertEqual(try Data(contentsOf: result.model.folder.appendingPathComponent("weights.bin")), CatalogFixtures.weights)
    }

    func testStalledServerTimesOutThenResumes() throws {
        server.setTrouble("weights.bin", .stallsAt(300_000))
        let started = Date()
        assertFetchFails("tiny-lstm@1.0.0: weights.bin: \(server.base)/tiny-lstm/1.0.0/weights.bin: no data for 1 s (timed out) after 300,000 of 1,500,000 bytes (kept: the next fetch resumes); nothing was installed")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        server.setTrouble("weights.bin", nil)
        XCTAssertEqual(try fetch().model.problems(), [])
        XCTAssertEqual(weightRequests().last, "bytes=300000-")
    }

    func testMissingFileIs404ThenFixed() throws {
        server.setTrouble("vocab.txt", .missing)
        assertFetchFails("tiny-lstm@1.0.0: vocab.txt: \(server.base)/tiny-lstm/1.0.0/vocab.txt: HTTP 404 Not Found; nothing was installed")
        server.setTrouble("vocab.txt", nil)
        let result = try fetch()
        XCTAssertEqual(result.transferred, Int64(CatalogFixtures.vocabulary.count), "the verified staged weights.bin is kept")
    }

    func testChangedByteIsRejectedAndRefetchedFromZero() throws {
        server.setTrouble("weights.bin", .flipsByte(1_234_567))
        let expected = SHA256.hex(CatalogFixtures.weights).prefix(16), got = SHA256.hex(CatalogFixtures.flipping(CatalogFixtures.weights, at: 1_234_567)).prefix(16)
        assertFetchFails("tiny-lstm@1.0.0: weights.bin: sha256 mismatch (expected \(expected)…, got \(got)…) from \(server.base)/tiny-lstm/1.0.0/weights.bin; nothing was installed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: staging.appendingPathComponent("weights.bin").path))
        server.setTrouble("weights.bin", nil)
        XCTAssertEqual(try fetch().model.problems(), [])
        XCTAssertEqual(weightRequests(), [nil, nil])
    }

    func testPublishedBundleRoundTripsOverHTTP() throws {
        let bundle = folder.appendingPathComponent("tiny-gru.zip")
        try CatalogFixtures.bundle(card: #"{"name": "tiny-gru", "version": "2.1.0", "family": "GRU", "task": "demo", "extra": [1, 2]}"#).write(to: bundle)
        let entry = try Publisher(folder: server.folder).publish(bundle)
        XCTAssertEqual(entry.path, "tiny-gru/2.1.0")
        let result = try fetch("tiny-gru")
        XCTAssertEqual(try Data(contentsOf: result.model.folder.appendingPathComponent("tiny-gru.zip")), try Data(contentsOf: bundle))
        XCTAssertEqual(try result.model.card().json["extra"], [1, 2])
        XCTAssertEqual(try fetch("tiny-lstm").model.reference, "tiny-lstm@1.0.0")
    }
}
