import MIDIFormat
import XCTest

/// The notes view pairs note-ons with note-offs first in, first out per pitch and channel.
final class MIDINotesTests: XCTestCase {
    private func track(_ events: [(Int, MIDIEvent)]) -> MIDITrack {
        MIDITrack(events: events.map { MIDITimedEvent(tick: $0.0, $0.1) })
    }

    func testOverlappingNotesOfOnePitchPairFirstInFirstOut() {
        let notes = track([
            (0, .noteOn(channel: 0, note: 60, velocity: 80)),
            (10, .noteOn(channel: 0, note: 60, velocity: 70)),
            (20, .noteOff(channel: 0, note: 60, velocity: 0)),
            (30, .noteOn(channel: 0, note: 60, velocity: 0)),
            (30, .endOfTrack),
        ]).notes
        XCTAssertEqual(notes, [
            MIDINote(pitch: 60, channel: 0, velocity: 80, startTick: 0, durationTicks: 20),
            MIDINote(pitch: 60, channel: 0, velocity: 70, startTick: 10, durationTicks: 20),
        ])
        XCTAssertEqual(notes.map(\.endTick), [20, 30])
    }

    func testChannelsArePairedSeparately() {
        let notes = track([
            (0, .noteOn(channel: 0, note: 60, velocity: 80)),
            (0, .noteOn(channel: 1, note: 60, velocity: 81)),
            (5, .noteOff(channel: 1, note: 60, velocity: 0)),
            (9, .noteOff(channel: 0, note: 60, velocity: 0)),
            (9, .endOfTrack),
        ]).notes
        XCTAssertEqual(notes.map(\.channel), [0, 1])
        XCTAssertEqual(notes.map(\.durationTicks), [9, 5])
    }

    func testUnmatchedEndsAreIgnoredAndUnendedNotesLastToTheEndOfTheTrack() {
        let notes = track([
            (0, .noteOff(channel: 0, note: 62, velocity: 0)),
            (4, .noteOn(channel: 0, note: 64, velocity: 90)),
            (6, .noteOn(channel: 0, note: 62, velocity: 0)),
            (100, .endOfTrack),
        ]).notes
        XCTAssertEqual(notes, [MIDINote(pitch: 64, channel: 0, velocity: 90, startTick: 4, durationTicks: 96)])
    }

    func testRepeatedNoteEndingAndStartingOnOneTick() {
        let notes = track([
            (0, .noteOn(channel: 3, note: 45, velocity: 90)),
            (480, .noteOff(channel: 3, note: 45, velocity: 0)),
            (480, .noteOn(channel: 3, note: 45, velocity: 90)),
            (960, .noteOff(channel: 3, note: 45, velocity: 0)),
            (960, .endOfTrack),
        ]).notes
        XCTAssertEqual(notes.map(\.startTick), [0, 480])
        XCTAssertEqual(notes.map(\.durationTicks), [480, 480])
    }

    func testTrackNameFallsBackToLatin1() {
        XCTAssertEqual(track([(0, .text(.trackName, [0x42, 0xE4, 0x72]))]).name, "Bär")
        XCTAssertEqual(track([(0, .text(.trackName, Array("Bär".utf8)))]).name, "Bär")
        XCTAssertNil(track([(0, .text(.text, Array("x".utf8)))]).name)
    }
}
