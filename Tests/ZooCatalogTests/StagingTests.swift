import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// The staging folder of a fetch (`partial/NAME@VERSION/`): a card whose file names look like the
/// cache's own staging names cannot make one file stand for another, and whatever else an earlier
/// download left there is not installed.
final class StagingTests: XCTestCase {
    private var folder: URL!
    private var registryFolder: URL { folder.appendingPathComponent("registry") }
    private var cache: ModelCache { ModelCache(root: folder.appendingPathComponent("home")) }

    override func setUpWithError() throws {
        folder = try CatalogFixtures.temporaryFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func fetch(_ reference: String) throws -> FetchResult {
        try Fetcher(registry: Registry(registryFolder.path), cache: cache).fetch(ModelReference(parsing: reference))
    }

    /// Files named like the staging names of other files (FILE.partial, a temporary card name):
    /// each is installed with its own content, listed first so that its staging could overwrite
    /// a later file's.
    func testFileNamesLikeStagingNamesKeepTheirOwnContent() throws {
        let files: [(String, Data)] = [
            ("w.bin.partial", CatalogFixtures.pseudoRandomBytes(count: 70_000, seed: 1)),
            ("w.bin", CatalogFixtures.pseudoRandomBytes(count: 50_000, seed: 2)),
            ("card.json.partial", Data("not the card\n".utf8)),
            ("w.bin.partial.partial", Data("third\n".utf8)),
        ]
        try CatalogFixtures.writeRegistry(registryFolder, [CatalogFixtures.Model(name: "tricky", version: "1.0.0", files: files)])
        let model = try fetch("tricky").model
        for (name, data) in files {
            XCTAssertEqual(try Data(contentsOf: model.folder.appendingPathComponent(name)), data, name)
        }
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: model.folder.path)), Set(files.map(\.0) + ["card.json", ".card.sha256"]))
        XCTAssertEqual(model.problems(), [])
    }

    /// An earlier download's leftovers (an older zoo's FILE.partial, a temporary file, a folder)
    /// are cleared; the card's own staged file is resumed.
    func testLeftoversInTheStagingFolderAreNotInstalled() throws {
        try CatalogFixtures.writeRegistry(registryFolder, [CatalogFixtures.standardModel()])
        let staging = cache.root.appendingPathComponent("partial/tiny-lstm@1.0.0")
        try FileManager.default.createDirectory(at: staging.appendingPathComponent("junk-folder"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: registryFolder.appendingPathComponent("tiny-lstm/1.0.0/card.json"), to: staging.appendingPathComponent("card.json"))
        try CatalogFixtures.weights.prefix(1_000).write(to: staging.appendingPathComponent("weights.bin"))
        try Data("old".utf8).write(to: staging.appendingPathComponent("weights.bin.partial"))
        try Data("tmp".utf8).write(to: staging.appendingPathComponent(".card.json.tmp-1-2"))
        let result = try fetch("tiny-lstm")
        XCTAssertEqual(result.transferred, Int64(CatalogFixtures.weights.count - 1_000 + CatalogFixtures.vocabulary.count))
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: result.model.folder.path)), ["card.json", ".card.sha256", "weights.bin", "vocab.txt"])
        XCTAssertEqual(result.model.problems(), [])
    }
}
