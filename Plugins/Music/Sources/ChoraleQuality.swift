import Foundation

/// What a harmony teacher would count in a set of chorales, each read in the key it states:
/// how many close on an authentic cadence, how often two voices move in consecutive fifths or
/// octaves, how often voices cross, and whether Krumhansl–Schmuckler key finding agrees with
/// the stated key. Counts add up over pieces (`+`); the rates divide them.
public struct ChoraleQuality: Hashable, Sendable {
    public var pieces = 0
    /// Pieces whose last chord change has the tonic in the bass and the soprano, the bass on the
    /// dominant's root right before it, and lasts at least a half note (8 sixteenths) to the end.
    public var cadences = 0
    /// Steps after the first at which some voice begins a note.
    public var chordChanges = 0
    /// Voice pairs and steps with consecutive perfect fifths or octaves (`VoiceLeading.consecutivePerfect`).
    public var consecutives = 0
    public var steps = 0
    /// Steps at which some voice sounds below a voice written under it.
    public var crossingSteps = 0
    /// Pieces whose Krumhansl–Schmuckler key (`KeyFinder`) is their stated key, tonic and mode.
    public var keyAgreements = 0
    public var minorPieces = 0
    /// Minor pieces the key finder calls minor, on the stated tonic.
    public var minorAgreements = 0
    /// Minor pieces whose final sonority holds the minor third above the tonic and not the major one.
    public var minorFinals = 0

    public init() {}

    /// The counts of one piece.
    public init(_ chorale: Chorale) {
        let sounding = ChoraleDraft(voices: chorale.voices).sounding
        let n = chorale.steps
        let isOnset = chorale.voices.map { $0.map { if case .onset = $0 { return true } else { return false } } }
        pieces = 1
        steps = n
        minorPieces = chorale.key.minor ? 1 : 0
        let tonic = chorale.key.tonic
        let pc = { (p: Int?) in p.map { (($0 - tonic) % 12 + 12) % 12 } }
        for s in 0..<n {
            if s > 0, (0..<4).contains(where: { isOnset[$0][s] }) { chordChanges += 1 }
            var crossed = false
            for upper in 0..<3 {
                for lower in (upper + 1)..<4 {
                    guard let a1 = sounding[upper][s], let b1 = sounding[lower][s] else { continue }
                    if a1 < b1 { crossed = true }
                    if s > 0, let a0 = sounding[upper][s - 1], let b0 = sounding[lower][s - 1],
                       VoiceLeading.consecutivePerfect(upper0: a0, lower0: b0, upper1: a1, lower1: b1) {
                        consecutives += 1
                    }
                }
            }
            if crossed { crossingSteps += 1 }
        }
        if let last = (0..<n).last(where: { s in (0..<4).contains { isOnset[$0][s] } }), last > 0 {
            let bass = sounding[3], soprano = sounding[0]
            if n - last >= Cadence.finalLength, pc(bass[last]) == 0, pc(soprano[last]) == 0, pc(bass[last - 1]) == 7 { cadences = 1 }
            let final = Set((0..<4).compactMap { pc(sounding[$0][n - 1]) })
            if chorale.key.minor, final.contains(3), !final.contains(4) { minorFinals = 1 }
        }
        let found = KeyFinder.key(of: chorale)
        let agrees = found.tonic == tonic && found.minor == chorale.key.minor
        keyAgreements = agrees ? 1 : 0
        minorAgreements = agrees && chorale.key.minor ? 1 : 0
    }

    public static func + (a: ChoraleQuality, b: ChoraleQuality) -> ChoraleQuality {
        var sum = a
        sum.pieces += b.pieces; sum.cadences += b.cadences; sum.chordChanges += b.chordChanges
        sum.consecutives += b.consecutives; sum.steps += b.steps; sum.crossingSteps += b.crossingSteps
        sum.keyAgreements += b.keyAgreements; sum.minorPieces += b.minorPieces
        sum.minorAgreements += b.minorAgreements; sum.minorFinals += b.minorFinals
        return sum
    }

    /// The counts over `chorales`.
    public static func measure(_ chorales: [Chorale]) -> ChoraleQuality {
        chorales.reduce(ChoraleQuality()) { $0 + ChoraleQuality($1) }
    }

    /// Percent of the pieces that close on the cadence.
    public var cadenceRate: Double { percent(cadences, pieces) }
    /// Consecutive fifths and octaves per 100 chord changes.
    public var consecutivesPer100Changes: Double { percent(consecutives, chordChanges) }
    /// Steps with crossed voices per 100 steps.
    public var crossingsPer100Steps: Double { percent(crossingSteps, steps) }
    /// Percent of the pieces whose found key is the stated one.
    public var keyAgreement: Double { percent(keyAgreements, pieces) }
    /// Percent of the minor pieces found to be in their minor key.
    public var minorKeyAgreement: Double { percent(minorAgreements, minorPieces) }
    /// Percent of the minor pieces ending on a minor tonic.
    public var minorFinalRate: Double { percent(minorFinals, minorPieces) }

    private func percent(_ count: Int, _ total: Int) -> Double { total == 0 ? 0 : 100 * Double(count) / Double(total) }

    /// A side-by-side table of the statistics, one column per named set.
    public static func table(_ columns: [(name: String, quality: ChoraleQuality)]) -> String {
        let rows: [(String, (ChoraleQuality) -> String)] = [
            ("pieces", { "\($0.pieces)" }),
            ("cadence rate (%)", { String(format: "%.1f", $0.cadenceRate) }),
            ("consecutive 5ths/8ves per 100 chord changes", { String(format: "%.2f", $0.consecutivesPer100Changes) }),
            ("voice crossings per 100 steps", { String(format: "%.2f", $0.crossingsPer100Steps) }),
            ("key agreement, all (%)", { String(format: "%.1f", $0.keyAgreement) }),
            ("key agreement, minor (%)", { String(format: "%.1f (%d)", $0.minorKeyAgreement, $0.minorPieces) }),
            ("minor pieces ending on a minor tonic (%)", { String(format: "%.1f", $0.minorFinalRate) }),
        ]
        let width = rows.map(\.0.count).max()!
        func cell(_ text: String) -> String { "  " + String(repeating: " ", count: max(0, 16 - text.count)) + text }
        let header = String(repeating: " ", count: width) + columns.map { cell($0.name) }.joined()
        return ([header] + rows.map { label, value in
            label + String(repeating: " ", count: width - label.count) + columns.map { cell(value($0.quality)) }.joined()
        }).joined(separator: "\n")
    }
}
