import ZooSupport

/// Decodes a Standard MIDI File held in memory: the MThd chunk, then MTrk chunks (other chunk
/// types are skipped). Every problem is a one-line `ZooError` naming the file and the byte offset.
struct MIDIReader {
    let bytes: [UInt8]
    /// The file's name in messages.
    let name: String

    static let headerType: [UInt8] = Array("MThd".utf8)
    static let trackType: [UInt8] = Array("MTrk".utf8)

    func read() throws -> MIDIFile {
        var file = MIDIByteCursor(bytes: bytes, name: name, region: "file", start: 0, end: bytes.count)
        guard bytes.starts(with: Self.headerType) else {
            throw file.error("not a Standard MIDI File (no MThd chunk at byte 0)")
        }
        let (_, headerStart, headerData) = try chunk(&file)
        var header = headerData
        guard header.remaining >= 6 else {
            throw file.error("MThd chunk at byte \(headerStart) declares \(MIDIByteCursor.count(header.remaining, "byte")) (at least 6 needed)")
        }
        let formatOffset = header.position
        let formatWord = try header.integer(width: 2, of: "format", at: formatOffset)
        guard let format = MIDIFileFormat(rawValue: UInt16(formatWord)) else {
            throw file.error("unknown format \(formatWord) at byte \(formatOffset) (must be 0, 1 or 2)")
        }
        let countOffset = header.position
        let trackCount = try header.integer(width: 2, of: "track count", at: countOffset)
        if format == .format0 && trackCount != 1 {
            throw file.error("format 0 file declares \(MIDIByteCursor.count(trackCount, "track")) at byte \(countOffset) (must be 1)")
        }
        let divisionOffset = header.position
        let divisionWord = UInt16(try header.integer(width: 2, of: "division", at: divisionOffset))
        let division = MIDIDivision(word: divisionWord)
        if let problem = division.problem {
            let word = MIDIHex.byte(UInt8(divisionWord >> 8)) + MIDIHex.byte(UInt8(divisionWord & 0xFF))
            throw file.error("bad division word 0x\(word) at byte \(divisionOffset): \(problem)")
        }

        var tracks: [MIDITrack] = []
        while !file.atEnd {
            let (type, start, data) = try chunk(&file)
            if type == Self.headerType {
                throw file.error("second MThd chunk at byte \(start)")
            }
            guard type == Self.trackType else { continue }
            guard tracks.count < trackCount else {
                throw file.error("MTrk chunk at byte \(start) is more than the header's track count of \(trackCount)")
            }
            tracks.append(try track(data))
        }
        guard tracks.count == trackCount else {
            throw file.error("file ends at byte \(bytes.count) after \(tracks.count) of the \(trackCount) MTrk chunks the header declares")
        }
        return MIDIFile(format: format, division: division, tracks: tracks)
    }

    /// Reads one chunk header and returns the chunk's type, its offset and a cursor over its data,
    /// leaving `file` after the chunk.
    private func chunk(_ file: inout MIDIByteCursor) throws -> (type: [UInt8], start: Int, data: MIDIByteCursor) {
        let start = file.position
        guard file.remaining >= 8 else {
            throw file.error("truncated chunk header at byte \(start) (8 bytes needed, \(file.remaining) left)")
        }
        let type = try file.take(4, of: "chunk header", at: start)
        let length = try file.integer(width: 4, of: "chunk header", at: start)
        let label = Self.label(type)
        guard length <= file.remaining else {
            throw file.error("truncated \(label) chunk at byte \(start) (declares \(MIDIByteCursor.count(length, "byte")), \(file.remaining) left)")
        }
        let data = MIDIByteCursor(bytes: bytes, name: name, region: "\(label) chunk at byte \(start)",
                                  start: file.position, end: file.position + length)
        try file.skip(length, of: "\(label) chunk", at: start)
        return (type, start, data)
    }

    /// A chunk type for messages: its four characters when printable ASCII, else hexadecimal.
    private static func label(_ type: [UInt8]) -> String {
        if type.allSatisfy({ (0x20...0x7E).contains($0) }) {
            return String(decoding: type, as: UTF8.self)
        }
        return "0x" + type.map(MIDIHex.byte).joined()
    }

    /// Decodes the events of one MTrk chunk, which must end with its End of Track event.
    private func track(_ chunk: MIDIByteCursor) throws -> MIDITrack {
        var data = chunk
        var events: [MIDITimedEvent] = []
        var tick = 0
        var runningStatus: UInt8?
        while true {
            guard !data.atEnd else {
                throw data.error("\(data.region) ends at byte \(data.end) without an End of Track event")
            }
            let deltaStart = data.position
            let delta = try data.variableLength(of: "delta time")
            let (sum, overflow) = tick.addingReportingOverflow(delta)
            guard !overflow else {
                throw data.error("delta time at byte \(deltaStart) takes the track past \(Int.max) ticks")
            }
            tick = sum
            let start = data.position
            let first = try data.byte(of: "event", at: start)
            let event: MIDIEvent
            switch first {
            case 0xFF:
                runningStatus = nil
                event = try meta(&data, at: start)
            case 0xF0, 0xF7:
                runningStatus = nil
                let what = first == 0xF0 ? "sysex event" : "sysex escape event"
                let length = try data.variableLength(of: "\(what) length")
                let payload = try data.take(length, of: what, at: start)
                event = first == 0xF0 ? .sysex(payload) : .sysexEscape(payload)
            case 0xF1...0xFE:
                throw data.error("status byte 0x\(MIDIHex.byte(first)) at byte \(start) is not allowed in a MIDI file (system common and real-time messages are not stored in tracks)")
            case 0x80...0xEF:
                runningStatus = first
                event = try channelMessage(status: first, firstData: nil, &data, at: start)
            default:
                guard let status = runningStatus else {
                    throw data.error("data byte 0x\(MIDIHex.byte(first)) at byte \(start) without a running status")
                }
                event = try channelMessage(status: status, firstData: first, &data, at: start)
            }
            events.append(MIDITimedEvent(tick: tick, event))
            if event == .endOfTrack {
                guard data.atEnd else {
                    throw data.error("\(MIDIByteCursor.count(data.remaining, "byte")) after the End of Track event at byte \(start) in the \(data.region)")
                }
                return MIDITrack(events: events)
            }
        }
    }

    /// A channel voice message with `status`; `firstData` is the first data byte when running
    /// status supplied the status (the byte was already read).
    private func channelMessage(status: UInt8, firstData: UInt8?, _ data: inout MIDIByteCursor, at start: Int) throws -> MIDIEvent {
        let channel = status & 0x0F
        let kind = status >> 4
        let what = Self.channelMessageNames[Int(kind) - 8]
        let first: UInt8
        if let firstData {
            first = firstData
        } else {
            first = try data.dataByte(of: what, at: start)
        }
        if kind == 0xC { return .programChange(channel: channel, program: first) }
        if kind == 0xD { return .channelPressure(channel: channel, pressure: first) }
        let second = try data.dataByte(of: what, at: start)
        switch kind {
        case 0x8: return .noteOff(channel: channel, note: first, velocity: second)
        case 0x9: return .noteOn(channel: channel, note: first, velocity: second)
        case 0xA: return .polyphonicAftertouch(channel: channel, note: first, pressure: second)
        case 0xB: return .controlChange(channel: channel, controller: first, value: second)
        default: return .pitchBend(channel: channel, value: UInt16(second) << 7 | UInt16(first))
        }
    }

    /// Names of the channel messages 0x8n...0xEn, indexed by the status's high nibble minus 8.
    private static let channelMessageNames = [
        "note off", "note on", "polyphonic aftertouch", "control change", "program change", "channel pressure", "pitch bend",
    ]

    /// A meta event (after its `FF`): type, length, data.
    private func meta(_ data: inout MIDIByteCursor, at start: Int) throws -> MIDIEvent {
        let type = try data.byte(of: "meta event", at: start)
        let length = try data.variableLength(of: "meta event length")
        let payload = try data.take(length, of: "meta event 0x\(MIDIHex.byte(type))", at: start)
        func require(_ counts: [Int], _ what: String) throws {
            guard counts.contains(payload.count) else {
                let expected = counts.map(String.init).joined(separator: " or ")
                throw data.error("\(what) event at byte \(start) has \(MIDIByteCursor.count(payload.count, "data byte")) (must be \(expected))")
            }
        }
        if let kind = MIDITextKind(rawValue: type) {
            return .text(kind, payload)
        }
        switch type {
        case 0x00:
            try require([0, 2], "sequence number")
            return .sequenceNumber(payload.isEmpty ? nil : UInt16(payload[0]) << 8 | UInt16(payload[1]))
        case 0x20:
            try require([1], "channel prefix")
            guard payload[0] < 16 else {
                throw data.error("channel prefix event at byte \(start) names channel \(payload[0]) (must be 0...15)")
            }
            return .channelPrefix(payload[0])
        case 0x2F:
            try require([0], "End of Track")
            return .endOfTrack
        case 0x51:
            try require([3], "tempo")
            return .tempo(microsecondsPerQuarter: Int(payload[0]) << 16 | Int(payload[1]) << 8 | Int(payload[2]))
        case 0x54:
            try require([5], "SMPTE offset")
            return .smpteOffset(hours: payload[0], minutes: payload[1], seconds: payload[2], frames: payload[3], fractionalFrames: payload[4])
        case 0x58:
            try require([4], "time signature")
            return .timeSignature(numerator: payload[0], denominatorPower: payload[1], clocksPerClick: payload[2], thirtySecondNotesPerQuarter: payload[3])
        case 0x59:
            try require([2], "key signature")
            let sharps = Int8(bitPattern: payload[0])
            guard (-7...7).contains(sharps), payload[1] <= 1 else {
                throw data.error("key signature event at byte \(start) has \(sharps) sharps and mode \(payload[1]) (must be -7...7 and 0 or 1)")
            }
            return .keySignature(sharps: sharps, minor: payload[1] == 1)
        case 0x7F:
            return .sequencerSpecific(payload)
        default:
            return .unknownMeta(type: type, data: payload)
        }
    }
}
