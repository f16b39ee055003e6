import Foundation
import ZooCore

/// A registry's index.json: {"format": "rnnzoo-catalog", "version": 1, "models": [entry, …]}.
/// Each version of a model is its own entry.
public struct CatalogIndex: Codable, Sendable {
    /// The format tag every index carries.
    public static let formatTag = "rnnzoo-catalog"
    /// The newest index format this zoo reads and the one it writes.
    public static let formatVersion = 1

    public var format: String
    public var version: Int
    public var models: [CatalogEntry]

    public init(models: [CatalogEntry] = []) {
        format = CatalogIndex.formatTag
        version = CatalogIndex.formatVersion
        self.models = models
    }

    /// Reads index.json text; `source` (its path or URL) names it in every error, each one line.
    public init(data: Data, source: String) throws {
        struct Header: Decodable { var format: String?; var version: Int? }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw ZooError("\(source): not a catalog index (not a JSON object)")
        }
        guard header.format == CatalogIndex.formatTag else {
            throw ZooError("\(source): not a catalog index (format \(header.format.map { "'\(TerminalText.escaped($0))'" } ?? "missing"), expected '\(CatalogIndex.formatTag)')")
        }
        guard let version = header.version, version >= 1 else { throw ZooError("\(source): catalog index without a valid \"version\"") }
        guard version <= CatalogIndex.formatVersion else {
            throw ZooError("\(source): catalog index format version \(version) is newer than this zoo reads (\(CatalogIndex.formatVersion)); update zoo")
        }
        do {
            self = try JSONDecoder().decode(CatalogIndex.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ZooError("\(source): invalid catalog index: \(CatalogIndex.path(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ZooError("\(source): invalid catalog index: \(CatalogIndex.path(context.codingPath)) has the wrong type")
        } catch {
            throw ZooError("\(source): invalid catalog index")
        }
        for entry in models {
            try PathComponent.check(entry.name, what: "model name", in: source)
            try PathComponent.check(entry.version, what: "version", in: source)
            let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false)
            for part in parts { try PathComponent.check(String(part), what: "path of \(entry.reference)", in: source) }
        }
    }

    /// "models[0].card_sha256" for a decoding error.
    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { text, key in
            key.intValue.map { text + "[\($0)]" } ?? (text.isEmpty ? key.stringValue : text + "." + key.stringValue)
        }
    }

    /// The entry of `name` at exactly `version`.
    public func entry(_ name: String, version: String) -> CatalogEntry? {
        models.first { $0.name == name && $0.version == version }
    }

    /// The newest version of `name` (numeric per dot component).
    public func newest(_ name: String) -> CatalogEntry? {
        versions(of: name).last
    }

    /// Every entry of `name`, oldest version first.
    public func versions(of name: String) -> [CatalogEntry] {
        models.filter { $0.name == name }.sorted { ModelVersion($0.version) < ModelVersion($1.version) }
    }

    /// The newest entry of each model name, by name.
    public var newestOfEach: [CatalogEntry] {
        Set(models.map(\.name)).sorted().compactMap { newest($0) }
    }

    /// The index with `entry` added, or replacing the entry of the same name and version; entries
    /// sorted by name, then version.
    public func replacing(_ entry: CatalogEntry) -> CatalogIndex {
        var copy = self
        copy.models = models.filter { !($0.name == entry.name && $0.version == entry.version) } + [entry]
        copy.models.sort { ($0.name, ModelVersion($0.version)) < ($1.name, ModelVersion($1.version)) }
        return copy
    }

    /// index.json text: indented, keys sorted, a final newline.
    public func serialized() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
