import Foundation
import ZooCore

/// A model card (card.json): what the model is, how it was trained, and its files with their
/// sizes and SHA-256. The whole JSON object is kept, in its key order, so that fields this
/// version of zoo does not know survive when a card is re-written; the known fields are read
/// through the accessors below.
public struct ModelCard: Sendable {
    /// The card as read, every field included.
    public let json: JSONValue
    /// What errors call the card (its path or URL).
    public let source: String
    /// The files listed under "files" (none when the card has no such list).
    public let files: [CardFile]

    /// Parses card.json text; `source` names it in errors. The card must be a JSON object with a
    /// string "name" and "version" (both plain names) and, when present, a valid "files" list.
    public init(data: Data, source: String) throws {
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch let error as ZooError {
            throw ZooError("\(source): not a model card: \(error.message)")
        }
        try self.init(json: json, source: source)
    }

    public init(json: JSONValue, source: String) throws {
        guard json.objectValue != nil else { throw ZooError("\(source): not a model card: not a JSON object") }
        guard let name = json["name"]?.stringValue, let version = json["version"]?.stringValue else {
            throw ZooError("\(source): a model card needs a string \"name\" and \"version\"")
        }
        try PathComponent.check(name, what: "model name", in: source)
        try PathComponent.check(version, what: "version", in: source)
        self.json = json
        self.source = source
        files = try ModelCard.readFiles(json["files"], source: source)
    }

    public var name: String { json["name"]?.stringValue ?? "" }
    public var version: String { json["version"]?.stringValue ?? "" }
    public var family: String? { json["family"]?.stringValue }
    public var task: String? { json["task"]?.stringValue }
    public var summary: String? { json["summary"]?.stringValue }
    /// The number of trainable and non-trainable weights.
    public var parameters: Int? { json["parameters"]?.intValue }

    private static func readFiles(_ list: JSONValue?, source: String) throws -> [CardFile] {
        guard let list else { return [] }
        guard let items = list.arrayValue else { throw ZooError("\(source): \"files\" is not a list") }
        let files = try items.map { try CardFile(json: $0, card: source) }
        if let twice = Dictionary(grouping: files, by: \.name).first(where: { $0.value.count > 1 }) {
            throw ZooError("\(source): file '\(twice.key)' is listed twice")
        }
        return files
    }

    /// A copy whose "files" list is `files` (replaced in place, or appended last).
    public func setting(files: [CardFile]) throws -> ModelCard {
        try ModelCard(json: json.setting("files", .array(files.map(\.json))), source: source)
    }

    /// The card as written to card.json: indented JSON and a final newline.
    public var serialized: Data {
        Data((json.serialized(pretty: true) + "\n").utf8)
    }
}
