/// The shape of a regulated Tang poem: `verses` (4: 绝句, 8: 律诗) of `charactersPerVerse`
/// (5: 五言, 7: 七言) characters, each verse followed by `，` (odd verses) or `。` (even).
public struct PoemForm: Sendable, Equatable {
    public let charactersPerVerse: Int
    public let verses: Int

    public static let comma: Character = "，"
    public static let period: Character = "。"

    public init(charactersPerVerse: Int, verses: Int) throws {
        guard charactersPerVerse == 5 || charactersPerVerse == 7 else {
            throw PoetryError("form must be 5 or 7 characters per verse, got \(charactersPerVerse)")
        }
        guard verses == 4 || verses == 8 else { throw PoetryError("a poem has 4 or 8 verses, got \(verses)") }
        self.charactersPerVerse = charactersPerVerse
        self.verses = verses
    }

    /// Symbols in the poem, punctuation included.
    public var length: Int { verses * (charactersPerVerse + 1) }

    /// What position `p` (0 ..< length) holds.
    public enum Slot: Equatable {
        /// Character `index` of verse `verse`.
        case character(verse: Int, index: Int)
        case punctuation(Character)
    }

    public func slot(_ p: Int) -> Slot {
        let verse = p / (charactersPerVerse + 1), index = p % (charactersPerVerse + 1)
        if index == charactersPerVerse { return .punctuation(verse % 2 == 0 ? PoemForm.comma : PoemForm.period) }
        return .character(verse: verse, index: index)
    }

    /// The Chinese name of the form (五言绝句, 七言律诗, ...).
    public var name: String {
        (charactersPerVerse == 5 ? "五言" : "七言") + (verses == 4 ? "绝句" : "律诗")
    }
}
