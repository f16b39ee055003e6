import ZooCore

/// Writes poems with the verse form and the rules guaranteed by constrained decoding: at a
/// punctuation slot the form's `，`/`。` is fed, at a character slot the sampler may only choose a
/// Chinese character (punctuation and the boundary are masked out) that `PoemConstraints` allows
/// (rhyme group, tonal pattern), with repeated characters penalised (`PoemRules`), and forced
/// characters (the prompt, acrostic heads) are fed instead of sampled. Nothing is retried or cut.
/// The character model runs in the core's `SamplingLoop`; this type decides each step.
public final class PoemDecoder {
    let loop: SamplingLoop
    public let vocabulary: CharVocabulary
    /// allowed[id]: the symbol may fill a character slot.
    let allowed: [Bool]
    let prosody: TokenProsody

    public init(model: Model, vocabulary: CharVocabulary, prosody: Prosody = .tang) throws {
        loop = try SamplingLoop(model: model)
        guard loop.vocabularySize == vocabulary.count else {
            throw PoetryError("the model predicts \(loop.vocabularySize) symbols but the vocabulary has \(vocabulary.count)")
        }
        for p in [PoemForm.comma, PoemForm.period] where vocabulary.id(of: p) == nil {
            throw PoetryError("the vocabulary lacks '\(p)'")
        }
        self.vocabulary = vocabulary
        allowed = vocabulary.symbols.map { c in c.unicodeScalars.count == 1 && (0x4E00...0x9FFF).contains(c.unicodeScalars.first!.value) }
        self.prosody = TokenProsody(prosody, vocabulary: vocabulary, allowed: allowed)
    }

    /// One poem of `form` obeying `rules`. `prompt` (vocabulary characters, punctuation allowed
    /// where the form puts it) starts the poem; `acrostic` gives the first character of each verse.
    public func poem(form: PoemForm, rules: PoemRules = PoemRules(), prompt: [Character] = [], acrostic: [Character] = [],
                     sampler: inout Sampler, rng: inout SeededGenerator) throws -> [String] {
        let forced = try plan(form: form, prompt: prompt, acrostic: acrostic)
        var constraints = try PoemConstraints(form: form, rules: rules, forced: forced, prosody: prosody)
        var verses: [String] = []
        var verse: [Int] = []
        var occurrences: [Int: Int] = [:]
        var p = 0
        let ending = loop.run(sampler: &sampler, rng: &rng, next: { logits in
            guard p < form.length else { return .stop }
            if let f = forced[p] { return .force(f) }
            penalise(logits, occurrences: occurrences, verse: verse, penalty: rules.repetitionPenalty)
            let index = verse.count
            let tripled = rules.repetitionPenalty > 0 && index >= 2 && verse[index - 1] == verse[index - 2] ? verse[index - 1] : -1
            let mask = constraints.mask(verse: verses.count, index: index)
            return .sample(allowed: { self.allowed[$0] && $0 != tripled && mask?[$0] ?? true })
        }, took: { token in
            if case .punctuation = form.slot(p) {
                verses.append(String(verse.map { vocabulary.symbols[$0] }) + String(vocabulary.symbols[token]))
                verse = []
            } else {
                constraints.take(token, verse: verses.count, index: verse.count)
                verse.append(token)
                occurrences[token, default: 0] += 1
            }
            p += 1
        })
        guard ending == .stopped else { throw PoetryError("no character may follow") }
        return verses
    }

    /// Lowers the logit of each character already in the poem by `penalty` per occurrence, one
    /// occurrence fewer for the character just before in the verse (reduplication, 叠字).
    private func penalise(_ logits: UnsafeMutablePointer<Float>, occurrences: [Int: Int], verse: [Int], penalty: Float) {
        guard penalty > 0 else { return }
        for (token, n) in occurrences {
            logits[token] -= penalty * Float(token == verse.last ? n - 1 : n)
        }
    }

    /// The forced token of each position (punctuation, prompt, heads), checking they agree.
    func plan(form: PoemForm, prompt: [Character], acrostic: [Character]) throws -> [Int?] {
        guard acrostic.isEmpty || acrostic.count == form.verses else {
            throw PoetryError("--acrostic gives \(acrostic.count) heads for \(form.verses) verses")
        }
        guard prompt.count <= form.length else { throw PoetryError("the prompt (\(prompt.count) symbols) is longer than a \(form.name) (\(form.length))") }
        var forced = [Int?](repeating: nil, count: form.length)
        for p in 0..<form.length {
            switch form.slot(p) {
            case .punctuation(let c):
                forced[p] = vocabulary.id(of: c)
                if p < prompt.count && prompt[p] != c {
                    throw PoetryError("prompt symbol \(p + 1) '\(prompt[p])' falls where a \(form.name) has '\(c)'")
                }
            case .character(let verse, let index):
                if p < prompt.count {
                    guard allowed[vocabulary.id(of: prompt[p]) ?? 0] else {
                        throw PoetryError("prompt symbol \(p + 1) '\(prompt[p])' falls where a \(form.name) needs a character")
                    }
                    forced[p] = vocabulary.id(of: prompt[p])
                }
                if index == 0 && !acrostic.isEmpty {
                    let head = acrostic[verse]
                    guard let id = vocabulary.id(of: head), allowed[id] else { throw PoetryError("acrostic head '\(head)' is not a character of the model") }
                    if let f = forced[p], f != id {
                        throw PoetryError("the prompt starts verse \(verse + 1) with '\(prompt[p])' but the acrostic head is '\(head)'")
                    }
                    forced[p] = id
                }
            }
        }
        return forced
    }
}
