import ZooCore

/// The chorale tokens: 0 `<major>` and 1 `<minor>` (a piece starts, in C major or A minor),
/// 2 `|` (a bar begins), 3 `.` (a quarter-note beat inside a bar), then for each voice in turn
/// (S, A, T, B) `S:rest`, `S:hold` and one onset token per pitch of its range, `S:55` … `S:84`
/// (MIDI numbers in the reference keys). Each voice has its own tokens, so a token says which
/// voice sang it.
public struct MusicVocabulary: Hashable, Sendable {
    /// The pitch range of each voice (MIDI numbers, transposed to C major / A minor).
    public let ranges: [ClosedRange<Int>]
    /// Token names by id.
    public let tokens: [String]
    /// Id of each voice's rest token; hold is the next id, the lowest pitch the one after.
    private let offsets: [Int]

    public static let major = 0, minor = 1, bar = 2, beat = 3
    static let markerNames = ["<major>", "<minor>", "|", "."]

    public init(ranges: [ClosedRange<Int>]) throws {
        guard ranges.count == 4, ranges.allSatisfy({ $0.lowerBound >= 0 && $0.upperBound <= 127 }) else {
            throw ZooError("music vocabulary: needs four pitch ranges within 0...127")
        }
        self.ranges = ranges
        var tokens = MusicVocabulary.markerNames, offsets: [Int] = []
        for (voice, range) in zip(Voice.allCases, ranges) {
            offsets.append(tokens.count)
            tokens += ["\(voice.letter):rest", "\(voice.letter):hold"] + range.map { "\(voice.letter):\($0)" }
        }
        self.tokens = tokens
        self.offsets = offsets
    }

    public var count: Int { tokens.count }

    /// The piece-start token of a mode.
    public static func start(minor: Bool) -> Int { minor ? MusicVocabulary.minor : MusicVocabulary.major }

    /// The token of `voice` doing `step`; nil for a pitch outside the voice's range.
    public func id(_ voice: Voice, _ step: VoiceStep) -> Int? {
        let base = offsets[voice.rawValue]
        switch step {
        case .rest: return base
        case .hold: return base + 1
        case .onset(let pitch):
            let range = ranges[voice.rawValue]
            return range.contains(pitch) ? base + 2 + pitch - range.lowerBound : nil
        }
    }

    /// The voice and step a voice token stands for; nil for the markers.
    public func step(_ id: Int) -> (voice: Voice, step: VoiceStep)? {
        guard let v = offsets.lastIndex(where: { $0 <= id }) else { return nil }
        let k = id - offsets[v]
        return (Voice(rawValue: v)!, k == 0 ? .rest : k == 1 ? .hold : .onset(ranges[v].lowerBound + k - 2))
    }

    /// `{"tokens": [...]}`, what checkpoints and bundles keep.
    public var json: JSONValue { ["tokens": .array(tokens.map { .string($0) })] }

    /// Reads `json` back; the token list must be exactly the layout above.
    public init(json: JSONValue) throws {
        guard let list = json["tokens"]?.arrayValue?.compactMap(\.stringValue) else {
            throw ZooError("music vocabulary: expected {\"tokens\": [...]}")
        }
        var ranges: [ClosedRange<Int>] = []
        for voice in Voice.allCases {
            let pitches = list.compactMap { t in t.hasPrefix("\(voice.letter):") ? Int(t.dropFirst(2)) : nil }
            guard let lo = pitches.min(), let hi = pitches.max() else { throw ZooError("music vocabulary: no pitches for the \(voice.name.lowercased())") }
            ranges.append(lo...hi)
        }
        try self.init(ranges: ranges)
        guard tokens == list else { throw ZooError("music vocabulary: the tokens are not in the chorale encoding's order") }
    }
}
