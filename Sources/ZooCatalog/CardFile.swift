import ZooCore

/// One file of a model as its card lists it: the name inside the model's folder, the size in
/// bytes and the SHA-256 of the content (64 lowercase hex digits).
public struct CardFile: Equatable, Sendable {
    public let name: String
    /// Size in bytes.
    public let size: Int64
    public let sha256: String

    public init(name: String, size: Int64, sha256: String) {
        self.name = name
        self.size = size
        self.sha256 = sha256
    }

    /// Reads one element of a card's "files"; `card` names the card in errors. The name must be a
    /// plain file name (not card.json), the size a whole number of bytes, the digest 64 hex digits.
    init(json: JSONValue, card: String) throws {
        guard let name = json["name"]?.stringValue else { throw ZooError("\(card): a file has no \"name\"") }
        try PathComponent.check(name, what: "file name", in: card)
        guard name != "card.json" else { throw ZooError("\(card): a model file may not be named card.json") }
        guard let size = json["size"]?.intValue, size >= 0 else { throw ZooError("\(card): \(name): \"size\" is not a byte count") }
        guard let digest = json["sha256"]?.stringValue, digest.count == 64, digest.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw ZooError("\(card): \(name): \"sha256\" is not 64 lowercase hex digits")
        }
        self.init(name: name, size: Int64(size), sha256: digest)
    }

    /// The card's JSON form: {"name", "size", "sha256"}.
    var json: JSONValue {
        ["name": .string(name), "size": .number(Double(size)), "sha256": .string(sha256)]
    }
}
