import ZooCore

/// `Prosody` looked up once per vocabulary entry, for the masks of constrained decoding.
struct TokenProsody: Sendable {
    let symbols: [Character]
    /// groups[token]: the level-tone rhyme groups of the token's character.
    let groups: [[Int]]
    /// tones[token]: the tones its character can take.
    let tones: [Prosody.Tones]
    /// members[g]: the tokens of group g that may fill a character slot.
    let members: [[Int]]
    /// names[g]: the group's name (上平聲一東 …).
    let names: [String]
    /// fitting[tones.rawValue][token]: the token can take one of `tones`.
    let fitting: [[Bool]]

    /// `allowed[token]`: the token may fill a character slot at all.
    init(_ prosody: Prosody, vocabulary: CharVocabulary, allowed: [Bool]) {
        symbols = vocabulary.symbols
        groups = vocabulary.symbols.enumerated().map { id, c in allowed[id] ? prosody.groups(of: c) : [] }
        tones = vocabulary.symbols.enumerated().map { id, c in allowed[id] ? prosody.tones(of: c) : [] }
        var members = [[Int]](repeating: [], count: prosody.groupNames.count)
        for (id, gs) in groups.enumerated() { for g in gs { members[g].append(id) } }
        self.members = members
        names = prosody.groupNames
        let tones = self.tones
        fitting = (0...3).map { raw in tones.map { !$0.isDisjoint(with: Prosody.Tones(rawValue: UInt8(raw))) } }
    }
}
