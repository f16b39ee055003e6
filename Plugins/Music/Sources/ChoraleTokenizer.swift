import ZooCore

/// Turns chorales into token ids and back (see `MusicVocabulary` and `TokenLayout`): the piece
/// is transposed to C major or A minor by its key signature (`MusicKey.shiftToReference`), then
/// written step by step. Nothing is lost: the tokens of a piece give back its notes exactly.
public struct ChoraleTokenizer: Sendable {
    public let vocabulary: MusicVocabulary

    public init(vocabulary: MusicVocabulary) {
        self.vocabulary = vocabulary
    }

    /// The piece moved to C major (a major key) or A minor (a minor key).
    public static func reference(_ chorale: Chorale) -> Chorale {
        chorale.transposed(by: chorale.key.shiftToReference, to: try! MusicKey(sharps: 0, minor: chorale.key.minor))
    }

    /// The token ids of `chorale` (any key; transposed here); `name` identifies it in errors.
    public func encode(_ chorale: Chorale, name: String) throws -> [Int] {
        let piece = ChoraleTokenizer.reference(chorale)
        return try TokenLayout(meter: piece.meter, steps: piece.steps).slots.map { slot in
            switch slot {
            case .start: return MusicVocabulary.start(minor: piece.key.minor)
            case .bar: return MusicVocabulary.bar
            case .beat: return MusicVocabulary.beat
            case .voice(let voice, let s):
                let step = piece.voices[voice.rawValue][s]
                if let id = vocabulary.id(voice, step) { return id }
                let range = vocabulary.ranges[voice.rawValue], part = voice.name.lowercased()
                throw ZooError("\(name): the \(part) \(step) at sixteenth \(s), transposed to \(piece.key), is outside the model's \(part) range \(range.lowerBound)–\(range.upperBound)")
            }
        }
    }

    /// [4][steps]: what each voice does at each step, read from the voice tokens of `tokens` in
    /// order (start and marker tokens are skipped).
    public func voices(_ tokens: [Int]) -> [[VoiceStep]] {
        var voices = [[VoiceStep]](repeating: [], count: 4)
        for id in tokens {
            if let (voice, step) = vocabulary.step(id) { voices[voice.rawValue].append(step) }
        }
        return voices
    }
}
