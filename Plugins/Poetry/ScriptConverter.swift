import Foundation
import ZooCore

/// Maps simplified Chinese input to the corpus's traditional characters with OpenCC's
/// character table (STCharacters, Apache-2.0), shipped restricted to candidates that occur in
/// the corpus: `简<TAB>繁 繁…` per line. A character the model knows stays as it is unless the
/// table maps it; of several traditional candidates the one most frequent in the corpus wins
/// (后 → 後 in Tang poetry).
public struct ScriptConverter: Sendable {
    let table: [Character: [Character]]

    public init(table: [Character: [Character]]) {
        self.table = table
    }

    /// Parses the tab-separated table; a malformed line is an error naming `source` and the line.
    public init(text: String, source: String) throws {
        var table: [Character: [Character]] = [:]
        for (n, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2, parts[0].count == 1, let simplified = parts[0].first else {
                throw PoetryError("\(source): line \(n + 1) is not 'simplified<TAB>traditional…'")
            }
            table[simplified] = parts[1].split(separator: " ").compactMap(\.first)
        }
        self.table = table
    }

    /// `text` in the vocabulary's characters; a character that neither the vocabulary nor the
    /// table knows is an error naming it.
    public func convert(_ text: String, vocabulary: CharVocabulary, what: String) throws -> [Character] {
        try text.filter { !$0.isWhitespace }.map { c in
            if let candidates = table[c] {
                let known = candidates.filter { vocabulary.id(of: $0) != nil }
                if let best = known.min(by: { vocabulary.id(of: $0)! < vocabulary.id(of: $1)! }) { return best }
            }
            if vocabulary.id(of: c) != nil { return c }
            let code = String(c.unicodeScalars.first!.value, radix: 16, uppercase: true)
            throw PoetryError("\(what): '\(c)' (U+\(code)) is not in the poetry model's vocabulary, and the simplified→traditional table has no form of it that is")
        }
    }
}
