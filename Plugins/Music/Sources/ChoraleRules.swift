/// What the decoder may write at a voice's position beyond the model's vocabulary and the
/// voices' ranges: the closing `cadence`; when `opensOnTonic`, a first step (before the
/// cadence's dominant) that sounds the tonic triad — the tonic in the bass, the third minor in
/// minor — as the chorales open; and under strict `voiceLeading` no consecutive
/// perfect fifths or octaves between the voice and any voice above it, and no crossing above
/// one of them. Both look only at voices already written, so that a step's voices are checked
/// as the encoding orders them (soprano, alto, tenor, bass).
public struct ChoraleRules: Sendable {
    public let voiceLeading: VoiceLeading
    public let cadence: Cadence
    public let opensOnTonic: Bool

    public init(voiceLeading: VoiceLeading, cadence: Cadence, opensOnTonic: Bool) {
        self.voiceLeading = voiceLeading
        self.cadence = cadence
        self.opensOnTonic = opensOnTonic
    }

    /// Whether every voice must sound at step `s` (the opening chord, the cadence).
    public func mustSound(at s: Int) -> Bool {
        s >= cadence.dominant.lowerBound || (opensOnTonic && s == 0)
    }

    /// Whether `voice` (0 soprano … 3 bass) may do `step` at step `s`, every voice having
    /// written step `s − 1` in `draft`; a voice above it that has not yet written step `s`
    /// (when the decoder looks ahead within a step) is taken to allow anything.
    public func allows(_ step: VoiceStep, voice: Int, at s: Int, in draft: ChoraleDraft) -> Bool {
        let pitch = draft.pitch(of: step, voice: voice)
        guard cadence.allows(step, pitch: pitch, voice: voice, at: s, in: draft) else { return false }
        if opensOnTonic, s == 0, s < cadence.dominant.lowerBound {
            guard let pitch, (voice == 3 ? [cadence.tonic] : [cadence.tonic, cadence.third, cadence.fifth]).contains(pitch % 12) else { return false }
        }
        guard voiceLeading == .strict, let pitch else { return true }
        for upper in 0..<voice where draft.hasWritten(upper, at: s) {
            guard let above = draft.sounding[upper][s] else { continue }
            if above < pitch { return false }
            if s > 0, let upper0 = draft.sounding[upper][s - 1], let lower0 = draft.sounding[voice][s - 1],
               VoiceLeading.consecutivePerfect(upper0: upper0, lower0: lower0, upper1: above, lower1: pitch) {
                return false
            }
        }
        return true
    }
}
