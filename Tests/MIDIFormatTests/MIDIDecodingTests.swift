import MIDIFormat
import XCTest
import ZooCore

/// Hand-built byte sequences decode to known events, and the writer gives the same bytes back.
final class MIDIDecodingTests: XCTestCase {
    private func read(_ bytes: [UInt8]) throws -> MIDIFile {
        try MIDIFile.read(bytes: bytes, name: "test.mid")
    }

    private func timed(_ tick: Int, _ event: MIDIEvent) -> MIDITimedEvent {
        MIDITimedEvent(tick: tick, event)
    }

    func testRunningStatusRepeatsTheLastChannelStatus() throws {
        let track: [UInt8] = [
            0x00, 0x90, 0x3C, 0x40,        // note on C4
            0x60, 0x3E, 0x40,              // running status: note on D4, 96 ticks later
            0x00, 0x3C, 0x00,              // running status: note on C4 velocity 0
            0x81, 0x00, 0x3E, 0x00,        // 128 ticks later: note on D4 velocity 0
            0x00, 0xC1, 0x05,              // program change, channel 1
            0x10, 0x07,                    // running status with one data byte
        ] + SMFBytes.endOfTrack
        let bytes = SMFBytes.file(format: 0, tracks: [track])
        let file = try read(bytes)
        XCTAssertEqual(file.format, .format0)
        XCTAssertEqual(file.division, .ticksPerQuarter(480))
        XCTAssertEqual(file.tracks.count, 1)
        XCTAssertEqual(file.tracks[0].events, [
            timed(0, .noteOn(channel: 0, note: 60, velocity: 64)),
            timed(96, .noteOn(channel: 0, note: 62, velocity: 64)),
            timed(96, .noteOn(channel: 0, note: 60, velocity: 0)),
            timed(224, .noteOn(channel: 0, note: 62, velocity: 0)),
            timed(224, .programChange(channel: 1, program: 5)),
            timed(240, .programChange(channel: 1, program: 7)),
            timed(240, .endOfTrack),
        ])
        XCTAssertEqual(try file.bytes(), bytes, "the writer uses running status the same way")
    }

    func testMetaAndSysexCancelRunningStatus() {
        let afterMeta = SMFBytes.file(tracks: [[0x00, 0x90, 0x3C, 0x40, 0x00, 0xFF, 0x01, 0x01, 0x41, 0x00, 0x3C, 0x00] + SMFBytes.endOfTrack])
        XCTAssertThrowsError(try read(afterMeta)) { error in
            XCTAssertEqual((error as? ZooError)?.message, "test.mid: data byte 0x3C at byte 32 without a running status")
        }
        let afterSysex = SMFBytes.file(tracks: [[0x00, 0x90, 0x3C, 0x40, 0x00, 0xF0, 0x01, 0xF7, 0x00, 0x3C, 0x00] + SMFBytes.endOfTrack])
        XCTAssertThrowsError(try read(afterSysex)) { error in
            XCTAssertEqual((error as? ZooError)?.message, "test.mid: data byte 0x3C at byte 31 without a running status")
        }
    }

    func testVariableLengthQuantityEdgeValues() throws {
        let cases: [(value: Int, encoding: [UInt8])] = [
            (0, [0x00]), (127, [0x7F]), (128, [0x81, 0x00]), (0x2000, [0xC0, 0x00]), (0x3FFF, [0xFF, 0x7F]),
            (0x4000, [0x81, 0x80, 0x00]), (0x1F_FFFF, [0xFF, 0xFF, 0x7F]), (0x20_0000, [0x81, 0x80, 0x80, 0x00]),
            (0x0FFF_FFFF, [0xFF, 0xFF, 0xFF, 0x7F]),
        ]
        for (value, encoding) in cases {
            let bytes = SMFBytes.file(tracks: [encoding + [0xFF, 0x2F, 0x00]])
            let file = try read(bytes)
            XCTAssertEqual(file.tracks[0].events, [timed(value, .endOfTrack)], "delta \(encoding)")
            XCTAssertEqual(try file.bytes(), bytes, "delta \(value) is written as \(encoding)")
        }
    }

    func testDeltaTimesAccumulateToAbsoluteTicks() throws {
        let track: [UInt8] = [0x00, 0x90, 0x3C, 0x40, 0x7F, 0x3C, 0x00, 0x81, 0x00, 0x3C, 0x40, 0xFF, 0xFF, 0xFF, 0x7F, 0x3C, 0x00]
            + SMFBytes.endOfTrack
        let bytes = SMFBytes.file(tracks: [track])
        let file = try read(bytes)
        XCTAssertEqual(file.tracks[0].events.map(\.tick), [0, 127, 255, 255 + 0x0FFF_FFFF, 255 + 0x0FFF_FFFF])
        XCTAssertEqual(try file.bytes(), bytes)
    }

    func testPaddedVariableLengthQuantitiesReadAndAreWrittenShortest() throws {
        let file = try read(SMFBytes.file(tracks: [[0x80, 0x80, 0x80, 0x00, 0x90, 0x3C, 0x40, 0x80, 0x7F, 0xFF, 0x2F, 0x00]]))
        XCTAssertEqual(file.tracks[0].events, [timed(0, .noteOn(channel: 0, note: 60, velocity: 64)), timed(127, .endOfTrack)])
        XCTAssertEqual(try file.bytes(), SMFBytes.file(tracks: [[0x00, 0x90, 0x3C, 0x40, 0x7F, 0xFF, 0x2F, 0x00]]))
    }

    func testEveryChannelMessage() throws {
        let track: [UInt8] = [
            0x00, 0x80, 0x3C, 0x40, 0x00, 0x91, 0x3C, 0x7F, 0x00, 0xA2, 0x3C, 0x10, 0x00, 0xB3, 0x07, 0x64,
            0x00, 0xC4, 0x30, 0x00, 0xD5, 0x20, 0x00, 0xE6, 0x00, 0x40, 0x00, 0xEF, 0x7F, 0x7F, 0x00, 0xE0, 0x00, 0x00,
        ] + SMFBytes.endOfTrack
        let bytes = SMFBytes.file(tracks: [track])
        let file = try read(bytes)
        XCTAssertEqual(file.tracks[0].events.map(\.event), [
            .noteOff(channel: 0, note: 60, velocity: 64),
            .noteOn(channel: 1, note: 60, velocity: 127),
            .polyphonicAftertouch(channel: 2, note: 60, pressure: 16),
            .controlChange(channel: 3, controller: 7, value: 100),
            .programChange(channel: 4, program: 48),
            .channelPressure(channel: 5, pressure: 32),
            .pitchBend(channel: 6, value: 8192),
            .pitchBend(channel: 15, value: 16383),
            .pitchBend(channel: 0, value: 0),
            .endOfTrack,
        ])
        XCTAssertEqual(file.tracks[0].events.map(\.event.channel), [0, 1, 2, 3, 4, 5, 6, 15, 0, nil])
        XCTAssertEqual(try file.bytes(), bytes)
    }

    func testMetaEvents() throws {
        let track: [UInt8] = [
            0x00, 0xFF, 0x00, 0x02, 0x00, 0x07,
            0x00, 0xFF, 0x00, 0x00,
            0x00, 0xFF, 0x03, 0x07] + Array("Soprano".utf8) + [
            0x00, 0xFF, 0x01, 0x03] + Array("abc".utf8) + [
            0x00, 0xFF, 0x05, 0x02, 0xC3, 0xA9,
            0x00, 0xFF, 0x0A, 0x01, 0x78,
            0x00, 0xFF, 0x20, 0x01, 0x03,
            0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,
            0x00, 0xFF, 0x54, 0x05, 0x60, 0x01, 0x02, 0x03, 0x04,
            0x00, 0xFF, 0x58, 0x04, 0x06, 0x03, 0x24, 0x08,
            0x00, 0xFF, 0x59, 0x02, 0xFE, 0x01,
            0x00, 0xFF, 0x59, 0x02, 0x03, 0x00,
            0x00, 0xFF, 0x7F, 0x03, 0x00, 0x00, 0x41,
            0x00, 0xFF, 0x21, 0x01, 0x00,
            0x83, 0x60, 0xFF, 0x2F, 0x00,
        ]
        let bytes = SMFBytes.file(tracks: [track])
        let file = try read(bytes)
        let reserved = try XCTUnwrap(MIDITextKind(rawValue: 0x0A))
        XCTAssertNil(MIDITextKind(rawValue: 0x10))
        XCTAssertEqual(file.tracks[0].events, [
            timed(0, .sequenceNumber(7)),
            timed(0, .sequenceNumber(nil)),
            timed(0, .text(.trackName, Array("Soprano".utf8))),
            timed(0, .text(.text, Array("abc".utf8))),
            timed(0, .text(.lyric, [0xC3, 0xA9])),
            timed(0, .text(reserved, [0x78])),
            timed(0, .channelPrefix(3)),
            timed(0, .tempo(microsecondsPerQuarter: 500_000)),
            timed(0, .smpteOffset(hours: 0x60, minutes: 1, seconds: 2, frames: 3, fractionalFrames: 4)),
            timed(0, .timeSignature(numerator: 6, denominatorPower: 3, clocksPerClick: 36, thirtySecondNotesPerQuarter: 8)),
            timed(0, .keySignature(sharps: -2, minor: true)),
            timed(0, .keySignature(sharps: 3, minor: false)),
            timed(0, .sequencerSpecific([0x00, 0x00, 0x41])),
            timed(0, .unknownMeta(type: 0x21, data: [0x00])),
            timed(480, .endOfTrack),
        ])
        XCTAssertEqual(file.tracks[0].name, "Soprano")
        XCTAssertEqual(try file.bytes(), bytes)
    }

    func testSysexAndEscapeEvents() throws {
        let track: [UInt8] = [0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7, 0x00, 0xF7, 0x02, 0xF3, 0x01, 0x00, 0xF0, 0x00] + SMFBytes.endOfTrack
        let bytes = SMFBytes.file(tracks: [track])
        let file = try read(bytes)
        XCTAssertEqual(file.tracks[0].events.map(\.event), [.sysex([0x7E, 0x7F, 0x09, 0x01, 0xF7]), .sysexEscape([0xF3, 0x01]), .sysex([]), .endOfTrack])
        XCTAssertEqual(try file.bytes(), bytes)
    }

    func testNoteOnWithVelocityZeroIsKeptAndCanBeReadAsNoteOff() throws {
        let file = try read(SMFBytes.file(tracks: [[0x00, 0x92, 0x40, 0x50, 0x60, 0x40, 0x00] + SMFBytes.endOfTrack]))
        let events = file.tracks[0].events.map(\.event)
        XCTAssertEqual(events[1], .noteOn(channel: 2, note: 64, velocity: 0), "kept as written")
        XCTAssertEqual(events.map(\.isNoteStart), [true, false, false])
        XCTAssertEqual(events.map(\.isNoteEnd), [false, true, false])
        XCTAssertEqual(events[1].asNoteOff, .noteOff(channel: 2, note: 64, velocity: 64))
        XCTAssertEqual(events[0].asNoteOff, events[0])
        XCTAssertTrue(MIDIEvent.noteOff(channel: 0, note: 1, velocity: 0).isNoteEnd)
    }

    func testUnknownChunksAreSkipped() throws {
        let track = [0x00, 0x90, 0x3C, 0x40] + SMFBytes.endOfTrack
        let bytes = SMFBytes.header(tracks: 2) + SMFBytes.chunk("XFIH", [1, 2, 3]) + SMFBytes.chunk("MTrk", track)
            + SMFBytes.chunk("\u{0}\u{1}ab", []) + SMFBytes.chunk("MTrk", track)
        let file = try read(bytes)
        XCTAssertEqual(file.tracks.count, 2)
        XCTAssertEqual(file.tracks[1].events, [timed(0, .noteOn(channel: 0, note: 60, velocity: 64)), timed(0, .endOfTrack)])
        XCTAssertEqual(try file.bytes(), SMFBytes.file(tracks: [track, track]))
    }

    func testHeaderLongerThanSixBytesIsReadAndItsExtraBytesSkipped() throws {
        let bytes = SMFBytes.chunk("MThd", [0x00, 0x00, 0x00, 0x01, 0x00, 0x60, 0xAA, 0xBB]) + SMFBytes.chunk("MTrk", SMFBytes.endOfTrack)
        let file = try read(bytes)
        XCTAssertEqual(file.format, .format0)
        XCTAssertEqual(file.ticksPerQuarter, 96)
        XCTAssertEqual(try file.bytes(), SMFBytes.file(format: 0, division: 96, tracks: [SMFBytes.endOfTrack]))
    }

    func testSMPTEDivisionIsReadKeptAndWritten() throws {
        let bytes = SMFBytes.file(division: 0xE728, tracks: [[0x87, 0x68, 0xFF, 0x2F, 0x00]])
        let file = try read(bytes)
        XCTAssertEqual(file.division, .smpte(framesPerSecond: 25, ticksPerFrame: 40))
        XCTAssertNil(file.ticksPerQuarter)
        XCTAssertEqual(file.tracks[0].endTick, 1000)
        XCTAssertEqual(file.tempoMap.seconds(atTick: 1000), 1.0, accuracy: 1e-12)
        XCTAssertEqual(try file.bytes(), bytes)
    }

    func testFormat2IsReadButNotWritten() throws {
        let file = try read(SMFBytes.file(format: 2, tracks: [SMFBytes.endOfTrack, [0x10, 0xFF, 0x2F, 0x00]]))
        XCTAssertEqual(file.format, .format2)
        XCTAssertEqual(file.tracks.map(\.endTick), [0, 16])
        XCTAssertThrowsError(try file.bytes()) { error in
            XCTAssertEqual((error as? ZooError)?.message, "MIDI file in memory: format 2 files are read but not written (write format 0 or 1)")
        }
    }
}
