import Foundation
import ZooSupport

/// A Standard MIDI File: the header's format and division, and its tracks.
///
/// Reading accepts formats 0, 1 and 2; writing produces format 0 or 1. See formats/MIDI/README.md
/// for what is read, what is written and what is refused.
public struct MIDIFile: Hashable, Sendable {
    /// The format as stored in the header.
    public var format: MIDIFileFormat
    /// What a tick means: ticks per quarter note (the usual case), or SMPTE frames and ticks per frame.
    public var division: MIDIDivision
    /// The tracks in file order (format 0 has exactly one).
    public var tracks: [MIDITrack]

    public init(format: MIDIFileFormat, division: MIDIDivision, tracks: [MIDITrack]) {
        self.format = format
        self.division = division
        self.tracks = tracks
    }

    /// Ticks per quarter note, or nil when the division is SMPTE time code.
    public var ticksPerQuarter: Int? { division.ticksPerQuarter }

    /// Seconds for ticks, from the tempo events of all tracks (format 0 and 1).
    public var tempoMap: MIDITempoMap { MIDITempoMap(file: self) }

    /// Reads and decodes the file at `url`; errors name its path.
    public static func read(url: URL) throws -> MIDIFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ZooError("\(url.path): cannot read the file (\(error.localizedDescription))")
        }
        return try MIDIReader(bytes: Array(data), name: url.path).read()
    }

    /// Decodes a file held in memory; `name` identifies it in errors.
    public static func read(bytes: [UInt8], name: String) throws -> MIDIFile {
        try MIDIReader(bytes: bytes, name: name).read()
    }

    /// The encoded file (format 0 or 1, with running status); throws on values that cannot be
    /// stored, such as a velocity above 127 or ticks that decrease.
    public func bytes() throws -> [UInt8] {
        try MIDIWriter(name: "MIDI file in memory").encode(self)
    }

    /// Encodes the file and writes it to `url` through a temporary file renamed into place.
    public func write(to url: URL) throws {
        let encoded = try MIDIWriter(name: url.path).encode(self)
        try AtomicFile.write(Data(encoded), to: url)
    }

    /// The same music as a format 0 file: every track's events merged into one track by tick (events
    /// at the same tick keep track order, then file order), the End of Track events replaced by one
    /// at the latest tick.
    public func mergedToFormat0() -> MIDIFile {
        let merged = tracks.enumerated()
            .flatMap { track, content in content.events.enumerated().map { (track: track, order: $0.offset, timed: $0.element) } }
            .sorted { ($0.timed.tick, $0.track, $0.order) < ($1.timed.tick, $1.track, $1.order) }
        var events = merged.map(\.timed).filter { $0.event != .endOfTrack }
        events.append(MIDITimedEvent(tick: tracks.map(\.endTick).max() ?? 0, .endOfTrack))
        return MIDIFile(format: .format0, division: division, tracks: [MIDITrack(events: events)])
    }
}
