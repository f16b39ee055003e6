import ZooCore

/// The authentic cadence every generated chorale closes on, in the reference key (C major or
/// A minor, where the decoder works): a quarter note of the dominant — the bass on its root,
/// the upper voices on its chord tones (the seventh in the inner voices only), one of them the
/// leading tone, raised in minor (G♯), the soprano on the leading tone or the second degree at
/// its last step, to step to the tonic — then the tonic chord held to the end, at least a half
/// note: tonic in the bass and the soprano, root, third (minor in minor) and fifth in the inner
/// voices, the third among them. The final chord begins on the last strong beat (a bar line, or
/// a half-note beat in bars of whole half notes: the middle of a 4/4 bar) that leaves it eight
/// sixteenths, so that a 4/4 piece with a one-quarter upbeat ends on a dotted half and one
/// without on a half note, as in the chorales; a piece too short for that ends 8 sixteenths early.
public struct Cadence: Hashable, Sendable {
    public let minor: Bool
    /// The step (sixteenths from the start) the final chord begins on; it lasts to the end.
    public let final: Int

    /// The dominant's length before the final chord, in sixteenths (a quarter note).
    public static let dominantLength = 4
    /// The shortest final chord, in sixteenths (a half note).
    public static let finalLength = 8

    /// The cadence of a piece of `steps` sixteenths under `meter`.
    public init(meter: Meter, steps: Int, minor: Bool) throws {
        let fits = { (s: Int) in s >= Cadence.dominantLength && steps - s >= Cadence.finalLength }
        var best: Int?
        for start in meter.barStarts(before: steps) {
            let bar = meter.signatures.last { $0.step <= start }!.stepsPerBar
            for s in stride(from: start, to: start + bar, by: bar % 8 == 0 ? 8 : bar) where fits(s) { best = max(best ?? s, s) }
        }
        if best == nil, fits(steps - Cadence.finalLength) { best = steps - Cadence.finalLength }
        guard let final = best else {
            throw ZooError("a piece of \(steps) sixteenths leaves no room for the closing cadence (a quarter of dominant and a half note of tonic: \(Cadence.dominantLength + Cadence.finalLength) sixteenths)")
        }
        self.minor = minor
        self.final = final
    }

    /// The steps of the dominant, right before the final chord.
    public var dominant: Range<Int> { (final - Cadence.dominantLength)..<final }

    /// Pitch classes in the reference key (C = 0).
    var tonic: Int { minor ? 9 : 0 }
    var third: Int { (tonic + (minor ? 3 : 4)) % 12 }
    var fifth: Int { (tonic + 7) % 12 }
    var leadingTone: Int { (tonic + 11) % 12 }
    var supertonic: Int { (tonic + 2) % 12 }
    var subdominant: Int { (tonic + 5) % 12 }

    /// Whether `voice` (0 soprano … 3 bass) may do `step`, sounding `pitch` (nil: silent), at
    /// step `s`, given what the voices before it chose at `s` in `draft` (one that has not
    /// chosen yet is taken to supply a chord tone the rules ask of it).
    func allows(_ step: VoiceStep, pitch: Int?, voice: Int, at s: Int, in draft: ChoraleDraft) -> Bool {
        guard s >= dominant.lowerBound else { return true }
        guard let pitch else { return false }
        let pc = pitch % 12
        if s > final { return step == .hold }
        if s == final {
            switch voice {
            case 0, 3: return pc == tonic && step != .hold
            default:
                guard [tonic, third, fifth].contains(pc) else { return false }
                return voice == 1 || pc == third || (0...1).contains { !draft.hasWritten($0, at: s) || draft.sounding[$0][s].map { $0 % 12 } == third }
            }
        }
        switch voice {
        case 3: return pc == fifth
        case 0: return (s < final - 1 ? [fifth, leadingTone, supertonic] : [leadingTone, supertonic]).contains(pc)
        default:
            guard [fifth, leadingTone, supertonic, subdominant].contains(pc) else { return false }
            return voice == 1 || s < final - 1 || pc == leadingTone
                || (0...1).contains { !draft.hasWritten($0, at: s) || draft.sounding[$0][s].map { $0 % 12 } == leadingTone }
        }
    }
}
