import Foundation
import XCTest

/// `zoo list`, `info`, `fetch`, `cache` and `publish` run as the real binary with ZOO_HOME in a
/// temporary folder, against the shipped catalog and against a copy of it that the tests break
/// and repair.
final class CatalogCommandTests: XCTestCase {
    private var folder: URL!
    private var home: URL { folder.appendingPathComponent("home") }
    private var registry: URL { folder.appendingPathComponent("registry") }
    private var registryWeights: URL { registry.appendingPathComponent("\(shipped.path)/\(shipped.bundle)") }
    private let shipped = CatalogCommandTests.readShipped()

    /// The shipped model these tests fetch, as zoo/index.json and its card describe it.
    private struct Shipped {
        let version: String, path: String, cardDigest: String, bundle: String, size: Int, digest: String, cardSize: Int
        var megabytes: String { String(format: "%.2f MB", Double(size) / 1_048_576) }
        /// What the cached model takes: the bundle, its card and the card's digest record (64 hex
        /// digits and a newline).
        var cachedMegabytes: String { String(format: "%.2f MB", Double(size + cardSize + 65) / 1_048_576) }
        var groupedSize: String {
            let digits = Array(String(size))
            return String(digits.enumerated().flatMap { i, d in (i > 0 && (digits.count - i) % 3 == 0) ? [",", d] : [d] })
        }
    }

    private static func readShipped() -> Shipped {
        let index = try? JSONSerialization.jsonObject(with: Data(contentsOf: shippedCatalog.appendingPathComponent("index.json"))) as? [String: Any]
        let entry = (index?["models"] as? [[String: Any]])?.first { $0["name"] as? String == "poetry-tang-lstm" } ?? [:]
        let path = entry["path"] as? String ?? ""
        let cardData = (try? Data(contentsOf: shippedCatalog.appendingPathComponent("\(path)/card.json"))) ?? Data()
        let card = try? JSONSerialization.jsonObject(with: cardData) as? [String: Any]
        let file = (card?["files"] as? [[String: Any]])?.first ?? [:]
        return Shipped(version: entry["version"] as? String ?? "", path: path, cardDigest: entry["card_sha256"] as? String ?? "",
                       bundle: file["name"] as? String ?? "", size: file["size"] as? Int ?? 0, digest: file["sha256"] as? String ?? "",
                       cardSize: cardData.count)
    }

    private static var shippedCatalog: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("zoo")
    }

    override func setUpWithError() throws {
        folder = try ZooProcess.temporaryFolder()
        try FileManager.default.copyItem(at: Self.shippedCatalog, to: registry)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs zoo with this test's cache and no registry from the environment.
    private func zoo(_ arguments: String...) throws -> ZooProcess.Result {
        try ZooProcess.run(arguments, environment: ["ZOO_HOME": home.path, "ZOO_REGISTRY": "", "ZOO_CATALOG": Self.shippedCatalog.path])
    }

    /// The command failed with exit status 1 and exactly one stderr line starting with `prefix`.
    private func assertOneLineFailure(_ r: ZooProcess.Result, _ prefix: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix(prefix), r.stderr, file: file, line: line)
    }

    /// Flips the lowest bit of the byte at `offset` of `file`, in place.
    private func flipBit(atOffset offset: UInt64, of file: URL) throws {
        let handle = try FileHandle(forUpdating: file)
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        let byte = try XCTUnwrap(handle.read(upToCount: 1))
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data([byte[0] ^ 1]))
    }

    private func cachedModels() throws -> [Any] {
        let r = try zoo("cache", "list", "--json")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return json?["models"] as? [Any] ?? []
    }

    func testShippedCatalogListFetchVerifyRepair() throws {
        let list = try zoo("list")
        XCTAssertEqual(list.status, 0, list.stderr)
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        XCTAssertEqual(rows.first, "NAME VERSION FAMILY TASK PARAMS CACHED", list.stdout)
        XCTAssertTrue(rows.contains("poetry-tang-lstm \(shipped.version) LSTM poetry-generation 4,485,718 -"), list.stdout)
        XCTAssertTrue(rows.contains("FAMILY PLUGIN LAYERS PRESETS (zoo train) GENERATORS (zoo generate)"), list.stdout)
        XCTAssertTrue(list.stdout.split(separator: "\n").contains { $0.hasPrefix("Poetry     Poetry     -  ") && $0.hasSuffix("  poetry") }, list.stdout)
        let fetch = try zoo("fetch", "poetry-tang-lstm")
        let installed = home.appendingPathComponent("models/poetry-tang-lstm/\(shipped.version)")
        XCTAssertEqual(fetch.status, 0, fetch.stderr)
        XCTAssertEqual(fetch.stdout, "poetry-tang-lstm@\(shipped.version) \(installed.path) (\(shipped.megabytes) fetched)\n")
        XCTAssertTrue(fetch.stderr.hasPrefix("poetry-tang-lstm@\(shipped.version): \(shipped.megabytes) in "), fetch.stderr)
        XCTAssertTrue(fetch.stderr.hasSuffix("), sha256 verified\n"), fetch.stderr)
        XCTAssertTrue(try zoo("list", "--json").stdout.contains("\"cached\": [\"\(shipped.version)\"]"))

        let verified = try zoo("cache", "verify")
        XCTAssertEqual(verified.status, 0, verified.stderr)
        XCTAssertEqual(verified.stdout, "poetry-tang-lstm@\(shipped.version): ok (1 file)\n")
        try flipBit(atOffset: 2_000_000, of: installed.appendingPathComponent(shipped.bundle))
        let damaged = try zoo("cache", "verify")
        assertOneLineFailure(damaged, "zoo cache verify: 1 of 1 cached models damaged (poetry-tang-lstm@\(shipped.version)); repair with zoo cache rm NAME@VERSION, then zoo fetch NAME@VERSION")
        XCTAssertTrue(damaged.stdout.hasPrefix("poetry-tang-lstm@\(shipped.version): \(shipped.bundle): sha256 mismatch (expected \(shipped.digest.prefix(16))…, got "), damaged.stdout)

        XCTAssertEqual(try zoo("cache", "rm", "poetry-tang-lstm@\(shipped.version)").stdout, "removed poetry-tang-lstm@\(shipped.version) (\(shipped.cachedMegabytes))\n")
        assertOneLineFailure(try zoo("cache", "rm", "poetry-tang-lstm"), "zoo cache rm: poetry-tang-lstm: not in the cache at \(home.path)")
        XCTAssertEqual(try zoo("fetch", "poetry-tang-lstm@\(shipped.version)").status, 0)
        XCTAssertEqual(try zoo("cache", "verify").status, 0)
    }

    /// A damaged cached copy is never read: a pinned version the shipped catalog has too, and an
    /// unpinned name, come from the shipped catalog (the same poem as its bundle gives); a pinned
    /// version, or a name, only the cache has fails in one line naming the damage.
    func testGenerateNeverReadsADamagedCachedCopy() throws {
        XCTAssertEqual(try zoo("fetch", "poetry-tang-lstm").status, 0)
        let versions = home.appendingPathComponent("models/poetry-tang-lstm")
        try flipBit(atOffset: 2_000_000, of: versions.appendingPathComponent("\(shipped.version)/\(shipped.bundle)"))
        try FileManager.default.copyItem(at: versions.appendingPathComponent(shipped.version), to: versions.appendingPathComponent("9.9.9"))

        let bundle = Self.shippedCatalog.appendingPathComponent("\(shipped.path)/\(shipped.bundle)").path
        let expected = try zoo("generate", "poetry", "--seed", "4", "--prompt", "春眠", "--model", bundle)
        XCTAssertEqual(expected.status, 0, expected.stderr)
        for model in ["poetry-tang-lstm@\(shipped.version)", "poetry-tang-lstm"] {
            let r = try zoo("generate", "poetry", "--seed", "4", "--prompt", "春眠", "--model", model)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(r.stdout, expected.stdout, model)
        }
        assertOneLineFailure(try zoo("generate", "poetry", "--seed", "4", "--model", "poetry-tang-lstm@9.9.9"),
                             "zoo generate poetry: poetry-tang-lstm@9.9.9: the cached copy is damaged (card.json: describes poetry-tang-lstm@\(shipped.version), not poetry-tang-lstm@9.9.9); repair with zoo cache rm poetry-tang-lstm@9.9.9, then zoo fetch poetry-tang-lstm@9.9.9")
        let other = home.appendingPathComponent("models/poetry-copy")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: versions.appendingPathComponent("9.9.9"), to: other.appendingPathComponent("1.0.0"))
        assertOneLineFailure(try zoo("generate", "poetry", "--seed", "4", "--model", "poetry-copy"),
                             "zoo generate poetry: poetry-copy@1.0.0: the cached copy is damaged (card.json: describes poetry-tang-lstm@\(shipped.version), not poetry-copy@1.0.0); repair with zoo cache rm poetry-copy@1.0.0, then zoo fetch poetry-copy@1.0.0")
    }

    func testEachBrokenRegistryFailsInOneLineThenTheRepairedOneWorks() throws {
        let good = try Data(contentsOf: registryWeights)
        var tampered = good
        tampered[1_000_000] ^= 0x40
        try tampered.write(to: registryWeights)
        let r = try zoo("fetch", "poetry-tang-lstm", "--registry", registry.path)
        assertOneLineFailure(r, "zoo fetch: poetry-tang-lstm@\(shipped.version): \(shipped.bundle): sha256 mismatch (expected \(shipped.digest.prefix(16))…, got ")
        XCTAssertTrue(r.stderr.hasSuffix(") from \(registryWeights.path); nothing was installed\n"), r.stderr)
        XCTAssertTrue(try cachedModels().isEmpty)

        try FileManager.default.removeItem(at: registryWeights)
        assertOneLineFailure(try zoo("fetch", "poetry-tang-lstm", "--registry", registry.path),
                             "zoo fetch: poetry-tang-lstm@\(shipped.version): \(shipped.bundle): \(registryWeights.path): no such file; nothing was installed")
        try good.write(to: registryWeights)

        let index = registry.appendingPathComponent("index.json")
        let goodIndex = try String(contentsOf: index, encoding: .utf8)
        try goodIndex.replacingOccurrences(of: String(shipped.cardDigest.prefix(16)), with: "0000000000000000").write(to: index, atomically: true, encoding: .utf8)
        assertOneLineFailure(try zoo("fetch", "poetry-tang-lstm", "--registry", registry.path),
                             "zoo fetch: poetry-tang-lstm@\(shipped.version): \(registry.path)/\(shipped.path)/card.json: sha256 mismatch with the index's card_sha256 (expected 0000000000000000…, got \(shipped.cardDigest.prefix(16))…); nothing was installed")
        try "{\"format\": \"rnnzoo-catalog\", \"version\": 7, \"models\": []}".write(to: index, atomically: true, encoding: .utf8)
        assertOneLineFailure(try zoo("list", "--registry", registry.path),
                             "zoo list: \(index.path): catalog index format version 7 is newer than this zoo reads (1); update zoo")
        XCTAssertTrue(try cachedModels().isEmpty)

        try goodIndex.write(to: index, atomically: true, encoding: .utf8)
        let fixed = try zoo("fetch", "poetry-tang-lstm", "--registry", "file://" + registry.path)
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertEqual(try cachedModels().count, 1)
    }

    func testCachedModelWorksWithTheRegistryGone() throws {
        XCTAssertEqual(try zoo("fetch", "poetry-tang-lstm", "--registry", registry.path).status, 0)
        try FileManager.default.removeItem(at: registry)
        let info = try zoo("info", "poetry-tang-lstm", "--registry", registry.path)
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.hasPrefix("poetry-tang-lstm \(shipped.version)\nfamily: LSTM\n"), info.stdout)
        XCTAssertTrue(info.stdout.contains("  \(shipped.bundle)  \(shipped.groupedSize) bytes  sha256 \(shipped.digest)\n"), info.stdout)
        XCTAssertTrue(info.stdout.contains("  license: corpus repository MIT"), info.stdout)
        XCTAssertTrue(info.stdout.hasSuffix("cached: \(home.path)/models/poetry-tang-lstm/\(shipped.version)\n"), info.stdout)

        let list = try zoo("list", "tang", "--registry", registry.path)
        XCTAssertEqual(list.status, 0)
        XCTAssertEqual(list.stderr, "zoo list: registry \(registry.path): no such folder; listing the cached models only\n")
        XCTAssertTrue(list.stdout.hasSuffix("poetry-tang-lstm  \(shipped.version)    LSTM    poetry-generation  4,485,718  \(shipped.version)\n"), list.stdout)

        let newest = try zoo("fetch", "poetry-tang-lstm", "--registry", registry.path)
        XCTAssertEqual(newest.status, 0)
        XCTAssertEqual(newest.stderr, "zoo fetch: registry \(registry.path): no such folder; using the cached poetry-tang-lstm@\(shipped.version)\n")
        let pinned = try zoo("fetch", "poetry-tang-lstm@\(shipped.version)", "--registry", "http://127.0.0.1:9/")
        XCTAssertEqual(pinned.status, 0)
        XCTAssertEqual(pinned.stderr, "")
        XCTAssertTrue(pinned.stdout.hasSuffix("(cached and verified, nothing fetched)\n"))
        XCTAssertEqual(try zoo("info", "poetry-tang-lstm@\(shipped.version)", "--registry", "http://127.0.0.1:9/").stdout, info.stdout)
        assertOneLineFailure(try zoo("info", "poetry-tang-lstm@9.9", "--registry", registry.path),
                             "zoo info: poetry-tang-lstm@9.9: registry \(registry.path): no such folder, and the cache has no such model")
    }

    func testPublishListFetchPrune() throws {
        let own = folder.appendingPathComponent("own")
        for (version, family) in [("0.9.1", "GRU"), ("0.10.0", "GRU")] {
            let bundle = folder.appendingPathComponent("tiny-\(version).zip")
            try makeBundle(bundle, card: "{\"name\": \"tiny-gru\", \"version\": \"\(version)\", \"family\": \"\(family)\", \"task\": \"demo\", \"parameters\": 1234, \"extra\": {\"kept\": true}}")
            let r = try zoo("publish", bundle.path, "--registry", own.path)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.hasPrefix("published tiny-gru@\(version) to \(own.path)/tiny-gru/\(version) (tiny-\(version).zip, "), r.stdout)
        }
        XCTAssertEqual(try zoo("list", "--registry", own.path, "--family", "gru").stdout, """
            NAME      VERSION  FAMILY  TASK  PARAMS  CACHED
            tiny-gru  0.10.0   GRU     demo   1,234  -

            FAMILY  PLUGIN  LAYERS         PRESETS (zoo train)  GENERATORS (zoo generate)
            GRU     GRU     GRU, CuDNNGRU  -                    -

            """)
        XCTAssertEqual(try zoo("list", "t?ny-*", "--registry", own.path, "--task", "other").stdout, "NAME  VERSION  FAMILY  TASK  PARAMS  CACHED\n")
        XCTAssertEqual(try zoo("fetch", "tiny-gru@0.9.1", "--registry", own.path).status, 0)
        XCTAssertEqual(try zoo("fetch", "tiny-gru", "--registry", own.path).status, 0)
        let list = try zoo("list", "tiny", "--json", "--registry", own.path)
        let rows = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["models"] as? [[String: Any]])
        XCTAssertEqual(rows.first?["versions"] as? [String], ["0.9.1", "0.10.0"])
        XCTAssertEqual(rows.first?["cached"] as? [String], ["0.9.1", "0.10.0"])
        let info = try zoo("info", "tiny-gru", "--json", "--registry", own.path)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["cached"] as? String, home.appendingPathComponent("models/tiny-gru/0.10.0").path)
        let card = try XCTUnwrap(json["card"] as? [String: Any])
        XCTAssertEqual((card["extra"] as? [String: Any])?["kept"] as? Bool, true)
        XCTAssertEqual(((card["files"] as? [[String: Any]])?.first)?["name"] as? String, "tiny-0.10.0.zip")

        let prune = try zoo("cache", "prune", "--json")
        XCTAssertEqual(prune.status, 0, prune.stderr)
        let pruned = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(prune.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((pruned["removed"] as? [[String: Any]])?.map { $0["version"] as? String }, ["0.9.1"])
        XCTAssertEqual(try cachedModels().count, 1)

        let noCard = folder.appendingPathComponent("nocard.zip")
        try makeBundle(noCard, card: nil)
        assertOneLineFailure(try zoo("publish", noCard.path, "--registry", own.path), "zoo publish: \(noCard.path): no card.json in the bundle")
    }

    /// A zoo bundle made by Python's zipfile: .keras members and, unless nil, card.json.
    private func makeBundle(_ url: URL, card: String?) throws {
        let python = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("config.json", '{"class_name": "Sequential"}')
                z.writestr("metadata.json", '{"keras_version": "3.15.1"}')
                z.writestr("model.weights.h5", bytes(range(256)) * 40)
                if len(sys.argv) > 2:
                    z.writestr("card.json", sys.argv[2])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", python, url.path] + (card.map { [$0] } ?? [])
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }
}
