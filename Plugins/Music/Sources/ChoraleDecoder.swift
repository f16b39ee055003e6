import Foundation
import ZooCore

/// Writes chorales by constrained decoding over a `chorale-lstm` model: the start token and the
/// bar/beat markers are the only tokens allowed where the layout puts them, and at a voice's
/// position the sampler may only choose that voice's tokens — a rest, a hold only right after
/// one of its notes, or a pitch that lies in its range of the model's vocabulary and, once
/// transposed to the requested key, in the range the voice sings in the training chorales.
/// A primer's tokens are fed instead of sampled. Nothing is retried or cut.
public final class ChoraleDecoder {
    let stepper: TokenStepper
    public let vocabulary: MusicVocabulary
    /// The lowest and highest pitch each voice sings in the training chorales (MIDI numbers, as written).
    public let soundingRanges: [ClosedRange<Int>]

    public init(model: Model, vocabulary: MusicVocabulary, soundingRanges: [ClosedRange<Int>]) throws {
        stepper = try TokenStepper(model: model)
        guard stepper.vocabularySize == vocabulary.count else {
            throw ZooError("the model predicts \(stepper.vocabularySize) tokens but the music vocabulary has \(vocabulary.count)")
        }
        guard soundingRanges.count == 4 else { throw ZooError("the music model needs a sounding range per voice") }
        self.vocabulary = vocabulary
        self.soundingRanges = soundingRanges
    }

    /// [4][steps] voice steps in the reference key (C major or A minor, by `minor`): the primer's
    /// steps ([4][primer length], reference key), then sampled ones. `shift` is the transposition
    /// (semitones) from the reference key to the key the result will be played in.
    public func generate(meter: Meter, steps: Int, minor: Bool, shift: Int, primer: [[VoiceStep]],
                         sampler: inout Sampler, rng: inout SeededGenerator) throws -> [[VoiceStep]] {
        let primed = primer.first?.count ?? 0
        let masks = Voice.allCases.map { voice in
            let range = soundingRanges[voice.rawValue]
            var allowed = [Bool](repeating: false, count: vocabulary.count)
            allowed[vocabulary.id(voice, .rest)!] = true
            for pitch in vocabulary.ranges[voice.rawValue] where range.contains(pitch + shift) {
                allowed[vocabulary.id(voice, .onset(pitch))!] = true
            }
            return allowed
        }
        var voices = primer.isEmpty ? [[VoiceStep]](repeating: [], count: 4) : primer
        stepper.reset()
        var logits = stepper.step(MusicVocabulary.start(minor: minor))
        for slot in TokenLayout(meter: meter, steps: steps).slots.dropFirst() {
            let token: Int
            switch slot {
            case .start: token = MusicVocabulary.start(minor: minor)
            case .bar: token = MusicVocabulary.bar
            case .beat: token = MusicVocabulary.beat
            case .voice(let voice, let s) where s < primed:
                token = try primerToken(voice, primer[voice.rawValue][s], at: s)
            case .voice(let voice, let s):
                let v = voice.rawValue
                let mask = masks[v], hold = vocabulary.id(voice, .hold)!
                let mayHold = s > 0 && voices[v][s - 1] != .rest
                guard let t = sampler.sample(logits, count: vocabulary.count, using: &rng, allowed: { mask[$0] || ($0 == hold && mayHold) }) else {
                    throw ZooError("no token may follow for the \(voice.name.lowercased()) at sixteenth \(s)")
                }
                voices[v].append(vocabulary.step(t)!.step)
                token = t
            }
            logits = stepper.step(token)
        }
        return voices
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
        stepper.reset()
        var total = 0.0
        for (token, next) in zip(tokens, tokens.dropFirst()) {
            let logits = stepper.step(token)
            var m = -Float.infinity
            for i in 0..<vocabulary.count { m = max(m, logits[i]) }
            var sum = 0.0
            for i in 0..<vocabulary.count { sum += Foundation.exp(Double(logits[i] - m)) }
            total += Foundation.log(sum) - Double(logits[next] - m)
        }
        return total
    }
}
