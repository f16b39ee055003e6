/// A chorale being written in the encoding's order — step by step, and within a step soprano,
/// alto, tenor, bass — with the pitch each voice sounds at each step so far, which the decoding
/// rules (`ChoraleRules`) read.
public struct ChoraleDraft: Sendable {
    /// [4][steps written]: what each voice does; voices before the one being chosen have one step more.
    public private(set) var voices: [[VoiceStep]]
    /// [4][steps written]: the MIDI pitch each voice sounds at each step (nil: silent).
    public private(set) var sounding: [[Int?]]

    /// A draft that begins with `voices` ([4][n] steps, all of equal length, or four empty voices).
    public init(voices: [[VoiceStep]]) {
        self.voices = [[VoiceStep]](repeating: [], count: 4)
        sounding = [[Int?]](repeating: [], count: 4)
        for (v, steps) in voices.enumerated() {
            for step in steps { append(step, voice: v) }
        }
    }

    /// The pitch `voice` would sound doing `step` next: an onset's pitch, the held pitch, or nil.
    public func pitch(of step: VoiceStep, voice: Int) -> Int? {
        switch step {
        case .rest: return nil
        case .hold: return sounding[voice].last ?? nil
        case .onset(let pitch): return pitch
        }
    }

    /// Whether `voice` has written step `s`.
    public func hasWritten(_ voice: Int, at s: Int) -> Bool { sounding[voice].count > s }

    /// Writes `voice`'s next step.
    public mutating func append(_ step: VoiceStep, voice: Int) {
        sounding[voice].append(pitch(of: step, voice: voice))
        voices[voice].append(step)
    }

    /// Takes back `voice`'s last step.
    public mutating func removeLast(voice: Int) {
        voices[voice].removeLast()
        sounding[voice].removeLast()
    }
}
