import ZooCore

/// A time signature in force from `step` (sixteenth-note steps from the start of the piece).
public struct TimeSignature: Hashable, Sendable {
    /// Where it takes effect, in sixteenth-note steps.
    public let step: Int
    public let numerator: Int
    /// The note value of a beat: 1, 2, 4, 8 or 16.
    public let denominator: Int

    public init(step: Int, numerator: Int, denominator: Int) throws {
        guard numerator >= 1, [1, 2, 4, 8, 16].contains(denominator) else {
            throw ZooError("time signature \(numerator)/\(denominator) does not fit the sixteenth-note grid")
        }
        self.step = step
        self.numerator = numerator
        self.denominator = denominator
    }

    /// 4/4 from the start, the Standard MIDI File default.
    public static let common = try! TimeSignature(step: 0, numerator: 4, denominator: 4)

    /// Sixteenth-note steps per bar (16 in 4/4, 12 in 3/4, 24 in 3/2).
    public var stepsPerBar: Int { numerator * 16 / denominator }
}
