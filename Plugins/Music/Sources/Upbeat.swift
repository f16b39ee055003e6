import ZooCore

/// The upbeat (anacrusis) a generated chorale opens with (`zoo generate music --pickup`):
/// `auto` as often as the corpus has one, `none`, or a number of sixteenths.
public enum Upbeat: Hashable, Sendable {
    case auto
    case steps(Int)

    /// Of the corpus's 321 chorales (manifest.csv, `pickup_quarters`), 217 open with a quarter
    /// upbeat, 1 with a half, 103 on the downbeat.
    static let corpusShare = 218.0 / 321.0

    /// "auto", "none", or a whole number of sixteenths (0 = none).
    public init(parsing text: String) throws {
        switch text {
        case "auto": self = .auto
        case "none": self = .steps(0)
        default:
            guard let n = Int(text), n >= 0 else { throw ZooError("--pickup must be auto, none or a number of sixteenths, got '\(text)'") }
            self = .steps(n)
        }
    }

    /// The upbeat in sixteenths in bars of `stepsPerBar`: for `auto` a quarter note with the
    /// corpus's probability, drawn from `rng`, else none.
    public func steps(stepsPerBar: Int, rng: inout SeededGenerator) throws -> Int {
        switch self {
        case .auto:
            return Double(rng.nextUniform()) < Upbeat.corpusShare ? 4 : 0
        case .steps(let n):
            guard n < stepsPerBar else { throw ZooError("--pickup \(n): an upbeat must be shorter than the bar of \(stepsPerBar) sixteenths") }
            return n
        }
    }
}
