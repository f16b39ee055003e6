import Foundation
import XCTest

/// `zoo eval` scores the shipped poetry model on the corpus's validation split with the number
/// its card reports, through the real binary.
final class EvalCommandTests: XCTestCase {
    static var repository: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// The "metrics" of the newest shipped card of `name` (zoo/index.json → its folder's card.json).
    static func shippedMetrics(_ name: String) throws -> [String: Any] {
        let index = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: repository.appendingPathComponent("zoo/index.json"))) as? [String: Any])
        let entry = try XCTUnwrap((index["models"] as? [[String: Any]])?.first { $0["name"] as? String == name })
        let card = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: repository.appendingPathComponent("zoo/\(entry["path"] as? String ?? "")/card.json"))) as? [String: Any])
        return try XCTUnwrap(card["metrics"] as? [String: Any])
    }

    func testPoetryValidationNLLMatchesTheCard() throws {
        let corpus = Self.repository.deletingLastPathComponent().appendingPathComponent("shared/data/poetry/tang-quatrains.txt")
        guard let text = try? String(contentsOf: corpus, encoding: .utf8) else { throw XCTSkip("NO POETRY CORPUS at \(corpus.path)") }
        let folder = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let validation = folder.appendingPathComponent("validation.txt")
        let lines = text.split(separator: "\n")
        try lines.suffix(652).joined(separator: "\n").write(to: validation, atomically: true, encoding: .utf8)

        let r = try ZooProcess.run(["eval", "poetry", "--data", validation.path, "--json"], environment: ["ZOO_HOME": folder.appendingPathComponent("home").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let nll = try XCTUnwrap(result["nll"] as? Double), perplexity = try XCTUnwrap(result["perplexity"] as? Double)
        let reported = try XCTUnwrap(try Self.shippedMetrics("poetry-tang-lstm")["validation_loss_per_character"] as? Double)
        XCTAssertEqual(nll, reported, accuracy: 1e-3, "the card's validation loss")
        XCTAssertEqual(perplexity, exp(nll), accuracy: 1e-9)
        XCTAssertEqual(result["symbols"] as? Int, 29_120)
        XCTAssertEqual(result["model"] as? String, "poetry-tang-lstm")
    }

    /// `zoo eval music` on the chorales' validation split (with the manifest beside them, for the
    /// pickups) gives the NLL per token the shipped card reports.
    func testMusicValidationNLLMatchesTheCard() throws {
        let music = Self.repository.deletingLastPathComponent().appendingPathComponent("shared/data/music")
        guard let manifest = try? String(contentsOf: music.appendingPathComponent("manifest.csv"), encoding: .utf8) else {
            throw XCTSkip("NO CHORALE DATA at \(music.path)")
        }
        let folder = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The first column is the file; the split column reads `valid` (titles may hold quoted commas).
        var copied = 0
        for line in manifest.split(whereSeparator: \.isNewline).dropFirst() where line.contains(",valid,") {
            let name = String(line.prefix { $0 != "," })
            try FileManager.default.copyItem(at: music.appendingPathComponent("bach-chorales/\(name)"), to: folder.appendingPathComponent(name))
            copied += 1
        }
        XCTAssertEqual(copied, 35)
        try manifest.write(to: folder.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        let r = try ZooProcess.run(["eval", "music", "--data", folder.path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("upbeats: 35 files from the manifest \(folder.path)/manifest.csv\n"), r.stderr)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let reported = try XCTUnwrap(try Self.shippedMetrics("music-bach-chorales-lstm")["validation_nll_per_token"] as? Double)
        XCTAssertEqual(try XCTUnwrap(result["nll"] as? Double), reported, accuracy: 1e-3)
        XCTAssertEqual(result["symbols"] as? Int, 35_328)

        // A manifest under another name is found only when given; without one the upbeats are inferred, and stderr says which.
        let renamed = folder.appendingPathComponent("chorales.csv")
        try FileManager.default.moveItem(at: folder.appendingPathComponent("manifest.csv"), to: renamed)
        let given = try ZooProcess.run(["eval", "music", "--data", folder.path, "--manifest", renamed.path, "--json"])
        XCTAssertEqual(given.status, 0, given.stderr)
        XCTAssertTrue(given.stderr.hasPrefix("upbeats: 35 files from the manifest \(renamed.path)\n"), given.stderr)
        XCTAssertEqual(given.stdout, r.stdout, "the same upbeats, the same scores")
        let inferred = try ZooProcess.run(["eval", "music", "--data", folder.path])
        XCTAssertEqual(inferred.status, 0, inferred.stderr)
        XCTAssertTrue(inferred.stderr.hasPrefix("upbeats: 35 files inferred from the final chord (no manifest given or found beside them)\n"), inferred.stderr)
        let missing = try ZooProcess.run(["eval", "music", "--data", folder.path, "--manifest", folder.appendingPathComponent("none.csv").path])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "zoo eval: \(folder.path)/none.csv: no such manifest\n")
    }

    func testBadRequestsFailInOneLine() throws {
        let missing = try ZooProcess.run(["eval", "poetry", "--data", "/nonexistent/poems.txt"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "zoo eval: /nonexistent/poems.txt: no such file or folder\n")
        let unknown = try ZooProcess.run(["eval", "no-such-model", "--data", "/tmp"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.hasPrefix("zoo eval: no model 'no-such-model' in the cache or the shipped catalog"), unknown.stderr)
        XCTAssertEqual(unknown.stderr.filter { $0 == "\n" }.count, 1)
    }

    /// The shipped text bundle with a vocabulary that is not one (a null symbol, as the CLI
    /// campaign wrote it): `zoo eval` refuses it in one line naming the bundle.
    func testBundleWithABrokenVocabularyIsNamed() throws {
        let folder = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundle = folder.appendingPathComponent("text.zoo"), data = folder.appendingPathComponent("lines.txt")
        try HostileHDF5Files.run(#"""
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as o:
    for name in z.namelist():
        data = z.read(name)
        if name == "zoo-metadata.json":
            metadata = json.loads(data)
            metadata["vocabulary"]["symbols"][3] = None
            data = json.dumps(metadata).encode()
        o.writestr(name, data)
"""#, [Self.repository.appendingPathComponent("zoo/text-shakespeare-lstm/0.1.0/text-shakespeare-lstm.zoo").path, bundle.path], what: "the bundle")
        try "But soft, what light through yonder window breaks?\n".write(to: data, atomically: true, encoding: .utf8)
        let r = try ZooProcess.run(["eval", bundle.path, "--data", data.path])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stderr, "zoo eval: \(bundle.path): vocabulary: every symbol must be one character, got null\n")
    }

    /// Two bars of music are too little for one window: `zoo eval music` refuses them in one
    /// line on stderr (the note on where the upbeats came from is said only for usable data).
    func testTooLittleMusicIsOneLine() throws {
        let folder = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let chorales = folder.appendingPathComponent("chorales")
        let made = try ZooProcess.run(["generate", "music", "--bars", "2", "--seed", "3", "-o", chorales.appendingPathComponent("short.mid").path])
        XCTAssertEqual(made.status, 0, made.stderr)
        let r = try ZooProcess.run(["eval", "music", "--data", chorales.path], environment: ["ZOO_HOME": folder.appendingPathComponent("home").path])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stderr, "zoo eval: \(chorales.path): too little music for one window of 257 tokens\n")
    }
}
