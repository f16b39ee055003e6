/// How strictly the decoder leads the voices (`zoo generate music --voice-leading`).
public enum VoiceLeading: String, CaseIterable, Sendable {
    /// No consecutive perfect fifths or octaves (unisons and compound intervals included)
    /// between two voices that both move, and no voice sounding below a lower one.
    case strict
    /// Only the model, the ranges and the cadence decide.
    case free

    /// Whether two voices moving from `upper0`/`lower0` to `upper1`/`lower1` (MIDI pitches, the
    /// upper voice first) form consecutive perfect fifths or octaves: both voices change pitch
    /// and the interval is a fifth or an octave (unison, compound) before and after, whether the
    /// motion is parallel, similar or contrary.
    public static func consecutivePerfect(upper0: Int, lower0: Int, upper1: Int, lower1: Int) -> Bool {
        guard upper0 != upper1, lower0 != lower1 else { return false }
        let before = ((upper0 - lower0) % 12 + 12) % 12, after = ((upper1 - lower1) % 12 + 12) % 12
        return before == after && (before == 0 || before == 7)
    }
}
