/// One track (one MTrk chunk): events in file order with absolute tick times.
public struct MIDITrack: Hashable, Sendable {
    /// The events in file order; ticks never decrease. A track read from a file ends with its
    /// `.endOfTrack`; the writer adds one when it is missing.
    public var events: [MIDITimedEvent]

    public init(events: [MIDITimedEvent] = []) {
        self.events = events
    }

    /// The tick of the last event (the End of Track in a track read from a file), 0 when empty.
    public var endTick: Int { events.last?.tick ?? 0 }

    /// The first track-name text, decoded as UTF-8 or else as Latin-1; nil when there is none.
    public var name: String? {
        for timed in events {
            if case .text(.trackName, let bytes) = timed.event {
                return String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
            }
        }
        return nil
    }

    /// The notes of this track, in order of their note-ons.
    ///
    /// A note-off (or note-on of velocity 0) ends the earliest still-sounding note of the same
    /// pitch and channel (first in, first out). A note-off with no sounding note is ignored; a note
    /// still sounding at the end of the track ends at `endTick`.
    public var notes: [MIDINote] {
        var notes: [MIDINote] = []
        var sounding: [Int: (indices: [Int], first: Int)] = [:]
        for timed in events {
            switch timed.event {
            case .noteOn(let channel, let pitch, let velocity) where velocity > 0:
                let key = Int(channel) << 8 | Int(pitch)
                sounding[key, default: ([], 0)].indices.append(notes.count)
                notes.append(MIDINote(pitch: pitch, channel: channel, velocity: velocity, startTick: timed.tick, durationTicks: 0))
            case .noteOn(let channel, let pitch, _), .noteOff(let channel, let pitch, _):
                let key = Int(channel) << 8 | Int(pitch)
                guard var queue = sounding[key], queue.first < queue.indices.count else { continue }
                let index = queue.indices[queue.first]
                notes[index].durationTicks = timed.tick - notes[index].startTick
                queue.first += 1
                sounding[key] = queue.first == queue.indices.count ? nil : queue
            default:
                continue
            }
        }
        for queue in sounding.values {
            for index in queue.indices[queue.first...] {
                notes[index].durationTicks = endTick - notes[index].startTick
            }
        }
        return notes
    }
}
