import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// Two fetches of one model at once (two threads here; the lock is a `flock` per open file, so
/// two processes behave the same): the second waits for the first, then uses what it installed.
final class ConcurrentFetchTests: XCTestCase {
    private var folder: URL!
    private var server: RegistryServer!

    override func setUpWithError() throws {
        folder = try CatalogFixtures.temporaryFolder()
        try CatalogFixtures.writeRegistry(folder.appendingPathComponent("registry"), [CatalogFixtures.standardModel()])
        server = try RegistryServer(folder: folder.appendingPathComponent("registry"))
    }

    override func tearDownWithError() throws {
        server?.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    func testSecondFetchWaitsThenReusesTheFirstOnesModel() throws {
        // About 0.75 s for the weights, so the second fetch starts while the first holds the lock.
        server.setTrouble("weights.bin", .trickles(bytes: 100_000, interval: 0.05))
        let fetcher = Fetcher(registry: try Registry(server.base, environment: ["ZOO_HTTP_TIMEOUT": "5"]),
                              cache: ModelCache(root: folder.appendingPathComponent("home")))
        let results = Results()
        let group = DispatchGroup()
        let start: @Sendable (Int) -> Void = { slot in
            DispatchQueue.global().async(group: group) {
                results.set(slot, Result { try fetcher.fetch(ModelReference(parsing: "tiny-lstm")) })
            }
        }
        start(0)
        let deadline = Date().addingTimeInterval(10)
        while !server.requests.contains(where: { $0.path.hasSuffix("/weights.bin") }), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        start(1)
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success)
        let first = try XCTUnwrap(results.get(0)).get(), second = try XCTUnwrap(results.get(1)).get()
        XCTAssertEqual(first.transferred, Int64(CatalogFixtures.weights.count + CatalogFixtures.vocabulary.count))
        XCTAssertEqual(second.transferred, 0)
        XCTAssertEqual(second.model.folder.path, first.model.folder.path)
        XCTAssertEqual(second.model.problems(), [])
        XCTAssertEqual(server.requests.filter { $0.path.hasSuffix("/weights.bin") }.count, 1, "the model was downloaded once")
    }

    /// The two fetches' outcomes, set from their threads.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Int: Result<FetchResult, Error>] = [:]

        func set(_ slot: Int, _ result: Result<FetchResult, Error>) {
            lock.withLock { slots[slot] = result }
        }

        func get(_ slot: Int) -> Result<FetchResult, Error>? {
            lock.withLock { slots[slot] }
        }
    }
}
