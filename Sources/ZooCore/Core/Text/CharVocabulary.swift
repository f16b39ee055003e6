/// A character vocabulary: id 0 is the boundary symbol "\n" (start and end of a text), then
/// the symbols of a corpus by falling frequency (ties by code point), so the file written for
/// a model lists its most common characters first.
public struct CharVocabulary: Sendable, Equatable {
    static let boundary: Character = "\n"
    public let symbols: [Character]
    private let ids: [Character: Int]

    public init(symbols: [Character]) throws {
        guard symbols.first == CharVocabulary.boundary else { throw ZooError("vocabulary: symbol 0 must be the boundary \"\\n\"") }
        var ids: [Character: Int] = [:]
        for (i, s) in symbols.enumerated() {
            guard ids[s] == nil else { throw ZooError("vocabulary: symbol '\(s)' appears twice") }
            ids[s] = i
        }
        self.symbols = symbols
        self.ids = ids
    }

    /// The vocabulary of `lines` (the boundary first, then by frequency).
    public init(corpus lines: [Substring]) {
        var counts: [Character: Int] = [:]
        for line in lines { for c in line { counts[c, default: 0] += 1 } }
        counts[CharVocabulary.boundary] = nil
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : String($0.key) < String($1.key) }.map(\.key)
        try! self.init(symbols: [CharVocabulary.boundary] + sorted)
    }

    public var count: Int { symbols.count }

    public func id(of c: Character) -> Int? { ids[c] }

    /// Ids of `text`; an unknown character is an error naming it and its position.
    public func encode(_ text: some StringProtocol) throws -> [Int] {
        try text.enumerated().map { i, c in
            guard let id = ids[c] else { throw ZooError("character '\(c)' (U+\(String(c.unicodeScalars.first!.value, radix: 16, uppercase: true))) at position \(i + 1) is not in the model's vocabulary") }
            return id
        }
    }

    public func decode(_ ids: [Int]) -> String {
        String(ids.map { symbols[$0] })
    }

    /// `{"symbols": ["\n", "不", ...]}`: what a bundle's vocabulary file and a checkpoint hold.
    public var json: JSONValue { ["symbols": .array(symbols.map { .string(String($0)) })] }

    public init(json: JSONValue) throws {
        guard let list = json["symbols"]?.arrayValue else { throw ZooError("vocabulary: expected {\"symbols\": [...]}") }
        try self.init(symbols: list.map { v in
            guard let s = v.stringValue, s.count == 1 else { throw ZooError("vocabulary: every symbol must be one character, got \(v.serialized())") }
            return s.first!
        })
    }
}
