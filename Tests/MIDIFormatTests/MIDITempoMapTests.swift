import MIDIFormat
import XCTest

/// Ticks to seconds through tempo changes, and for SMPTE time.
final class MIDITempoMapTests: XCTestCase {
    private func file(division: MIDIDivision = .ticksPerQuarter(480), _ tracks: [[(Int, MIDIEvent)]]) -> MIDIFile {
        MIDIFile(format: .format1, division: division, tracks: tracks.map { MIDITrack(events: $0.map { MIDITimedEvent(tick: $0.0, $0.1) }) })
    }

    func testDefaultTempoIs120BeatsPerMinute() {
        let map = file([[]]).tempoMap
        XCTAssertEqual(map.seconds(atTick: 960), 1.0, accuracy: 1e-12)
        XCTAssertEqual(map.microsecondsPerQuarter(atTick: 0), 500_000)
    }

    func testTempoChangesAccumulate() {
        let map = file([[
            (480, .tempo(microsecondsPerQuarter: 1_000_000)),
            (960, .tempo(microsecondsPerQuarter: 250_000)),
        ]]).tempoMap
        XCTAssertEqual(map.seconds(atTick: 480), 0.5, accuracy: 1e-12)
        XCTAssertEqual(map.seconds(atTick: 720), 1.0, accuracy: 1e-12)
        XCTAssertEqual(map.seconds(atTick: 960), 1.5, accuracy: 1e-12)
        XCTAssertEqual(map.seconds(atTick: 1920), 2.0, accuracy: 1e-12)
        XCTAssertEqual(map.microsecondsPerQuarter(atTick: 959), 1_000_000)
        XCTAssertEqual(map.microsecondsPerQuarter(atTick: 960), 250_000)
    }

    func testTempoEventsFromEveryTrackAndTheLastAtOneTickCounts() {
        let map = file([
            [(0, .tempo(microsecondsPerQuarter: 600_000)), (0, .tempo(microsecondsPerQuarter: 400_000))],
            [(480, .tempo(microsecondsPerQuarter: 800_000))],
        ]).tempoMap
        XCTAssertEqual(map.seconds(atTick: 480), 0.4, accuracy: 1e-12)
        XCTAssertEqual(map.seconds(atTick: 960), 1.2, accuracy: 1e-12)
    }

    func testOneTrackOfAFormat2File() {
        let track = MIDITrack(events: [MIDITimedEvent(tick: 0, .tempo(microsecondsPerQuarter: 1_000_000))])
        XCTAssertEqual(MIDITempoMap(track: track, division: .ticksPerQuarter(100)).seconds(atTick: 250), 2.5, accuracy: 1e-12)
    }

    func testSMPTETimeIgnoresTempo() {
        let smpte = file(division: .smpte(framesPerSecond: 29, ticksPerFrame: 100), [[(0, .tempo(microsecondsPerQuarter: 1_000_000))]])
        XCTAssertEqual(smpte.tempoMap.seconds(atTick: 3000), 1.001, accuracy: 1e-12, "29 means 30000/1001 frames per second")
        let pal = file(division: .smpte(framesPerSecond: 25, ticksPerFrame: 40), [[]])
        XCTAssertEqual(pal.tempoMap.seconds(atTick: 500), 0.5, accuracy: 1e-12)
    }
}
