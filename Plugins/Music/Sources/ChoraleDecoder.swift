import Foundation
import ZooCore

/// Writes chorales by constrained decoding over a `chorale-lstm` model: the start token and the
/// bar/beat markers are the only tokens allowed where the layout puts them, and at a voice's
/// position the sampler may only choose that voice's tokens — a rest, a hold only right after
/// one of its notes, or a pitch that lies in its range of the model's vocabulary and, once
/// transposed to the requested key, in the range the voice sings in the training chorales —
/// that `ChoraleRules` allow (voice leading, the closing cadence). A primer's tokens are fed
/// instead of sampled.
///
/// The close is searched rather than sampled once: from `lookahead` sixteenths before the
/// cadence's dominant, `cadenceCandidates` completions to the end are sampled under the rules
/// (a completion that runs out of its backtracking budget is dropped and another one tried),
/// each refusing a token that would leave a lower voice of its step nothing allowed and backing
/// up a token at a time (excluding that choice) when a position has no allowed token left, and
/// the one the model finds most likely is kept. Before that stretch a rest is always allowed
/// (but in the opening chord, where looking ahead within the step suffices), so nothing needs
/// undoing. The model runs in the core's `SamplingLoop`; the close's search resumes it from the
/// checkpoints its frames keep.
public final class ChoraleDecoder {
    let loop: SamplingLoop
    public let vocabulary: MusicVocabulary
    /// The lowest and highest pitch each voice sings in the training chorales (MIDI numbers, as written).
    public let soundingRanges: [ClosedRange<Int>]
    /// Completions of the close sampled per piece.
    static let cadenceCandidates = 16
    /// Sixteenths before the dominant from which the close is searched (a half note).
    static let lookahead = 8
    /// Tokens one completion may take back before it is given up.
    static let backtrackBudget = 100
    /// Added to the logits of pitch onsets by pitch class (in A minor) when sampling in minor.
    /// The model pools every piece in C major or A minor and drifts to the relative major: its
    /// minor pieces sound the tonic A less than C, and the raised leading tone G♯ a third as
    /// often as Bach's minor chorales (G♯ : G 0.10 against 0.30). Favouring A and G♯ and
    /// disfavouring C brings the share of each degree in 16 generated minor pieces to Bach's
    /// (tonic 22 % against 19 %, third 14 against 13, leading tone 4.3 against 3.2).
    static let minorBias: [Int: Float] = [9: 0.4, 0: -0.4, 8: 1.0]
    /// Completions tried per one wanted before the search gives up.
    static let triesPerCandidate = 4

    public init(model: Model, vocabulary: MusicVocabulary, soundingRanges: [ClosedRange<Int>]) throws {
        loop = try SamplingLoop(model: model)
        guard loop.vocabularySize == vocabulary.count else {
            throw ZooError("the model predicts \(loop.vocabularySize) tokens but the music vocabulary has \(vocabulary.count)")
        }
        guard soundingRanges.count == 4 else { throw ZooError("the music model needs a sounding range per voice") }
        self.vocabulary = vocabulary
        self.soundingRanges = soundingRanges
    }

    /// [4][steps] voice steps in the reference key (C major or A minor, by `minor`): the primer's
    /// steps ([4][primer length], reference key), then sampled ones, closing on the cadence of
    /// `meter` and `steps`. `shift` is the transposition (semitones) from the reference key to
    /// the key the result will be played in.
    public func generate(meter: Meter, steps: Int, minor: Bool, shift: Int, primer: [[VoiceStep]], voiceLeading: VoiceLeading,
                         sampler: inout Sampler, rng: inout SeededGenerator) throws -> [[VoiceStep]] {
        let primed = primer.first?.count ?? 0
        let rules = ChoraleRules(voiceLeading: voiceLeading, cadence: try Cadence(meter: meter, steps: steps, minor: minor), opensOnTonic: primed == 0)
        guard primed <= rules.cadence.dominant.lowerBound else {
            throw ZooError("the primer lasts \(primed) sixteenths, into the closing cadence (its dominant begins at sixteenth \(rules.cadence.dominant.lowerBound) of \(steps)); ask for more bars")
        }
        let masks = Voice.allCases.map { voice in
            let range = soundingRanges[voice.rawValue]
            var allowed = [Bool](repeating: false, count: vocabulary.count)
            allowed[vocabulary.id(voice, .rest)!] = true
            for pitch in vocabulary.ranges[voice.rawValue] where range.contains(pitch + shift) {
                allowed[vocabulary.id(voice, .onset(pitch))!] = true
            }
            return allowed
        }
        let bias = minor ? vocabulary.tokens.indices.map { id -> Float in
            if case .onset(let pitch)? = vocabulary.step(id)?.step { return ChoraleDecoder.minorBias[pitch % 12] ?? 0 } else { return 0 }
        } : nil
        let slots = TokenLayout(meter: meter, steps: steps).slots
        let searchFrom = max(primed, rules.cadence.dominant.lowerBound - ChoraleDecoder.lookahead)
        let close = slots.firstIndex { if case .voice(_, let s) = $0 { return s >= searchFrom } else { return false } }!
        let closeStart = slots[close - 1] == .bar || slots[close - 1] == .beat ? close - 1 : close
        var draft = ChoraleDraft(voices: [])
        var slot = 1, drawing = (voice: Voice.soprano, s: 0)
        var closing: SamplingLoop.Checkpoint?
        _ = try loop.run(start: MusicVocabulary.start(minor: minor), sampler: &sampler, rng: &rng, next: { logits in
            guard slot < closeStart else {
                closing = loop.checkpoint()
                return .stop
            }
            switch slots[slot] {
            case .start: return .force(MusicVocabulary.start(minor: minor))
            case .bar: return .force(MusicVocabulary.bar)
            case .beat: return .force(MusicVocabulary.beat)
            case .voice(let voice, let s) where s < primed:
                let token = try primerToken(voice, primer[voice.rawValue][s], at: s)
                draft.append(primer[voice.rawValue][s], voice: voice.rawValue)
                return .force(token)
            case .voice(let voice, let s):
                let candidates = allowedTokens(voice, at: s, masks: masks, rules: rules, draft: &draft)
                if let bias { for id in bias.indices { logits[id] += bias[id] } }
                drawing = (voice, s)
                return .sample(allowed: { candidates[$0] })
            }
        }, took: { token in
            if case .voice(let voice, let s) = slots[slot], s >= primed { draft.append(vocabulary.step(token)!.step, voice: voice.rawValue) }
            slot += 1
        })
        guard let closing else {
            throw ZooError("no token may follow for the \(drawing.voice.name.lowercased()) at sixteenth \(drawing.s)")
        }
        var best: (score: Double, draft: ChoraleDraft)?
        let candidates = sampler.temperature == 0 ? 1 : ChoraleDecoder.cadenceCandidates
        var found = 0, tries = 0
        while found < candidates, tries < ChoraleDecoder.triesPerCandidate * candidates {
            tries += 1
            guard let completion = complete(slots[closeStart...], from: draft, at: closing, masks: masks, rules: rules, bias: bias,
                                            sampler: &sampler, rng: &rng) else { continue }
            found += 1
            if best == nil || completion.score > best!.score { best = completion }
        }
        guard let best else {
            throw ZooError("found no closing cadence from sixteenth \(searchFrom) in \(tries) tries")
        }
        return best.draft.voices
    }

    /// [V] whether each token may stand at `voice`'s position of step `s`. Where every voice must
    /// sound (the opening chord, the cadence) it looks ahead: a token is also refused when it
    /// would leave a voice below it at this step no token at all. `draft` is left as it was.
    private func allowedTokens(_ voice: Voice, at s: Int, masks: [[Bool]], rules: ChoraleRules, draft: inout ChoraleDraft) -> [Bool] {
        let v = voice.rawValue, hold = vocabulary.id(voice, .hold)!
        var allowed = masks[v]
        allowed[hold] = s > 0 && draft.voices[v][s - 1] != .rest
        let ahead = v < 3 && rules.mustSound(at: s)
        for id in allowed.indices where allowed[id] {
            let step = vocabulary.step(id)!.step
            allowed[id] = rules.allows(step, voice: v, at: s, in: draft)
            guard allowed[id], ahead else { continue }
            draft.append(step, voice: v)
            allowed[id] = ((v + 1)..<4).allSatisfy { below in mayWrite(below, at: s, masks: masks, rules: rules, draft: draft) }
            draft.removeLast(voice: v)
        }
        return allowed
    }

    /// Whether voice `v` has any token allowed at step `s` of `draft`.
    private func mayWrite(_ v: Int, at s: Int, masks: [[Bool]], rules: ChoraleRules, draft: ChoraleDraft) -> Bool {
        if s > 0, draft.voices[v][s - 1] != .rest, rules.allows(.hold, voice: v, at: s, in: draft) { return true }
        return masks[v].indices.contains { masks[v][$0] && rules.allows(vocabulary.step($0)!.step, voice: v, at: s, in: draft) }
    }

    /// One completion of `slots` (the close, to the end of the piece) after `start`, from
    /// `closing` (the model's state after `start` and its logits): sampled under the rules
    /// (`bias`, [V], added to the logits for sampling only), backing up a token whenever a
    /// position has no allowed token left; with the log-likelihood (nats) the unbiased model
    /// gives its tokens. Nil when the backtracking budget runs out.
    private func complete(_ slots: ArraySlice<TokenLayout.Slot>, from start: ChoraleDraft, at closing: SamplingLoop.Checkpoint, masks: [[Bool]],
                          rules: ChoraleRules, bias: [Float]?, sampler: inout Sampler, rng: inout SeededGenerator) -> (score: Double, draft: ChoraleDraft)? {
        /// A position of the close: the model's state and logits there, the tokens taken back
        /// from it, the one it holds and its log-likelihood.
        struct Frame {
            let checkpoint: SamplingLoop.Checkpoint
            var excluded: Set<Int> = []
            var token = -1
            var logLikelihood = 0.0
        }
        var draft = start
        var frames: [Frame] = []
        var budget = ChoraleDecoder.backtrackBudget
        let base = slots.startIndex
        var resume = closing, arrived = true
        while true {
            let ending = loop.run(from: resume, sampler: &sampler, rng: &rng, next: { logits in
                if arrived { frames.append(Frame(checkpoint: loop.checkpoint())) }
                arrived = true
                guard frames.count <= slots.count else { return .stop }
                var allowed = [Bool](repeating: false, count: vocabulary.count)
                switch slots[base + frames.count - 1] {
                case .start: allowed[MusicVocabulary.start(minor: rules.cadence.minor)] = true
                case .bar: allowed[MusicVocabulary.bar] = true
                case .beat: allowed[MusicVocabulary.beat] = true
                case .voice(let voice, let s): allowed = allowedTokens(voice, at: s, masks: masks, rules: rules, draft: &draft)
                }
                for t in frames[frames.count - 1].excluded { allowed[t] = false }
                if let bias { for id in bias.indices { logits[id] += bias[id] } }
                return .sample(allowed: { [allowed] in allowed[$0] })
            }, took: { token in
                let top = frames.count - 1
                if case .voice(let voice, _) = slots[base + top] { draft.append(vocabulary.step(token)!.step, voice: voice.rawValue) }
                frames[top].token = token
                frames[top].logLikelihood = ChoraleDecoder.logProbability(token, frames[top].checkpoint.logits)
            })
            if ending == .stopped { return (frames.reduce(0) { $0 + $1.logLikelihood }, draft) }
            frames.removeLast()
            budget -= 1
            guard budget > 0, let previous = frames.indices.last else { return nil }
            if case .voice(let voice, _) = slots[base + previous] { draft.removeLast(voice: voice.rawValue) }
            frames[previous].excluded.insert(frames[previous].token)
            resume = frames[previous].checkpoint
            arrived = false
        }
    }

    /// log softmax(logits)[token], in nats.
    static func logProbability(_ token: Int, _ logits: [Float]) -> Double {
        let m = logits.max()!
        let sum = logits.reduce(0.0) { $0 + Foundation.exp(Double($1 - m)) }
        return Double(logits[token] - m) - Foundation.log(sum)
    }

    /// The token of a primer step, which must be one of the model's.
    private func primerToken(_ voice: Voice, _ step: VoiceStep, at s: Int) throws -> Int {
        guard let id = vocabulary.id(voice, step) else {
            let range = vocabulary.ranges[voice.rawValue], part = voice.name.lowercased()
            throw ZooError("the primer's \(part) \(step) at sixteenth \(s) lies outside the model's \(part) range \(range.lowerBound)–\(range.upperBound) (in C major / A minor)")
        }
        return id
    }

    /// The negative log-likelihood (nats) the model gives `tokens` after their first.
    public func negativeLogLikelihood(_ tokens: [Int]) -> Double {
        loop.negativeLogLikelihood(tokens)
    }
}
