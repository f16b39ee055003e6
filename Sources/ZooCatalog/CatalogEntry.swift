/// One (name, version) of a model in a catalog index: what `zoo list` shows without reading the
/// card, where the model's folder is (`path`, relative to the index) and the SHA-256 of its card.json.
public struct CatalogEntry: Codable, Equatable, Sendable {
    public var name: String
    public var version: String
    public var family: String?
    public var task: String?
    public var summary: String?
    /// The number of weights.
    public var parameters: Int?
    /// The model's folder relative to the index, '/'-separated.
    public var path: String
    /// SHA-256 of the folder's card.json, 64 lowercase hex digits.
    public var cardSHA256: String

    public init(name: String, version: String, family: String?, task: String?, summary: String?, parameters: Int?, path: String, cardSHA256: String) {
        self.name = name
        self.version = version
        self.family = family
        self.task = task
        self.summary = summary
        self.parameters = parameters
        self.path = path
        self.cardSHA256 = cardSHA256
    }

    /// The entry for `card`, whose card.json has digest `cardSHA256` and lies in folder `path`.
    public init(card: ModelCard, path: String, cardSHA256: String) {
        self.init(name: card.name, version: card.version, family: card.family, task: card.task, summary: card.summary,
                  parameters: card.parameters, path: path, cardSHA256: cardSHA256)
    }

    public var reference: String { "\(name)@\(version)" }

    enum CodingKeys: String, CodingKey {
        case name, version, family, task, summary, parameters, path
        case cardSHA256 = "card_sha256"
    }
}
