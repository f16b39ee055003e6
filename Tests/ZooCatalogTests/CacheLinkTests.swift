import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// Symbolic links planted in the cache ($ZOO_HOME) pointing outside it: rm, prune and fetch
/// refuse them in one line and leave the link and its target as they are; verify reports a
/// linked model file without reading it, and rm of that model removes the link only.
final class CacheLinkTests: XCTestCase {
    private var folder: URL!
    private var registryFolder: URL { folder.appendingPathComponent("registry") }
    private var cache: ModelCache { ModelCache(root: folder.appendingPathComponent("home")) }
    /// A folder outside the cache that links point to; it must never change.
    private var outside: URL { folder.appendingPathComponent("outside") }
    private let precious = Data("precious, not zoo's\n".utf8)

    override func setUpWithError() throws {
        folder = try CatalogFixtures.temporaryFolder()
        try CatalogFixtures.writeRegistry(registryFolder, [CatalogFixtures.standardModel(version: "0.9.0"), CatalogFixtures.standardModel()])
        try FileManager.default.createDirectory(at: outside.appendingPathComponent("1.0.0"), withIntermediateDirectories: true)
        try precious.write(to: outside.appendingPathComponent("1.0.0/card.json"))
        try precious.write(to: outside.appendingPathComponent("weights.bin"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func fetch(_ reference: String) throws -> FetchResult {
        try Fetcher(registry: Registry(registryFolder.path), cache: cache).fetch(ModelReference(parsing: reference))
    }

    /// Makes `path` (inside the cache) a symbolic link to `target`, replacing what is there.
    private func link(_ path: String, to target: URL) throws -> URL {
        let url = cache.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target.path)
        return url
    }

    /// The outside folder still holds exactly what setUp put there.
    private func assertOutsideUntouched(file: StaticString = #filePath, line: UInt = #line) throws {
        let names = try XCTUnwrap(FileManager.default.subpathsOfDirectory(atPath: outside.path)).sorted()
        XCTAssertEqual(names, ["1.0.0", "1.0.0/card.json", "weights.bin"], file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: outside.appendingPathComponent("1.0.0/card.json")), precious, file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: outside.appendingPathComponent("weights.bin")), precious, file: file, line: line)
    }

    private func refusal(_ link: URL, _ target: URL) -> String {
        "\(link.path): a symbolic link to \(target.path); zoo never follows a link in its cache \(cache.root.path): refused, nothing was changed"
    }

    private func assertThrows(_ expected: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }

    func testRemoveRefusesALinkedModelOrVersionFolder() throws {
        let name = try link("models/evil", to: outside)
        assertThrows(refusal(name, outside)) { _ = try cache.remove(ModelReference(parsing: "evil")) }
        assertThrows(refusal(name, outside)) { _ = try cache.remove(ModelReference(parsing: "evil@1.0.0")) }
        XCTAssertEqual(cache.models().map(\.reference), [], "a linked folder is not a cached model")

        _ = try fetch("tiny-lstm@1.0.0")
        let version = try link("models/tiny-lstm/0.9.0", to: outside.appendingPathComponent("1.0.0"))
        assertThrows(refusal(version, outside.appendingPathComponent("1.0.0"))) { _ = try cache.remove(ModelReference(parsing: "tiny-lstm@0.9.0")) }
        assertThrows(refusal(version, outside.appendingPathComponent("1.0.0"))) { _ = try cache.remove(ModelReference(parsing: "tiny-lstm")) }
        XCTAssertEqual(cache.models().map(\.reference), ["tiny-lstm@1.0.0"])
        try assertOutsideUntouched()
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: name.path), outside.path, "the link is left as it was")
    }

    func testPruneRefusesALinkedPartialDownloadAndRemovesNothing() throws {
        _ = try fetch("tiny-lstm@0.9.0")
        _ = try fetch("tiny-lstm@1.0.0")
        let partial = try link("partial/tiny-lstm@0.5.0", to: outside)
        assertThrows(refusal(partial, outside)) { _ = try cache.prune() }
        XCTAssertEqual(cache.models().map(\.reference), ["tiny-lstm@0.9.0", "tiny-lstm@1.0.0"], "nothing is removed")
        try assertOutsideUntouched()

        try FileManager.default.removeItem(at: partial)
        XCTAssertEqual(try cache.prune().models.map(\.reference), ["tiny-lstm@0.9.0"])
    }

    func testFetchRefusesLinkedStagingFolderStagedFileLockAndModelFolder() throws {
        let staging = try link("partial/tiny-lstm@1.0.0", to: outside)
        assertThrows("tiny-lstm@1.0.0: \(refusal(staging, outside)); nothing was installed") { _ = try fetch("tiny-lstm@1.0.0") }
        try FileManager.default.removeItem(at: staging)

        // A staged file (the card already staged, so the file would be resumed) linked outside.
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: registryFolder.appendingPathComponent("tiny-lstm/1.0.0/card.json"), to: staging.appendingPathComponent("card.json"))
        let weights = try link("partial/tiny-lstm@1.0.0/weights.bin", to: outside.appendingPathComponent("weights.bin"))
        assertThrows("tiny-lstm@1.0.0: \(weights.path): a symbolic link to \(outside.path)/weights.bin, which zoo does not follow here; refused; nothing was installed") {
            _ = try fetch("tiny-lstm@1.0.0")
        }
        try FileManager.default.removeItem(at: weights)

        let lock = try link("locks/tiny-lstm@1.0.0.lock", to: outside.appendingPathComponent("lock"))
        assertThrows("tiny-lstm@1.0.0: \(refusal(lock, outside.appendingPathComponent("lock"))); nothing was installed") { _ = try fetch("tiny-lstm@1.0.0") }
        try FileManager.default.removeItem(at: lock)

        let models = try link("models/tiny-lstm", to: outside)
        assertThrows("tiny-lstm@1.0.0: \(refusal(models, outside)); nothing was installed") { _ = try fetch("tiny-lstm@1.0.0") }
        try assertOutsideUntouched()
        try FileManager.default.removeItem(at: models)

        XCTAssertEqual(try fetch("tiny-lstm@1.0.0").model.problems(), [])
        try assertOutsideUntouched()
    }

    func testVerifyReportsALinkedFileAndRemoveDeletesOnlyTheLink() throws {
        let model = try fetch("tiny-lstm@1.0.0").model
        // A link to a file with the right content: verify must not vouch for it.
        let copy = outside.appendingPathComponent("weights-copy.bin")
        try CatalogFixtures.weights.write(to: copy)
        let weights = model.folder.appendingPathComponent("weights.bin")
        try FileManager.default.removeItem(at: weights)
        try FileManager.default.createSymbolicLink(atPath: weights.path, withDestinationPath: copy.path)
        XCTAssertEqual(model.problems(), ["weights.bin: a symbolic link to \(copy.path), not a file zoo wrote"])

        XCTAssertEqual(try cache.remove(ModelReference(parsing: "tiny-lstm")).map(\.reference), ["tiny-lstm@1.0.0"])
        XCTAssertEqual(try Data(contentsOf: copy), CatalogFixtures.weights)
        try FileManager.default.removeItem(at: copy)
        try assertOutsideUntouched()
    }
}
