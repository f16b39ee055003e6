import Foundation
import MIDIFormat
import XCTest
import ZooCore

/// The writer's exact output for format 0 and 1, its End of Track rule, atomic writing, and the
/// values it refuses.
final class MIDIEncodingTests: XCTestCase {
    /// A conductor track without End of Track, and one voice whose events exercise running status.
    private let twoTracks = MIDIFile(format: .format1, division: .ticksPerQuarter(480), tracks: [
        MIDITrack(events: [
            MIDITimedEvent(tick: 0, .tempo(microsecondsPerQuarter: 500_000)),
            MIDITimedEvent(tick: 0, .timeSignature(numerator: 4, denominatorPower: 2, clocksPerClick: 24, thirtySecondNotesPerQuarter: 8)),
            MIDITimedEvent(tick: 0, .keySignature(sharps: -1, minor: true)),
        ]),
        MIDITrack(events: [
            MIDITimedEvent(tick: 0, .text(.trackName, Array("S".utf8))),
            MIDITimedEvent(tick: 0, .programChange(channel: 0, program: 52)),
            MIDITimedEvent(tick: 0, .noteOn(channel: 0, note: 60, velocity: 90)),
            MIDITimedEvent(tick: 480, .noteOn(channel: 0, note: 60, velocity: 0)),
            MIDITimedEvent(tick: 480, .noteOn(channel: 0, note: 62, velocity: 90)),
            MIDITimedEvent(tick: 960, .noteOff(channel: 0, note: 62, velocity: 0)),
            MIDITimedEvent(tick: 960, .text(.marker, Array("x".utf8))),
            MIDITimedEvent(tick: 960, .noteOff(channel: 0, note: 63, velocity: 0)),
            MIDITimedEvent(tick: 1440, .endOfTrack),
        ]),
    ])

    private let conductorBytes: [UInt8] = [
        0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,
        0x00, 0xFF, 0x58, 0x04, 0x04, 0x02, 0x18, 0x08,
        0x00, 0xFF, 0x59, 0x02, 0xFF, 0x01,
    ]

    private let voiceBytes: [UInt8] = [
        0x00, 0xFF, 0x03, 0x01, 0x53,
        0x00, 0xC0, 0x34,
        0x00, 0x90, 0x3C, 0x5A,
        0x83, 0x60, 0x3C, 0x00,        // running status
        0x00, 0x3E, 0x5A,              // running status
        0x83, 0x60, 0x80, 0x3E, 0x00,
        0x00, 0xFF, 0x06, 0x01, 0x78,
        0x00, 0x80, 0x3F, 0x00,        // the marker cancelled running status: 0x80 again
    ]

    func testFormat1Output() throws {
        let expected = SMFBytes.file(format: 1, tracks: [conductorBytes + SMFBytes.endOfTrack, voiceBytes + [0x83, 0x60, 0xFF, 0x2F, 0x00]])
        let bytes = try twoTracks.bytes()
        XCTAssertEqual(bytes, expected)
        XCTAssertEqual(Array(bytes[0..<14]), [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 1, 0, 2, 0x01, 0xE0])
        XCTAssertEqual(Array(bytes[14..<22]), [0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 25])
        let reread = try MIDIFile.read(bytes: bytes, name: "format1.mid")
        XCTAssertEqual(reread.tracks[0].events, twoTracks.tracks[0].events + [MIDITimedEvent(tick: 0, .endOfTrack)])
        XCTAssertEqual(reread.tracks[1], twoTracks.tracks[1])
    }

    func testFormat0Output() throws {
        let merged = twoTracks.mergedToFormat0()
        XCTAssertEqual(merged.format, .format0)
        XCTAssertEqual(merged.tracks.count, 1)
        XCTAssertEqual(merged.tracks[0].events.filter { $0.event == .endOfTrack }, [MIDITimedEvent(tick: 1440, .endOfTrack)])
        let bytes = try merged.bytes()
        XCTAssertEqual(bytes, SMFBytes.file(format: 0, tracks: [conductorBytes + voiceBytes + [0x83, 0x60, 0xFF, 0x2F, 0x00]]))
        let reread = try MIDIFile.read(bytes: bytes, name: "format0.mid")
        XCTAssertEqual(reread, merged)
        XCTAssertEqual(reread.tracks[0].notes, twoTracks.tracks[1].notes)
    }

    func testEachTrackEndsWithExactlyOneEndOfTrack() throws {
        let file = MIDIFile(format: .format1, division: .ticksPerQuarter(96), tracks: [
            MIDITrack(),
            MIDITrack(events: [
                MIDITimedEvent(tick: 0, .noteOn(channel: 0, note: 60, velocity: 64)),
                MIDITimedEvent(tick: 0, .endOfTrack),
                MIDITimedEvent(tick: 10, .noteOn(channel: 0, note: 61, velocity: 64)),
                MIDITimedEvent(tick: 20, .endOfTrack),
                MIDITimedEvent(tick: 20, .endOfTrack),
            ]),
        ])
        let bytes = try file.bytes()
        XCTAssertEqual(bytes, SMFBytes.file(division: 96, tracks: [SMFBytes.endOfTrack, [0x00, 0x90, 0x3C, 0x40, 0x0A, 0x3D, 0x40, 0x0A, 0xFF, 0x2F, 0x00]]))
        let reread = try MIDIFile.read(bytes: bytes, name: "ends.mid")
        XCTAssertEqual(reread.tracks[0].events, [MIDITimedEvent(tick: 0, .endOfTrack)])
        XCTAssertEqual(reread.tracks[1].events.map(\.tick), [0, 10, 20])
    }

    func testWriteGoesThroughATemporaryFileAndReadsBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("midi-write-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("out.mid")
        try MIDIFile(format: .format0, division: .ticksPerQuarter(96), tracks: [MIDITrack()]).write(to: url)
        try twoTracks.write(to: url)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["out.mid"])
        XCTAssertEqual(try Array(Data(contentsOf: url)), try twoTracks.bytes())
        XCTAssertEqual(try MIDIFile.read(url: url).tracks[1], twoTracks.tracks[1])

        var bad = twoTracks
        bad.tracks[1].events[2].event = .noteOn(channel: 0, note: 60, velocity: 128)
        XCTAssertThrowsError(try bad.write(to: url)) { error in
            XCTAssertEqual((error as? ZooError)?.message, "\(url.path): track 1, event 2 at tick 0: note on: velocity 128 (must be 0...127)")
        }
        XCTAssertEqual(try Array(Data(contentsOf: url)), try twoTracks.bytes(), "a refused write leaves the old file")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["out.mid"])
    }

    func testValuesThatCannotBeStoredAreRefused() {
        let cases: [(MIDIEvent, String)] = [
            (.noteOn(channel: 16, note: 60, velocity: 1), "note on: channel 16 (must be 0...15)"),
            (.noteOn(channel: 0, note: 128, velocity: 1), "note on: note 128 (must be 0...127)"),
            (.noteOff(channel: 0, note: 60, velocity: 200), "note off: velocity 200 (must be 0...127)"),
            (.controlChange(channel: 0, controller: 0x80, value: 0), "control change: controller 128 (must be 0...127)"),
            (.pitchBend(channel: 0, value: 16384), "pitch bend: value 16384 (must be 0...16383)"),
            (.tempo(microsecondsPerQuarter: 0x100_0000), "tempo: 16777216 microseconds per quarter note (must be 0...16777215)"),
            (.tempo(microsecondsPerQuarter: -1), "tempo: -1 microseconds per quarter note (must be 0...16777215)"),
            (.keySignature(sharps: 8, minor: false), "key signature: 8 sharps (must be -7...7)"),
            (.channelPrefix(16), "channel prefix: channel 16 (must be 0...15)"),
            (.unknownMeta(type: 0x51, data: [0, 0, 1]), "meta event 0x51: type 0x51 has its own event case and is not written as raw bytes"),
        ]
        for (event, problem) in cases {
            let file = MIDIFile(format: .format0, division: .ticksPerQuarter(480), tracks: [MIDITrack(events: [MIDITimedEvent(tick: 7, event)])])
            assertRefused(file, "track 0, event 0 at tick 7: \(problem)")
        }
        let track = { (ticks: [Int]) in MIDITrack(events: ticks.map { MIDITimedEvent(tick: $0, .noteOn(channel: 0, note: 60, velocity: 1)) }) }
        assertRefused(MIDIFile(format: .format0, division: .ticksPerQuarter(480), tracks: [track([10, 5])]),
                      "track 0, event 1 at tick 5: ticks may not decrease (previous event at tick 10)")
        assertRefused(MIDIFile(format: .format0, division: .ticksPerQuarter(480), tracks: [track([-1])]),
                      "track 0, event 0 at tick -1: ticks start at 0")
        assertRefused(MIDIFile(format: .format0, division: .ticksPerQuarter(480), tracks: [track([0, 0x1000_0000])]),
                      "track 0, event 1 at tick 268435456: 268435456 ticks after the previous event (a delta time holds at most 268435455)")
        assertRefused(MIDIFile(format: .format0, division: .ticksPerQuarter(480), tracks: [track([0]), track([0])]),
                      "a format 0 file has exactly 1 track, this one has 2")
        assertRefused(MIDIFile(format: .format1, division: .ticksPerQuarter(0), tracks: [track([0])]),
                      "division of 0 ticks per quarter note (must be 1...32767)")
        assertRefused(MIDIFile(format: .format1, division: .smpte(framesPerSecond: 26, ticksPerFrame: 4), tracks: [track([0])]),
                      "SMPTE division of 26 frames per second (must be 24, 25, 29 or 30)")
    }

    private func assertRefused(_ file: MIDIFile, _ problem: String, line: UInt = #line) {
        XCTAssertThrowsError(try file.bytes(), line: line) { error in
            XCTAssertEqual((error as? ZooError)?.message, "MIDI file in memory: \(problem)", line: line)
        }
    }
}
