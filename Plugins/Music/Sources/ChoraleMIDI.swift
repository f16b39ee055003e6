import Foundation
import MIDIFormat
import ZooCore

/// Converts between MIDI files and `Chorale`s.
///
/// Reading takes four monophonic voices: four tracks with notes (Soprano, Alto, Tenor, Bass —
/// by track name when all four are named so, else in track order), or one track with notes on
/// four channels (in channel order). Every onset and duration must be a whole number of
/// sixteenth notes. The key is the first key signature (C major if none), the tempo the first
/// tempo event (120 bpm if none), the meter the time signatures (4/4 if none) with the pickup
/// the caller knows, else the one the file states: MIDI has no notion of an upbeat, but
/// notation programs write one as an opening bar of its own length (1/4 then 4/4), which is
/// read as the upbeat of the bars after it. The piece lasts until the voice tracks end.
///
/// Writing gives the corpus's layout: format 1, 480 ticks per quarter note, a conductor track
/// (tempo, key and time signatures), then tracks Soprano, Alto, Tenor, Bass on channels 0–3
/// (program 52, choir), note-ons of velocity 90 and note-offs of velocity 0. An upbeat is
/// written as that opening bar (a quarter-note upbeat in 4/4: 1/4, then 4/4 from its end), so
/// that the file's bar lines fall where the piece's do.
public enum ChoraleMIDI {
    public static let ticksPerQuarter = 480
    static let ticksPerStep = ticksPerQuarter / 4
    static let velocity: UInt8 = 90
    static let choirProgram: UInt8 = 52
    /// The longest piece read, in sixteenth-note steps: 1024 bars of 4/4, more than the 1000 bars
    /// `zoo generate music` writes at most and far beyond any chorale (the grid, the encoding and
    /// the piano roll all grow with the length).
    static let maximumSteps = 1 << 14
    /// The most sixteenth-note steps one note of the four voices may account for (4 bars of 4/4;
    /// the chorales have about one step per note): a piece lasts at most this many times its note
    /// count, so a few bytes of delta time cannot make a small file claim a long piece.
    static let maximumStepsPerNote = 64

    /// The chorale in `file`; `name` identifies it in errors, `pickup` is the upbeat in steps
    /// (nil: the one the file states, else none). The piece may last at most
    /// `maximumStepsPerNote` steps per note and `maximumSteps` in all, checked before its grid
    /// is allocated.
    public static func chorale(from file: MIDIFile, name: String, pickup: Int? = nil) throws -> Chorale {
        guard let tpq = file.ticksPerQuarter else { throw ZooError("\(name): SMPTE time division; a chorale needs ticks per quarter note") }
        guard tpq % 4 == 0 else { throw ZooError("\(name): \(tpq) ticks per quarter note cannot be split into sixteenths") }
        let stepTicks = tpq / 4
        let voiceNotes = try voices(of: file, name: name)
        let end = voiceNotes.map(\.end).max() ?? 0
        let steps = end / stepTicks + (end % stepTicks == 0 ? 0 : 1)
        let notes = voiceNotes.reduce(0) { $0 + $1.notes.count }
        let (product, overflow) = notes.multipliedReportingOverflow(by: maximumStepsPerNote)
        let fillable = overflow ? Int.max : product
        if steps > min(fillable, maximumSteps) {
            throw ZooError(fillable < maximumSteps
                ? "\(name): the piece is \(steps) sixteenths long, more than the \(fillable) its \(notes) notes can fill (at most \(maximumStepsPerNote) sixteenths each)"
                : "\(name): the piece is \(steps) sixteenths long, more than the limit of \(maximumSteps) (1024 bars of 4/4)")
        }
        var grid = [[VoiceStep]](repeating: [VoiceStep](repeating: .rest, count: steps), count: 4)
        for (v, voice) in voiceNotes.enumerated() {
            var free = 0
            for note in voice.notes.sorted(by: { $0.startTick < $1.startTick }) {
                let what = "\(name): \(Voice(rawValue: v)!.name) note \(note.pitch) at tick \(note.startTick)"
                guard note.startTick % stepTicks == 0, note.durationTicks % stepTicks == 0 else {
                    throw ZooError("\(what) (\(note.durationTicks) ticks long) is not on the sixteenth-note grid")
                }
                guard note.durationTicks > 0 else { throw ZooError("\(what) has no duration") }
                guard note.startTick >= free else { throw ZooError("\(what) overlaps the note before it: a voice sings one note at a time") }
                let start = note.startTick / stepTicks, length = note.durationTicks / stepTicks
                grid[v][start] = .onset(Int(note.pitch))
                for s in (start + 1)..<(start + length) { grid[v][s] = .hold }
                free = note.endTick
            }
        }
        let conductor = file.tracks.flatMap(\.events).sorted { $0.tick < $1.tick }
        var key: MusicKey?, tempo: Int?
        var signatures: [TimeSignature] = []
        for timed in conductor {
            switch timed.event {
            case .keySignature(let sharps, let minor) where key == nil:
                key = try MusicKey(sharps: Int(sharps), minor: minor)
            case .tempo(let microseconds) where tempo == nil:
                tempo = microseconds
            case .timeSignature(let numerator, let power, _, _):
                guard timed.tick % stepTicks == 0 else { throw ZooError("\(name): time signature at tick \(timed.tick) is not on the sixteenth-note grid") }
                let signature = try TimeSignature(step: timed.tick / stepTicks, numerator: Int(numerator), denominator: 1 << Int(power))
                if signatures.last?.step == signature.step { signatures.removeLast() }
                signatures.append(signature)
            default:
                continue
            }
        }
        if signatures.first?.step != 0 { signatures.insert(.common, at: 0) }
        let stated = statedPickup(signatures)
        if stated != nil {
            let bars = signatures[1]
            signatures.replaceSubrange(0...1, with: [try TimeSignature(step: 0, numerator: bars.numerator, denominator: bars.denominator)])
        }
        do {
            return try Chorale(voices: grid, key: key ?? .cMajor, meter: try Meter(signatures: signatures, pickup: pickup ?? stated ?? 0), tempo: tempo ?? 500_000)
        } catch let error as ZooError {
            throw ZooError("\(name): \(error.message)")
        }
    }

    /// The upbeat `file` states, in steps: an opening time signature that lasts exactly one of
    /// its bars and is shorter than the bar of the signature after it; nil when there is none.
    public static func statedPickup(in file: MIDIFile) -> Int? {
        guard let tpq = file.ticksPerQuarter, tpq % 4 == 0 else { return nil }
        var signatures: [TimeSignature] = []
        for timed in file.tracks.flatMap(\.events).sorted(by: { $0.tick < $1.tick }) {
            guard case .timeSignature(let numerator, let power, _, _) = timed.event, timed.tick % (tpq / 4) == 0,
                  let signature = try? TimeSignature(step: timed.tick / (tpq / 4), numerator: Int(numerator), denominator: 1 << Int(power)) else { continue }
            if signatures.last?.step == signature.step { signatures.removeLast() }
            signatures.append(signature)
        }
        return statedPickup(signatures)
    }

    /// The upbeat a list of time signatures states (see `statedPickup(in:)`).
    static func statedPickup(_ signatures: [TimeSignature]) -> Int? {
        guard signatures.count >= 2, signatures[0].step == 0 else { return nil }
        let opening = signatures[0].stepsPerBar
        return signatures[1].step == opening && opening < signatures[1].stepsPerBar ? opening : nil
    }

    /// The notes of the four voices and where each voice's track ends, in ticks.
    private static func voices(of file: MIDIFile, name: String) throws -> [(notes: [MIDINote], end: Int)] {
        let noteTracks = file.tracks.filter { !$0.notes.isEmpty }
        if noteTracks.count == 4 {
            let named = noteTracks.compactMap { $0.name.flatMap(Voice.init(name:)) }
            let ordered = Set(named).count == 4 ? Voice.allCases.map { v in noteTracks[named.firstIndex(of: v)!] } : noteTracks
            return ordered.map { ($0.notes, max($0.endTick, $0.notes.map(\.endTick).max()!)) }
        }
        if noteTracks.count == 1, let track = noteTracks.first {
            let notes = track.notes
            let channels = Set(notes.map(\.channel)).sorted()
            if channels.count == 4 {
                let end = max(track.endTick, notes.map(\.endTick).max()!)
                return channels.map { c in (notes.filter { $0.channel == c }, end) }
            }
        }
        throw ZooError("\(name): needs four voices (four tracks with notes, or one track with notes on four channels); found \(noteTracks.count) track\(noteTracks.count == 1 ? "" : "s") with notes")
    }

    /// The chorale as a format 1 MIDI file in the corpus's layout.
    public static func file(_ chorale: Chorale) -> MIDIFile {
        let end = chorale.steps * ticksPerStep
        var conductor: [MIDITimedEvent] = [
            MIDITimedEvent(tick: 0, .tempo(microsecondsPerQuarter: chorale.tempo)),
            MIDITimedEvent(tick: 0, .keySignature(sharps: Int8(chorale.key.sharps), minor: chorale.key.minor)),
        ]
        let pickup = chorale.meter.pickup
        var signatures = chorale.meter.signatures.map { (step: $0.step, numerator: $0.numerator, denominator: $0.denominator) }
        if pickup > 0, signatures.count == 1 || signatures[1].step > pickup {
            let denominator = pickup % 4 == 0 ? 4 : pickup % 2 == 0 ? 8 : 16
            signatures[0].step = pickup
            signatures.insert((0, pickup * denominator / 16, denominator), at: 0)
        }
        for signature in signatures {
            let power = UInt8(signature.denominator.trailingZeroBitCount)
            conductor.append(MIDITimedEvent(tick: signature.step * ticksPerStep,
                                            .timeSignature(numerator: UInt8(signature.numerator), denominatorPower: power,
                                                           clocksPerClick: UInt8(96 / signature.denominator), thirtySecondNotesPerQuarter: 8)))
        }
        conductor.append(MIDITimedEvent(tick: end, .endOfTrack))
        var tracks = [MIDITrack(events: conductor)]
        for voice in Voice.allCases {
            var events = [MIDITimedEvent(tick: 0, .text(.trackName, Array(voice.name.utf8))),
                          MIDITimedEvent(tick: 0, .programChange(channel: voice.channel, program: choirProgram))]
            for note in chorale.notes(voice) {
                let pitch = UInt8(note.pitch)
                events.append(MIDITimedEvent(tick: note.start * ticksPerStep, .noteOn(channel: voice.channel, note: pitch, velocity: velocity)))
                events.append(MIDITimedEvent(tick: (note.start + note.length) * ticksPerStep, .noteOff(channel: voice.channel, note: pitch, velocity: 0)))
            }
            events.append(MIDITimedEvent(tick: end, .endOfTrack))
            tracks.append(MIDITrack(events: events))
        }
        return MIDIFile(format: .format1, division: .ticksPerQuarter(ticksPerQuarter), tracks: tracks)
    }
}
