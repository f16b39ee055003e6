/// What one voice does during one sixteenth-note step: sound nothing, keep sounding the note
/// begun earlier, or begin a note (a MIDI pitch number, 0...127; a repeated pitch is a new onset).
public enum VoiceStep: Hashable, Sendable, CustomStringConvertible {
    case rest
    case hold
    case onset(Int)

    /// "rest", "hold", "note 60".
    public var description: String {
        switch self {
        case .rest: return "rest"
        case .hold: return "hold"
        case .onset(let pitch): return "note \(pitch)"
        }
    }
}
