/// The order of the tokens of a piece: its start token, then for every sixteenth-note step the
/// step's marker (`|` at a bar line, `.` at another quarter-note beat, none elsewhere) followed
/// by one token per voice, soprano to bass. About 4.25 tokens per step.
public struct TokenLayout: Sendable {
    /// What the token at one position stands for.
    public enum Slot: Hashable, Sendable {
        case start
        case bar
        case beat
        /// `voice` at sixteenth-note `step`.
        case voice(Voice, step: Int)
    }

    public let slots: [Slot]

    /// The layout of `steps` steps under `meter`.
    public init(meter: Meter, steps: Int) {
        var slots: [Slot] = [.start]
        slots.reserveCapacity(1 + steps * 5)
        for (s, mark) in meter.marks(steps).enumerated() {
            switch mark {
            case .bar: slots.append(.bar)
            case .beat: slots.append(.beat)
            case .none: break
            }
            slots += Voice.allCases.map { .voice($0, step: s) }
        }
        self.slots = slots
    }
}
