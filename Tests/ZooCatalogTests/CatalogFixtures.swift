import Archive
import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// Real files for the catalog tests: temporary folders, reproducible bytes, `sha256sum`.
enum CatalogFixtures {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-catalog-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `count` bytes from a 64-bit xorshift generator started at `seed`.
    static func pseudoRandomBytes(count: Int, seed: UInt64) -> Data {
        var x = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            bytes[i] = UInt8(truncatingIfNeeded: x >> 24)
        }
        return Data(bytes)
    }

    /// The digest `sha256sum` prints for `file`.
    static func sha256sum(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}

extension CatalogFixtures {
    /// A model version to put in a test registry: its files by name and the card's other fields.
    struct Model {
        var name: String
        var version: String
        var files: [(String, Data)]
        var fields: [(String, JSONValue)] = [("family", "LSTM"), ("task", "test")]
    }

    /// The weights of the standard test model: 1.5 MB, several HTTP and copy chunks.
    static let weights = pseudoRandomBytes(count: 1_500_000, seed: 11)
    static let vocabulary = Data("a\nb\nc\n".utf8)

    static func standardModel(version: String = "1.0.0") -> Model {
        Model(name: "tiny-lstm", version: version, files: [("weights.bin", weights), ("vocab.txt", vocabulary)])
    }

    /// Writes `models` into the registry folder `root`: `NAME/VERSION/` with the files and a
    /// card.json listing their sizes and sha256, and index.json with every card's sha256.
    static func writeRegistry(_ root: URL, _ models: [Model]) throws {
        var index = CatalogIndex()
        for model in models {
            let folder = root.appendingPathComponent(model.name).appendingPathComponent(model.version)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, data) in model.files { try data.write(to: folder.appendingPathComponent(name)) }
            let json = JSONValue.object([("name", .string(model.name)), ("version", .string(model.version))] + model.fields)
            let card = try ModelCard(json: json, source: "test").setting(files: model.files.map {
                CardFile(name: $0.0, size: Int64($0.1.count), sha256: SHA256.hex($0.1))
            })
            try card.serialized.write(to: folder.appendingPathComponent("card.json"))
            index = index.replacing(CatalogEntry(card: card, path: "\(model.name)/\(model.version)", cardSHA256: SHA256.hex(card.serialized)))
        }
        try index.serialized().write(to: root.appendingPathComponent("index.json"))
    }

    /// Rewrites `root/index.json` through `change`.
    static func editIndex(_ root: URL, _ change: (inout CatalogIndex) -> Void) throws {
        let file = root.appendingPathComponent("index.json")
        var index = try CatalogIndex(data: Data(contentsOf: file), source: file.path)
        change(&index)
        try index.serialized().write(to: file)
    }

    /// A copy of `data` with the byte at `offset` changed.
    static func flipping(_ data: Data, at offset: Int) -> Data {
        var copy = data
        copy[copy.startIndex + offset] ^= 0x5A
        return copy
    }

    /// A zoo bundle: a zip with the `.keras` members (config.json, metadata.json,
    /// model.weights.h5 — small stand-ins) and `card`, as card.json.
    static func bundle(card: String?) throws -> Data {
        var zip = ZipWriter()
        zip.add("config.json", data: Array(#"{"class_name": "Sequential"}"#.utf8))
        zip.add("metadata.json", data: Array(#"{"keras_version": "3.15.1"}"#.utf8))
        zip.add("model.weights.h5", data: [UInt8](pseudoRandomBytes(count: 70_000, seed: 5)))
        if let card { zip.add("card.json", data: Array(card.utf8)) }
        return Data(try zip.bytes())
    }
}
