import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// The index and card formats, versions, references and name patterns.
final class CatalogFormatTests: XCTestCase {
    func testShippedIndexAndCardRead() throws {
        let zoo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("zoo")
        let index = try CatalogIndex(data: Data(contentsOf: zoo.appendingPathComponent("index.json")), source: "zoo/index.json")
        let entry = try XCTUnwrap(index.newest("poetry-tang-lstm"))
        XCTAssertEqual(entry.parameters, 4_485_718)
        let (card, _) = try Registry(zoo.path).card(entry)
        XCTAssertEqual(card.files.map(\.name), ["poetry-tang-lstm.zoo"])
        let bundle = zoo.appendingPathComponent("\(entry.path)/poetry-tang-lstm.zoo")
        XCTAssertEqual(card.files.first?.size, (try FileManager.default.attributesOfItem(atPath: bundle.path)[.size] as? NSNumber)?.int64Value)
        XCTAssertEqual(card.json["metrics"]?["validation_perplexity_per_character"]?.doubleValue, 94.5)
    }

    /// Every model shipped in zoo/: the card's sha256 is the index's, and every file's size and
    /// sha256 are the card's.
    func testEveryShippedFileMatchesItsCard() throws {
        let zoo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("zoo")
        let index = try CatalogIndex(data: Data(contentsOf: zoo.appendingPathComponent("index.json")), source: "zoo/index.json")
        XCTAssertFalse(index.models.isEmpty)
        func hex(_ data: Data) -> String {
            var hash = SHA256()
            hash.update(data)
            return hash.finalize().map { String(format: "%02x", $0) }.joined()
        }
        for entry in index.models {
            let folder = zoo.appendingPathComponent(entry.path)
            let cardData = try Data(contentsOf: folder.appendingPathComponent("card.json"))
            XCTAssertEqual(hex(cardData), entry.cardSHA256, "\(entry.name)@\(entry.version) card.json")
            let card = try ModelCard(data: cardData, source: entry.path)
            XCTAssertFalse(card.files.isEmpty)
            for file in card.files {
                let data = try Data(contentsOf: folder.appendingPathComponent(file.name))
                XCTAssertEqual(Int64(data.count), file.size, file.name)
                XCTAssertEqual(hex(data), file.sha256, file.name)
            }
        }
    }

    func testBadIndexIsOneLineNamingTheFile() {
        let cases: [(String, String)] = [
            ("not json", "reg/index.json: not a catalog index (not a JSON object)"),
            (#"{"format": "other", "version": 1, "models": []}"#, "reg/index.json: not a catalog index (format 'other', expected 'rnnzoo-catalog')"),
            (#"{"format": "rnnzoo-catalog", "version": 2, "models": []}"#,
             "reg/index.json: catalog index format version 2 is newer than this zoo reads (1); update zoo"),
            (#"{"format": "rnnzoo-catalog", "version": 1, "models": [{"name": "a", "version": "1", "path": "a"}]}"#,
             "reg/index.json: invalid catalog index: models[0].card_sha256 is missing"),
            (#"{"format": "rnnzoo-catalog", "version": 1, "models": [{"name": "a", "version": "1", "path": "../x", "card_sha256": ""}]}"#,
             "reg/index.json: path of a@1 '..' is not a plain name (letters, digits, . _ - +; not starting with .)"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try CatalogIndex(data: Data(text.utf8), source: "reg/index.json"), text) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
    }

    func testVersionsCompareNumericallyPerComponent() throws {
        XCTAssertLessThan(ModelVersion("0.9.1"), ModelVersion("0.10.0"))
        XCTAssertLessThan(ModelVersion("1.0"), ModelVersion("1.0.1"))
        XCTAssertLessThan(ModelVersion("2.0.0"), ModelVersion("10.0.0"))
        XCTAssertEqual(ModelVersion("1.02"), ModelVersion("1.2"))
        let models = ["0.9.1", "0.10.0", "0.2.0"].map {
            CatalogEntry(name: "m", version: $0, family: nil, task: nil, summary: nil, parameters: nil, path: "m/\($0)", cardSHA256: "")
        }
        let index = CatalogIndex(models: models)
        XCTAssertEqual(index.newest("m")?.version, "0.10.0")
        XCTAssertEqual(index.versions(of: "m").map(\.version), ["0.2.0", "0.9.1", "0.10.0"])
        let data = try index.serialized()
        XCTAssertEqual(try CatalogIndex(data: data, source: "x").models, models)
    }

    func testReferencesArePlainNames() throws {
        let pinned = try ModelReference(parsing: "poetry-tang-lstm@0.3.0")
        XCTAssertEqual(pinned.name, "poetry-tang-lstm")
        XCTAssertEqual(pinned.version, "0.3.0")
        XCTAssertNil(try ModelReference(parsing: "poetry-tang-lstm").version)
        for bad in ["../etc", "a/b", "a@", "@1", ".hidden", "a@1/2"] {
            XCTAssertThrowsError(try ModelReference(parsing: bad), bad)
        }
    }

    func testCardKeepsUnknownFieldsInOrderWhenRewritten() throws {
        let text = #"{"name": "m", "version": "1", "zeta": {"deep": [1, 2]}, "alpha": "kept", "files": []}"#
        let card = try ModelCard(data: Data(text.utf8), source: "card.json")
        let rewritten = try card.setting(files: [CardFile(name: "w.bin", size: 3, sha256: String(repeating: "ab", count: 32))])
        let again = try ModelCard(data: rewritten.serialized, source: "card.json")
        XCTAssertEqual(again.json.objectValue?.map(\.0), ["name", "version", "zeta", "alpha", "files"])
        XCTAssertEqual(again.json["zeta"], ["deep": [1, 2]])
        XCTAssertEqual(again.files, [CardFile(name: "w.bin", size: 3, sha256: String(repeating: "ab", count: 32))])
    }

    func testCardFilesMustBeSafe() {
        let digest = String(repeating: "0", count: 64)
        for files in [#"[{"name": "../x", "size": 1, "sha256": "\#(digest)"}]"#, #"[{"name": "card.json", "size": 1, "sha256": "\#(digest)"}]"#,
                      #"[{"name": "a", "size": -1, "sha256": "\#(digest)"}]"#, #"[{"name": "a", "size": 1, "sha256": "XYZ"}]"#,
                      #"[{"name": "a", "size": 1, "sha256": "\#(digest)"}, {"name": "a", "size": 1, "sha256": "\#(digest)"}]"#] {
            let text = #"{"name": "m", "version": "1", "files": \#(files)}"#
            XCTAssertThrowsError(try ModelCard(data: Data(text.utf8), source: "card.json"), files)
        }
    }

    func testPatterns() {
        let names = ["poetry-tang-lstm", "music-gru", "lstm-sine", "gru-sentiment", "bilstm-tagger"]
        func matching(_ pattern: String) -> [String] { names.filter(NamePattern(pattern).matches) }
        XCTAssertEqual(matching("lstm"), ["poetry-tang-lstm", "lstm-sine", "bilstm-tagger"])
        XCTAssertEqual(matching("lstm*"), ["lstm-sine"])
        XCTAssertEqual(matching("*-gru"), ["music-gru"])
        XCTAssertEqual(matching("?ru-*"), ["gru-sentiment"])
        XCTAssertEqual(matching("*t*g*"), ["poetry-tang-lstm", "bilstm-tagger"])
        XCTAssertEqual(matching("POETRY*"), ["poetry-tang-lstm"])
        XCTAssertEqual(matching("*"), names)
        XCTAssertEqual(matching("music-gru?"), [])
    }
}
