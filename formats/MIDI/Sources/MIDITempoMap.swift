/// Converts tick times to seconds, following the tempo events of a file or track.
///
/// With metrical division a quarter note lasts 500000 microseconds (120 beats per minute) until
/// the first tempo event, and each tempo event sets the length of a quarter note from its tick on;
/// of several tempo events at one tick the last one counts. With SMPTE division ticks have a fixed
/// length (1 / (frames per second × ticks per frame) seconds, 29 meaning 29.97 frames per second)
/// and tempo events do not matter.
public struct MIDITempoMap: Sendable {
    /// The tempo a file has before its first tempo event: 500000 microseconds per quarter note.
    public static let defaultMicrosecondsPerQuarter = 500_000

    /// Where the tempo changes: from `tick` on, a quarter note lasts `microsecondsPerQuarter`;
    /// `seconds` is the time of `tick`. The first segment starts at tick 0.
    private struct Segment: Sendable {
        let tick: Int
        let microsecondsPerQuarter: Int
        let seconds: Double
    }

    public let division: MIDIDivision
    private let segments: [Segment]

    /// The tempo map of a format 0 or 1 file: the tempo events of all its tracks together (by
    /// convention they are all in the first track). For a format 2 file use `init(track:division:)`
    /// on each track.
    public init(file: MIDIFile) {
        let changes = file.tracks.flatMap(\.events).enumerated().compactMap { order, timed -> (tick: Int, order: Int, tempo: Int)? in
            guard case .tempo(let microseconds) = timed.event else { return nil }
            return (timed.tick, order, microseconds)
        }
        .sorted { ($0.tick, $0.order) < ($1.tick, $1.order) }
        self.init(changes: changes.map { ($0.tick, $0.tempo) }, division: file.division)
    }

    /// The tempo map of one track played with `division`.
    public init(track: MIDITrack, division: MIDIDivision) {
        let changes = track.events.compactMap { timed -> (tick: Int, tempo: Int)? in
            guard case .tempo(let microseconds) = timed.event else { return nil }
            return (timed.tick, microseconds)
        }
        self.init(changes: changes, division: division)
    }

    /// `changes` sorted by tick.
    private init(changes: [(tick: Int, tempo: Int)], division: MIDIDivision) {
        self.division = division
        var segments = [Segment(tick: 0, microsecondsPerQuarter: Self.defaultMicrosecondsPerQuarter, seconds: 0)]
        if case .ticksPerQuarter(let ticksPerQuarter) = division {
            for change in changes {
                let last = segments[segments.count - 1]
                let tick = max(change.tick, last.tick)
                let seconds = last.seconds + Self.seconds(ticks: tick - last.tick, microsecondsPerQuarter: last.microsecondsPerQuarter, ticksPerQuarter: ticksPerQuarter)
                if tick == last.tick {
                    segments.removeLast()
                }
                segments.append(Segment(tick: tick, microsecondsPerQuarter: change.tempo, seconds: seconds))
            }
        }
        self.segments = segments
    }

    private static func seconds(ticks: Int, microsecondsPerQuarter: Int, ticksPerQuarter: Int) -> Double {
        Double(ticks) * Double(microsecondsPerQuarter) / (1_000_000 * Double(max(ticksPerQuarter, 1)))
    }

    /// Microseconds per quarter note in force at `tick` (the default before the first tempo event).
    public func microsecondsPerQuarter(atTick tick: Int) -> Int {
        segment(atTick: tick).microsecondsPerQuarter
    }

    /// The time of `tick` in seconds from the start.
    public func seconds(atTick tick: Int) -> Double {
        switch division {
        case .ticksPerQuarter(let ticksPerQuarter):
            let segment = segment(atTick: tick)
            return segment.seconds + Self.seconds(ticks: tick - segment.tick, microsecondsPerQuarter: segment.microsecondsPerQuarter, ticksPerQuarter: ticksPerQuarter)
        case .smpte(let framesPerSecond, let ticksPerFrame):
            let frameRate = framesPerSecond == 29 ? 30_000.0 / 1_001.0 : Double(framesPerSecond)
            return Double(tick) / (frameRate * Double(max(ticksPerFrame, 1)))
        }
    }

    /// The last segment starting at or before `tick` (the first one for earlier ticks).
    private func segment(atTick tick: Int) -> Segment {
        var low = 0
        var high = segments.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if segments[middle].tick <= tick {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return segments[low]
    }
}
