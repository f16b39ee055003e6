import Foundation
import MIDIFormat
import XCTest
import ZooCore

/// Each kind of broken file gives one line naming the file, the problem and the byte offset.
///
/// Offsets: the MThd chunk is bytes 0...13, the first MTrk chunk header 14...21, its data from 22.
final class MIDIErrorTests: XCTestCase {
    private func assertError(_ bytes: [UInt8], _ expected: String, line: UInt = #line) {
        XCTAssertThrowsError(try MIDIFile.read(bytes: bytes, name: "bwv1.6.mid"), line: line) { error in
            guard let error = error as? ZooError else {
                return XCTFail("expected a ZooError, got \(error)", line: line)
            }
            XCTAssertEqual(error.message, "bwv1.6.mid: \(expected)", line: line)
            XCTAssertFalse(error.message.contains("\n"), line: line)
        }
    }

    /// A format 1 file whose one track holds `events` (End of Track not added).
    private func track(_ events: [UInt8]) -> [UInt8] {
        SMFBytes.header(tracks: 1) + SMFBytes.chunk("MTrk", events)
    }

    func testNotAMIDIFile() {
        assertError(Array("RIFF....WAVE".utf8), "not a Standard MIDI File (no MThd chunk at byte 0)")
        assertError([], "not a Standard MIDI File (no MThd chunk at byte 0)")
    }

    func testTruncatedHeader() {
        assertError(Array("MThd".utf8) + [0], "truncated chunk header at byte 0 (8 bytes needed, 5 left)")
        assertError(Array(SMFBytes.header(tracks: 1).prefix(10)), "truncated MThd chunk at byte 0 (declares 6 bytes, 2 left)")
    }

    func testTruncatedTrack() {
        assertError(SMFBytes.header(tracks: 1) + SMFBytes.chunk("MTrk", declaring: 500, Array(repeating: 0, count: 12)),
                    "truncated MTrk chunk at byte 14 (declares 500 bytes, 12 left)")
        assertError(track([0x00, 0x90, 0x3C]), "MTrk chunk at byte 14 ends inside the note on at byte 23")
        assertError(track([0x00, 0x90, 0x3C, 0x40]), "MTrk chunk at byte 14 ends at byte 26 without an End of Track event")
        assertError(SMFBytes.file(tracks: [SMFBytes.endOfTrack]) + [0, 0, 0], "truncated chunk header at byte 26 (8 bytes needed, 3 left)")
        assertError(SMFBytes.header(tracks: 3) + SMFBytes.chunk("MTrk", SMFBytes.endOfTrack),
                    "file ends at byte 26 after 1 of the 3 MTrk chunks the header declares")
    }

    func testBadChunkLengths() {
        assertError(SMFBytes.chunk("MThd", [0, 0, 0, 1]), "MThd chunk at byte 0 declares 4 bytes (at least 6 needed)")
        assertError(SMFBytes.header(tracks: 1) + SMFBytes.chunk("MTrk", declaring: 0xFFFF_FFFF, SMFBytes.endOfTrack),
                    "truncated MTrk chunk at byte 14 (declares 4294967295 bytes, 4 left)")
        assertError(SMFBytes.header(tracks: 1) + SMFBytes.chunk("MTrk", declaring: 3, SMFBytes.endOfTrack),
                    "MTrk chunk at byte 14 ends inside the meta event length at byte 25")
        assertError(track(SMFBytes.endOfTrack + [0, 0]), "2 bytes after the End of Track event at byte 23 in the MTrk chunk at byte 14")
        assertError(SMFBytes.header(tracks: 1) + SMFBytes.chunk("X\u{7}YZ", declaring: 0x7FFF_FFFF, []),
                    "truncated 0x5807595A chunk at byte 14 (declares 2147483647 bytes, 0 left)")
        assertError(track([0x00, 0xFF, 0x01, 0x0A, 0x41] + SMFBytes.endOfTrack),
                    "meta event 0x01 at byte 23 declares 10 data bytes, 5 left in the MTrk chunk at byte 14")
        assertError(track([0x00, 0xF0, 0x7F] + SMFBytes.endOfTrack), "sysex event at byte 23 declares 127 data bytes, 4 left in the MTrk chunk at byte 14")
    }

    func testVariableLengthQuantityOverFourBytes() {
        assertError(track([0x81, 0x81, 0x81, 0x81, 0x00] + SMFBytes.endOfTrack),
                    "variable-length quantity (delta time) at byte 22 is longer than 4 bytes")
        assertError(track([0x00, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] + SMFBytes.endOfTrack),
                    "variable-length quantity (meta event length) at byte 25 is longer than 4 bytes")
    }

    func testDataByteWithoutRunningStatus() {
        assertError(track([0x00, 0x3C, 0x40] + SMFBytes.endOfTrack), "data byte 0x3C at byte 23 without a running status")
        assertError(track([0x00, 0x90, 0x3C, 0x90, 0x40] + SMFBytes.endOfTrack),
                    "note on at byte 23 has status byte 0x90 at byte 25 where a data byte belongs")
        assertError(track([0x00, 0xF2, 0x00, 0x00] + SMFBytes.endOfTrack),
                    "status byte 0xF2 at byte 23 is not allowed in a MIDI file (system common and real-time messages are not stored in tracks)")
    }

    func testMalformedMetaEvents() {
        assertError(track([0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1] + SMFBytes.endOfTrack), "tempo event at byte 23 has 2 data bytes (must be 3)")
        assertError(track([0x00, 0xFF, 0x00, 0x01, 0x07] + SMFBytes.endOfTrack), "sequence number event at byte 23 has 1 data byte (must be 0 or 2)")
        assertError(track([0x00, 0xFF, 0x2F, 0x01, 0x00]), "End of Track event at byte 23 has 1 data byte (must be 0)")
        assertError(track([0x00, 0xFF, 0x59, 0x02, 0x08, 0x00] + SMFBytes.endOfTrack),
                    "key signature event at byte 23 has 8 sharps and mode 0 (must be -7...7 and 0 or 1)")
        assertError(track([0x00, 0xFF, 0x20, 0x01, 0x10] + SMFBytes.endOfTrack), "channel prefix event at byte 23 names channel 16 (must be 0...15)")
    }

    func testBadHeaderFields() {
        assertError(SMFBytes.file(format: 3, tracks: [SMFBytes.endOfTrack]), "unknown format 3 at byte 8 (must be 0, 1 or 2)")
        assertError(SMFBytes.file(format: 0, tracks: [SMFBytes.endOfTrack, SMFBytes.endOfTrack]), "format 0 file declares 2 tracks at byte 10 (must be 1)")
        assertError(SMFBytes.file(division: 0, tracks: [SMFBytes.endOfTrack]),
                    "bad division word 0x0000 at byte 12: division of 0 ticks per quarter note (must be 1...32767)")
        assertError(SMFBytes.file(division: 0xE600, tracks: [SMFBytes.endOfTrack]),
                    "bad division word 0xE600 at byte 12: SMPTE division of 26 frames per second (must be 24, 25, 29 or 30)")
        assertError(SMFBytes.header(tracks: 1) + SMFBytes.chunk("MTrk", SMFBytes.endOfTrack) + SMFBytes.chunk("MTrk", SMFBytes.endOfTrack),
                    "MTrk chunk at byte 26 is more than the header's track count of 1")
        assertError(SMFBytes.header(tracks: 1) + SMFBytes.header(tracks: 1), "second MThd chunk at byte 14")
    }

    func testUnreadableFileNamesItsPath() {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).mid")
        XCTAssertThrowsError(try MIDIFile.read(url: url)) { error in
            let message = (error as? ZooError)?.message ?? ""
            XCTAssertTrue(message.hasPrefix("\(url.path): cannot read the file ("), message)
            XCTAssertFalse(message.contains("\n"), message)
        }
    }
}
