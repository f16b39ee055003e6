/// One event of a track, as stored in the file (its time is kept beside it in `MIDITimedEvent`).
///
/// Channels are 0...15 (shown as 1...16 by most software); notes, velocities, controller numbers,
/// controller values, programs and pressures are 7-bit (0...127).
public enum MIDIEvent: Hashable, Sendable {
    case noteOff(channel: UInt8, note: UInt8, velocity: UInt8)
    /// A note-on with velocity 0 is kept as written; `isNoteEnd` and `asNoteOff` read it as a note-off.
    case noteOn(channel: UInt8, note: UInt8, velocity: UInt8)
    case polyphonicAftertouch(channel: UInt8, note: UInt8, pressure: UInt8)
    case controlChange(channel: UInt8, controller: UInt8, value: UInt8)
    case programChange(channel: UInt8, program: UInt8)
    case channelPressure(channel: UInt8, pressure: UInt8)
    /// 14-bit bend, 0...16383; 8192 is the centre (no bend).
    case pitchBend(channel: UInt8, value: UInt16)
    /// An `F0` system-exclusive event: the bytes after `F0` and the length, normally ending in `F7`.
    case sysex([UInt8])
    /// An `F7` escape event: bytes sent as they are (a sysex continuation packet or any raw bytes).
    case sysexEscape([UInt8])
    /// Meta 0x00: the sequence number, or nil for the zero-length form (number = track position).
    case sequenceNumber(UInt16?)
    /// Meta 0x01...0x0F: text as stored (the specification names no encoding; usually ASCII).
    case text(MIDITextKind, [UInt8])
    /// Meta 0x20: the channel (0...15) that following meta and sysex events refer to.
    case channelPrefix(UInt8)
    /// Meta 0x2F: the end of the track. The reader keeps it as each track's last event; the writer
    /// writes exactly one per track, at its latest tick.
    case endOfTrack
    /// Meta 0x51: microseconds per quarter note, 0...16777215 (500000 = 120 beats per minute).
    case tempo(microsecondsPerQuarter: Int)
    /// Meta 0x54: the SMPTE time at which the track starts; `hours` carries the frame-rate bits
    /// (5 and 6) as stored, `fractionalFrames` is in hundredths of a frame.
    case smpteOffset(hours: UInt8, minutes: UInt8, seconds: UInt8, frames: UInt8, fractionalFrames: UInt8)
    /// Meta 0x58: `numerator` / 2^`denominatorPower`, MIDI clocks per metronome click, and notated
    /// 32nd notes per MIDI quarter note (24 clocks), usually 8.
    case timeSignature(numerator: UInt8, denominatorPower: UInt8, clocksPerClick: UInt8, thirtySecondNotesPerQuarter: UInt8)
    /// Meta 0x59: sharps (1...7) or flats (-1...-7) in the key signature, and whether it is minor.
    case keySignature(sharps: Int8, minor: Bool)
    /// Meta 0x7F: sequencer-specific data, kept as bytes.
    case sequencerSpecific([UInt8])
    /// Any other meta type (0x21 MIDI port, for one), kept as its type byte and data bytes.
    case unknownMeta(type: UInt8, data: [UInt8])

    /// The meta types that have their own case; `unknownMeta` never carries one of these.
    static let knownMetaTypes: Set<UInt8> = Set(0x00...0x0F).union([0x20, 0x2F, 0x51, 0x54, 0x58, 0x59, 0x7F])

    /// A note-on with a velocity above 0: a note starts.
    public var isNoteStart: Bool {
        if case .noteOn(_, _, let velocity) = self { return velocity > 0 }
        return false
    }

    /// A note-off, or a note-on with velocity 0 (the running-status idiom for a note-off).
    public var isNoteEnd: Bool {
        switch self {
        case .noteOff: return true
        case .noteOn(_, _, let velocity): return velocity == 0
        default: return false
        }
    }

    /// This event with a note-on of velocity 0 rewritten as a note-off of velocity 64 (the MIDI 1.0
    /// default release velocity, since such a note-on carries none); any other event unchanged.
    public var asNoteOff: MIDIEvent {
        if case .noteOn(let channel, let note, 0) = self {
            return .noteOff(channel: channel, note: note, velocity: 64)
        }
        return self
    }

    /// The channel of a channel voice message, nil for sysex and meta events.
    public var channel: UInt8? {
        switch self {
        case .noteOff(let channel, _, _), .noteOn(let channel, _, _), .polyphonicAftertouch(let channel, _, _),
             .controlChange(let channel, _, _), .programChange(let channel, _), .channelPressure(let channel, _),
             .pitchBend(let channel, _):
            return channel
        default:
            return nil
        }
    }

    /// The event's name in messages ("note on", "tempo").
    var kindName: String {
        switch self {
        case .noteOff: return "note off"
        case .noteOn: return "note on"
        case .polyphonicAftertouch: return "polyphonic aftertouch"
        case .controlChange: return "control change"
        case .programChange: return "program change"
        case .channelPressure: return "channel pressure"
        case .pitchBend: return "pitch bend"
        case .sysex: return "sysex"
        case .sysexEscape: return "sysex escape"
        case .sequenceNumber: return "sequence number"
        case .text(let kind, _): return "\(kind) event"
        case .channelPrefix: return "channel prefix"
        case .endOfTrack: return "End of Track"
        case .tempo: return "tempo"
        case .smpteOffset: return "SMPTE offset"
        case .timeSignature: return "time signature"
        case .keySignature: return "key signature"
        case .sequencerSpecific: return "sequencer-specific event"
        case .unknownMeta(let type, _): return "meta event 0x\(MIDIHex.byte(type))"
        }
    }
}
