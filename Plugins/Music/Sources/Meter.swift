import ZooCore

/// Where the bars and quarter-note beats of a piece fall on its sixteenth-note grid: the time
/// signatures and the pickup (anacrusis). A MIDI file starts an upbeat at tick 0 without padding,
/// so the first bar line falls `pickup` steps in; with a later time signature the bars restart
/// where it takes effect.
public struct Meter: Hashable, Sendable {
    /// In order of `step`; the first takes effect at step 0.
    public let signatures: [TimeSignature]
    /// Steps before the first bar line (0 = the piece begins on a downbeat), less than a bar.
    public let pickup: Int

    public init(signatures: [TimeSignature], pickup: Int) throws {
        guard let first = signatures.first, first.step == 0 else { throw ZooError("meter: the first time signature must take effect at the start") }
        guard zip(signatures, signatures.dropFirst()).allSatisfy({ $0.step < $1.step }) else {
            throw ZooError("meter: time signatures out of order")
        }
        guard (0..<first.stepsPerBar).contains(pickup) else {
            throw ZooError("meter: a pickup of \(pickup) sixteenths does not fit a bar of \(first.stepsPerBar)")
        }
        self.signatures = signatures
        self.pickup = pickup
    }

    /// The steps at which bars begin, in order, up to (not including) `end`.
    public func barStarts(before end: Int) -> [Int] {
        var starts: [Int] = []
        forEachBarStart { s in
            guard s < end else { return false }
            starts.append(s)
            return true
        }
        return starts
    }

    /// Calls `body` with each bar start in order until it returns false.
    private func forEachBarStart(_ body: (Int) -> Bool) {
        for (i, signature) in signatures.enumerated() {
            let segmentEnd = i + 1 < signatures.count ? signatures[i + 1].step : Int.max
            var s = i == 0 ? pickup : signature.step
            while s < segmentEnd {
                guard body(s) else { return }
                s += signature.stepsPerBar
            }
        }
    }

    /// What marks each step from 0 to `end`: a bar line, a quarter-note beat inside a bar
    /// (counted from the bar line; in the pickup, counted back from the first bar line), or nothing.
    public func marks(_ end: Int) -> [Mark] {
        var marks = [Mark](repeating: .none, count: end)
        let bars = barStarts(before: end)
        for (i, start) in bars.enumerated() {
            let next = i + 1 < bars.count ? bars[i + 1] : end
            marks[start] = .bar
            for s in stride(from: start + 4, to: next, by: 4) { marks[s] = .beat }
        }
        let first = bars.first ?? end
        for s in stride(from: first - 4, through: 0, by: -4) { marks[s] = .beat }
        return marks
    }

    /// The marker a step carries in the encoding.
    public enum Mark: Hashable, Sendable {
        case none, bar, beat
    }

    /// Where a piece of `bars` (≥ 1) bars ends: the upbeat and a shortened last bar together
    /// make one bar, as in the chorales (with no pickup, simply `bars` whole bars).
    public func end(bars: Int) -> Int {
        var found = 0, start = 0
        forEachBarStart { s in
            start = s
            found += 1
            return found <= bars
        }
        return start - pickup
    }
}
