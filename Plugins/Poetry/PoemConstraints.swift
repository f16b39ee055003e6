/// What the characters of one poem may still be while it is decoded, without look-ahead: the
/// rhyme groups that every rhyme so far belongs to (each with enough unused characters for the
/// rhymes to come), the rhyme characters used, and the tonal patterns that every character so
/// far fits. Characters fixed in advance (prompt, acrostic heads) are checked when it is made,
/// so a choice it allows never leads to a dead end.
struct PoemConstraints {
    let form: PoemForm
    /// rhymes[v]: verse v ends in a rhyme.
    let rhymes: [Bool]
    let pattern: TonalPattern?
    private let prosody: TokenProsody
    /// Rhyme groups still open; every rhyme so far belongs to each.
    private(set) var groups: Set<Int>
    /// Rhyme characters used or fixed in advance.
    private(set) var usedRhymes: Set<Int>
    /// Pattern starts (`TonalPattern`) still open.
    private(set) var starts: [Prosody.Tones]

    /// `forced[p]`: the token fixed at position p (0 ..< form.length), if any. Refuses, in one
    /// line, fixed characters that break the rules and rhyme groups too small for the poem.
    init(form: PoemForm, rules: PoemRules, forced: [Int?], prosody: TokenProsody) throws {
        self.form = form
        self.prosody = prosody
        let firstRhymes = rules.firstLineRhymes(in: form)
        rhymes = (0..<form.verses).map { rules.rhyme && ($0 % 2 == 1 || ($0 == 0 && firstRhymes)) }
        pattern = rules.strictTones ? TonalPattern(form: form, firstLineRhymes: firstRhymes) : nil
        groups = []
        usedRhymes = []
        starts = [.level, .oblique]
        var freeRhymes = 0
        var forcedRhymes: [(position: Int, verse: Int, token: Int)] = []
        for v in 0..<form.verses where rhymes[v] {
            let p = v * (form.charactersPerVerse + 1) + form.charactersPerVerse - 1
            if let token = forced[p] { forcedRhymes.append((p, v, token)) } else { freeRhymes += 1 }
        }
        if rules.rhyme { try chooseGroups(forcedRhymes, freeRhymes: freeRhymes) }
        if let pattern { try checkTones(pattern, forced: forced) }
    }

    /// The groups holding every fixed rhyme and enough other characters for the free rhymes.
    private mutating func chooseGroups(_ fixed: [(position: Int, verse: Int, token: Int)], freeRhymes: Int) throws {
        var open = Set(prosody.members.indices)
        for (p, v, token) in fixed {
            let c = prosody.symbols[token]
            guard !prosody.groups[token].isEmpty else {
                let hint = v == 0 ? " (--first-line-rhyme no lets the first verse end otherwise)" : ""
                throw PoetryError("prompt symbol \(p + 1) '\(c)' ends verse \(v + 1), which must rhyme, but is not a level-tone (平) rhyme character\(hint)")
            }
            guard !usedRhymes.contains(token) else { throw PoetryError("the prompt rhymes '\(c)' twice; a rhyme character may not repeat") }
            let shared = open.intersection(prosody.groups[token])
            guard !shared.isEmpty else {
                let earlier = fixed.map { prosody.symbols[$0.token] }.prefix { $0 != c }.map(String.init).joined()
                throw PoetryError("the prompt's rhymes '\(earlier)' and '\(c)' share no rhyme group")
            }
            open = shared
            usedRhymes.insert(token)
        }
        groups = open.filter { g in prosody.members[g].filter { !usedRhymes.contains($0) }.count >= freeRhymes }
        guard !groups.isEmpty else {
            let more = "\(freeRhymes) more rhyme\(freeRhymes == 1 ? "" : "s")"
            guard !fixed.isEmpty else { throw PoetryError("no rhyme group has the \(freeRhymes) characters in the model's vocabulary that a \(form.name) rhymes with") }
            let rhymes = fixed.map { String(prosody.symbols[$0.token]) }.joined()
            let names = open.sorted().map { prosody.names[$0] }.joined(separator: ", ")
            throw PoetryError("the rhyme group of '\(rhymes)' (\(names)) has too few other characters in the model's vocabulary for \(more)")
        }
    }

    /// Keeps the pattern starts that every fixed character fits; refuses when none is left.
    private mutating func checkTones(_ pattern: TonalPattern, forced: [Int?]) throws {
        var conflicts: [String] = []
        starts = starts.filter { start in
            for p in 0..<form.length {
                guard let token = forced[p], case let .character(v, i) = form.slot(p),
                      let tone = pattern.tone(verse: v, index: i, start: start), !prosody.tones[token].contains(tone) else { continue }
                let style = pattern.tone(verse: 0, index: 1, start: start) == .level ? "平起" : "仄起"
                conflicts.append("in the \(style) one '\(prosody.symbols[token])' (verse \(v + 1), character \(i + 1)) must be \(tone == .level ? "level (平)" : "oblique (仄)")")
                return false
            }
            return true
        }
        guard !starts.isEmpty else {
            throw PoetryError("--strict-tones: no tonal pattern fits the prompt and acrostic: \(conflicts.joined(separator: "; "))")
        }
    }

    /// mask[token]: the token may be character `index` of verse `verse`; nil when any may.
    func mask(verse: Int, index: Int) -> [Bool]? {
        var mask: [Bool]?
        if index == form.charactersPerVerse - 1 && rhymes[verse] {
            var rhyming = [Bool](repeating: false, count: prosody.symbols.count)
            for g in groups { for token in prosody.members[g] where !usedRhymes.contains(token) { rhyming[token] = true } }
            mask = rhyming
        }
        if let pattern {
            let required = starts.map { pattern.tone(verse: verse, index: index, start: $0) }
            if !required.contains(nil) {
                let tones = required.reduce(into: Prosody.Tones()) { $0.formUnion($1!) }
                let fitting = prosody.fitting[Int(tones.rawValue)]
                mask = mask.map { rhyming in zip(rhyming, fitting).map { $0 && $1 } } ?? fitting
            }
        }
        return mask
    }

    /// Records that `token` is character `index` of verse `verse`.
    mutating func take(_ token: Int, verse: Int, index: Int) {
        if index == form.charactersPerVerse - 1 && rhymes[verse] {
            groups.formIntersection(prosody.groups[token])
            usedRhymes.insert(token)
        }
        if let pattern {
            let tones = prosody.tones[token]
            starts = starts.filter { start in pattern.tone(verse: verse, index: index, start: start).map(tones.contains) ?? true }
        }
    }
}
