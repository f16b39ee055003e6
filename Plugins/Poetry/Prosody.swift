import Foundation

/// The rhyme groups and level/oblique (平/仄) tones of characters: which characters may end the
/// rhyming verses of one poem, and which fit a position of the tonal pattern. `tang` is read
/// from `RhymeTable` (平水韵 plus what the corpus shows of the variants it lacks).
public struct Prosody: Sendable {
    /// The tones a character can take; a 多音字 such as 看 has both, an unknown one neither.
    public struct Tones: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// 平: the rhyme tone of regulated verse.
        public static let level = Tones(rawValue: 1)
        /// 仄: rising, departing and entering tones.
        public static let oblique = Tones(rawValue: 2)

        /// The other tone (level ↔ oblique).
        public var opposite: Tones { self == .level ? .oblique : .level }
    }

    /// Names of the level-tone rhyme groups (上平聲一東 …), indexed by group number.
    public let groupNames: [String]
    private let groups: [Character: [Int]]
    private let tones: [Character: Tones]

    /// The table shipped with the plugin.
    public static let tang = Prosody(levelGroups: [RhymeTable.levelGroups, RhymeTable.inferredLevelGroups],
                                     level: RhymeTable.inferredLevel, oblique: RhymeTable.oblique + RhymeTable.inferredOblique)

    /// `levelGroups`: lines `name:members` (a name seen again adds members to its group);
    /// `level`, `oblique`: further characters of each tone (whitespace ignored).
    public init(levelGroups: [String], level: String, oblique: String) {
        var names: [String] = []
        var groups: [Character: [Int]] = [:]
        var tones: [Character: Tones] = [:]
        for text in levelGroups {
            for line in text.split(separator: "\n") {
                let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let name = String(parts[0])
                let index = names.firstIndex(of: name) ?? names.count
                if index == names.count { names.append(name) }
                for c in parts[1] where !(groups[c]?.contains(index) ?? false) {
                    groups[c, default: []].append(index)
                    tones[c, default: []].insert(.level)
                }
            }
        }
        for c in level where !c.isWhitespace { tones[c, default: []].insert(.level) }
        for c in oblique where !c.isWhitespace { tones[c, default: []].insert(.oblique) }
        groupNames = names
        self.groups = groups
        self.tones = tones
    }

    /// The level-tone rhyme groups `c` belongs to (several for some 多音字; none for an oblique one).
    public func groups(of c: Character) -> [Int] { groups[c] ?? [] }

    /// The tones `c` can take (empty: unknown).
    public func tones(of c: Character) -> Tones { tones[c] ?? [] }

    /// Whether `characters` are distinct and share one level-tone rhyme group.
    public func rhyme(_ characters: [Character]) -> Bool {
        guard Set(characters).count == characters.count, let first = characters.first else { return false }
        return groups(of: first).contains { g in characters.allSatisfy { groups(of: $0).contains(g) } }
    }
}
