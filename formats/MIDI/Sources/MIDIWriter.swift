import ZooSupport

/// Encodes a `MIDIFile` as a format 0 or format 1 Standard MIDI File.
///
/// Output is deterministic: a 6-byte MThd chunk, then one MTrk chunk per track; channel messages
/// use running status (the status byte is left out when it repeats the previous channel message's,
/// and every meta or sysex event writes the next status again); each track ends with exactly one
/// End of Track at the tick of its last event.
struct MIDIWriter {
    /// The file's name in messages.
    let name: String

    /// The largest delta time or length a variable-length quantity holds (4 bytes).
    static let maxVariableLength = 0x0FFF_FFFF

    func encode(_ file: MIDIFile) throws -> [UInt8] {
        switch file.format {
        case .format2:
            throw ZooError("\(name): format 2 files are read but not written (write format 0 or 1)")
        case .format0 where file.tracks.count != 1:
            throw ZooError("\(name): a format 0 file has exactly 1 track, this one has \(file.tracks.count)")
        case .format1 where file.tracks.count > 0xFFFF:
            throw ZooError("\(name): \(file.tracks.count) tracks (a MIDI file holds at most 65535)")
        default:
            break
        }
        if let problem = file.division.problem {
            throw ZooError("\(name): \(problem)")
        }
        var out = MIDIReader.headerType
        append(6, width: 4, to: &out)
        append(Int(file.format.rawValue), width: 2, to: &out)
        append(file.tracks.count, width: 2, to: &out)
        append(Int(file.division.word), width: 2, to: &out)
        for (index, track) in file.tracks.enumerated() {
            let body = try encode(track, index: index)
            guard body.count <= 0xFFFF_FFFF else {
                throw ZooError("\(name): track \(index) encodes to \(body.count) bytes (an MTrk chunk holds at most 4294967295)")
            }
            out += MIDIReader.trackType
            append(body.count, width: 4, to: &out)
            out += body
        }
        return out
    }

    /// The data of one MTrk chunk. `.endOfTrack` events are left out; one is written at the end.
    private func encode(_ track: MIDITrack, index: Int) throws -> [UInt8] {
        var body: [UInt8] = []
        var runningStatus: UInt8?
        var previousTick = 0
        var writtenTick = 0
        for (position, timed) in track.events.enumerated() {
            let place = "track \(index), event \(position) at tick \(timed.tick)"
            guard timed.tick >= previousTick else {
                let problem = position == 0 ? "ticks start at 0" : "ticks may not decrease (previous event at tick \(previousTick))"
                throw ZooError("\(name): \(place): \(problem)")
            }
            previousTick = timed.tick
            if timed.event == .endOfTrack { continue }
            try appendDelta(timed.tick - writtenTick, place: place, to: &body)
            writtenTick = timed.tick
            do {
                try append(timed.event, runningStatus: &runningStatus, to: &body)
            } catch let problem as MIDIWriter.Problem {
                throw ZooError("\(name): \(place): \(timed.event.kindName): \(problem.text)")
            }
        }
        try appendDelta(previousTick - writtenTick, place: "track \(index), End of Track at tick \(previousTick)", to: &body)
        try append(.endOfTrack, runningStatus: &runningStatus, to: &body)
        return body
    }

    /// What is wrong with one event's values; the caller adds where the event is.
    private struct Problem: Error {
        let text: String
    }

    private func appendDelta(_ delta: Int, place: String, to body: inout [UInt8]) throws {
        guard delta <= Self.maxVariableLength else {
            throw ZooError("\(name): \(place): \(delta) ticks after the previous event (a delta time holds at most \(Self.maxVariableLength))")
        }
        appendVariableLength(delta, to: &body)
    }

    /// Appends one event; channel messages leave out a status byte equal to `runningStatus`.
    private func append(_ event: MIDIEvent, runningStatus: inout UInt8?, to body: inout [UInt8]) throws {
        func channelMessage(_ kind: UInt8, _ channel: UInt8, _ data: [(UInt8, String)]) throws {
            guard channel < 16 else { throw Problem(text: "channel \(channel) (must be 0...15)") }
            for (value, field) in data where value > 0x7F {
                throw Problem(text: "\(field) \(value) (must be 0...127)")
            }
            let status = kind << 4 | channel
            if runningStatus != status {
                body.append(status)
                runningStatus = status
            }
            body += data.map(\.0)
        }
        func sysex(_ status: UInt8, _ payload: [UInt8]) throws {
            try checkLength(payload)
            runningStatus = nil
            body.append(status)
            appendVariableLength(payload.count, to: &body)
            body += payload
        }
        func meta(_ type: UInt8, _ payload: [UInt8]) throws {
            try checkLength(payload)
            runningStatus = nil
            body += [0xFF, type]
            appendVariableLength(payload.count, to: &body)
            body += payload
        }
        switch event {
        case .noteOff(let channel, let note, let velocity):
            try channelMessage(0x8, channel, [(note, "note"), (velocity, "velocity")])
        case .noteOn(let channel, let note, let velocity):
            try channelMessage(0x9, channel, [(note, "note"), (velocity, "velocity")])
        case .polyphonicAftertouch(let channel, let note, let pressure):
            try channelMessage(0xA, channel, [(note, "note"), (pressure, "pressure")])
        case .controlChange(let channel, let controller, let value):
            try channelMessage(0xB, channel, [(controller, "controller"), (value, "value")])
        case .programChange(let channel, let program):
            try channelMessage(0xC, channel, [(program, "program")])
        case .channelPressure(let channel, let pressure):
            try channelMessage(0xD, channel, [(pressure, "pressure")])
        case .pitchBend(let channel, let value):
            guard value <= 0x3FFF else { throw Problem(text: "value \(value) (must be 0...16383)") }
            try channelMessage(0xE, channel, [(UInt8(value & 0x7F), "low bits"), (UInt8(value >> 7), "high bits")])
        case .sysex(let payload):
            try sysex(0xF0, payload)
        case .sysexEscape(let payload):
            try sysex(0xF7, payload)
        case .sequenceNumber(let number):
            try meta(0x00, number.map { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } ?? [])
        case .text(let kind, let text):
            try meta(kind.rawValue, text)
        case .channelPrefix(let channel):
            guard channel < 16 else { throw Problem(text: "channel \(channel) (must be 0...15)") }
            try meta(0x20, [channel])
        case .endOfTrack:
            try meta(0x2F, [])
        case .tempo(let microseconds):
            guard (0...0xFF_FFFF).contains(microseconds) else {
                throw Problem(text: "\(microseconds) microseconds per quarter note (must be 0...16777215)")
            }
            try meta(0x51, [UInt8(microseconds >> 16), UInt8(microseconds >> 8 & 0xFF), UInt8(microseconds & 0xFF)])
        case .smpteOffset(let hours, let minutes, let seconds, let frames, let fractionalFrames):
            try meta(0x54, [hours, minutes, seconds, frames, fractionalFrames])
        case .timeSignature(let numerator, let denominatorPower, let clocksPerClick, let thirtySeconds):
            try meta(0x58, [numerator, denominatorPower, clocksPerClick, thirtySeconds])
        case .keySignature(let sharps, let minor):
            guard (-7...7).contains(sharps) else { throw Problem(text: "\(sharps) sharps (must be -7...7)") }
            try meta(0x59, [UInt8(bitPattern: sharps), minor ? 1 : 0])
        case .sequencerSpecific(let payload):
            try meta(0x7F, payload)
        case .unknownMeta(let type, let payload):
            guard !MIDIEvent.knownMetaTypes.contains(type) else {
                throw Problem(text: "type 0x\(MIDIHex.byte(type)) has its own event case and is not written as raw bytes")
            }
            try meta(type, payload)
        }
    }

    private func checkLength(_ payload: [UInt8]) throws {
        guard payload.count <= Self.maxVariableLength else {
            throw Problem(text: "\(payload.count) data bytes (at most \(Self.maxVariableLength))")
        }
    }

    /// Appends `value` (0...0x0FFFFFFF) as a variable-length quantity.
    private func appendVariableLength(_ value: Int, to out: inout [UInt8]) {
        var groups = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            groups.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        out += groups.reversed()
    }

    /// Appends the low `width` bytes of `value`, most significant first.
    private func append(_ value: Int, width: Int, to out: inout [UInt8]) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }
}
