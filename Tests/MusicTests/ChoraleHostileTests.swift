import Foundation
import MIDIFormat
@testable import Music
import XCTest
import ZooCore

/// Small MIDI files that claim long pieces (issue 17): a few bytes of delta time must not make
/// the sixteenth-note grid, the encoding or the piano roll grow to gigabytes. The piece's length
/// is checked against its notes and an absolute limit before the grid is allocated; a refusal is
/// one line naming the file.
final class ChoraleHostileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("chorale-hostile-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A variable-length quantity (at most 0x0FFFFFFF).
    private static func vlq(_ value: Int) -> [UInt8] {
        var bytes = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            bytes.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
            rest >>= 7
        }
        return bytes
    }

    /// A Standard MIDI File of `tracks` (raw event bytes, End of Track included) with
    /// `ticksPerQuarter` ticks per quarter note (4: one tick per sixteenth).
    private static func smf(format: UInt8 = 0, ticksPerQuarter: UInt16 = 4, tracks: [[UInt8]]) -> [UInt8] {
        var bytes = Array("MThd".utf8) + [0, 0, 0, 6, 0, format, 0, UInt8(tracks.count), UInt8(ticksPerQuarter >> 8), UInt8(ticksPerQuarter & 0xFF)]
        for track in tracks {
            let n = track.count
            bytes += Array("MTrk".utf8) + [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + track
        }
        return bytes
    }

    private static let endOfTrack: [UInt8] = [0x00, 0xFF, 0x2F, 0x00]

    /// One track with the four voices on channels 0–3: notes on at tick 0 on channels 0–2, the
    /// fourth after a delta of `delay` ticks; all sound until the End of Track `tail` ticks later.
    private static func fourVoices(delay: Int, tail: Int = 0) -> [UInt8] {
        let events: [UInt8] = [0x00, 0x90, 72, 64, 0x00, 0x91, 67, 64, 0x00, 0x92, 60, 64] + vlq(delay) + [0x93, 48, 64]
        return smf(tracks: [events + vlq(tail) + [0xFF, 0x2F, 0x00]])
    }

    /// Resets this process's resident high-water mark to its present size (Linux
    /// `/proc/self/clear_refs`, "5") and returns that size in bytes, so that `peakMemory()` after
    /// it measures what the code in between grew: the process's lifetime peak (`ru_maxrss`) would
    /// hide any growth below what an earlier test in the same runner once reached.
    private static func resetPeakMemory() -> Int {
        if let refs = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            refs.write(Data("5".utf8))
            try? refs.close()
        }
        return peakMemory()
    }

    /// This process's resident high-water mark (`VmHWM`) in bytes.
    private static func peakMemory() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }

    private func assertRefused(_ bytes: [UInt8], saying expected: String, line: UInt = #line) throws {
        let name = "hostile.mid"
        let file = try MIDIFile.read(bytes: bytes, name: name)
        XCTAssertThrowsError(try ChoraleMIDI.chorale(from: file, name: name), line: line) { error in
            XCTAssertEqual("\(error)", "\(name): \(expected)", line: line)
        }
    }

    /// 45 bytes, one note-on after a delta of 0x0FFFFFFF ticks: 268435455 sixteenths claimed, a
    /// grid of 17 GB; refused from its four notes without growing the process by 256 MB.
    func testTinyFileWithAHugeDeltaIsRefusedBeforeTheGrid() throws {
        let bytes = Self.fourVoices(delay: 0x0FFF_FFFF)
        XCTAssertEqual(bytes.count, 45)
        let before = Self.resetPeakMemory()
        try assertRefused(bytes, saying: "the piece is 268435455 sixteenths long, more than the 256 its 4 notes can fill (at most 64 sixteenths each)")
        let url = folder.appendingPathComponent("huge-delta.mid")
        try Data(bytes).write(to: url)
        XCTAssertThrowsError(try ChoraleCorpus(path: url)) { error in
            XCTAssertEqual("\(error)", "\(url.path): the piece is 268435455 sixteenths long, more than the 256 its 4 notes can fill (at most 64 sixteenths each)")
        }
        XCTAssertLessThan(Self.peakMemory() - before, 256 << 20)
    }

    /// The same claim made by the End of Track after a chain of maximal deltas (text events), in
    /// a format 1 file of four named voice tracks at 480 ticks per quarter.
    func testHugeEndOfTrackIsRefused() throws {
        func voice(_ name: String, _ pitch: UInt8, chain: Int) -> [UInt8] {
            var events: [UInt8] = [0x00, 0xFF, 0x03, UInt8(name.utf8.count)] + Array(name.utf8) + [0x00, 0x90, pitch, 64, 0x83, 0x60, 0x80, pitch, 0]
            for _ in 0..<chain { events += Self.vlq(0x0FFF_FFFF) + [0xFF, 0x01, 0x00] }
            return events + Self.endOfTrack
        }
        let bytes = Self.smf(format: 1, ticksPerQuarter: 480, tracks: [
            voice("Soprano", 72, chain: 0), voice("Alto", 67, chain: 0), voice("Tenor", 60, chain: 0), voice("Bass", 48, chain: 100),
        ])
        let before = Self.resetPeakMemory()
        try assertRefused(bytes, saying: "the piece is 223696217 sixteenths long, more than the 256 its 4 notes can fill (at most 64 sixteenths each)")
        XCTAssertLessThan(Self.peakMemory() - before, 256 << 20)
    }

    /// Four notes may span 256 sixteenths, not 257.
    func testTheBoundFollowsTheNotes() throws {
        let name = "edge.mid"
        let fits = try ChoraleMIDI.chorale(from: try MIDIFile.read(bytes: Self.fourVoices(delay: 0, tail: 256), name: name), name: name)
        XCTAssertEqual(fits.steps, 256)
        XCTAssertEqual(fits.notes(.bass), [Chorale.Note(pitch: 48, start: 0, length: 256)])
        try assertRefused(Self.fourVoices(delay: 0, tail: 257), saying: "the piece is 257 sixteenths long, more than the 256 its 4 notes can fill (at most 64 sixteenths each)")
    }

    /// Many notes still cannot make a piece longer than 1024 bars of 4/4: 4 × 300 notes of 64
    /// sixteenths last 19200.
    func testLongPiecesStopAtTheAbsoluteLimit() throws {
        var events: [UInt8] = []
        for _ in 0..<300 {
            for channel in UInt8(0)..<4 { events += [0x00, 0x90 | channel, 60 + channel, 64] }
            events += [0x40, 0x80, 60, 0]
            for channel in UInt8(1)..<4 { events += [0x00, 0x80 | channel, 60 + channel, 0] }
        }
        try assertRefused(Self.smf(tracks: [events + Self.endOfTrack]),
                          saying: "the piece is 19200 sixteenths long, more than the limit of 16384 (1024 bars of 4/4)")
    }

    /// The conductor track is not part of the piece: its End of Track and a time signature after
    /// a huge delta leave the grid as long as the voices.
    func testAFarConductorTrackDoesNotLengthenThePiece() throws {
        let conductor: [UInt8] = Self.vlq(0x0FFF_FFFF) + [0xFF, 0x58, 0x04, 3, 2, 24, 8] + Self.vlq(0x0FFF_FFFF) + [0xFF, 0x2F, 0x00]
        var voices: [[UInt8]] = []
        for channel in UInt8(0)..<4 { voices.append([0x00, 0x90 | channel, 60 + channel, 64, 0x10, 0x80 | channel, 60 + channel, 0] + Self.endOfTrack) }
        let name = "conductor.mid"
        let chorale = try ChoraleMIDI.chorale(from: try MIDIFile.read(bytes: Self.smf(format: 1, tracks: [conductor] + voices), name: name), name: name)
        XCTAssertEqual(chorale.steps, 16)
        XCTAssertEqual(chorale.meter.signatures.map(\.step), [0, 0x0FFF_FFFF])
        XCTAssertTrue(PianoRoll.svg(chorale, title: name).contains("width=\"156\""))
    }

    /// `zoo generate music --primer FILE` refuses the tiny file the same way, naming it.
    func testPrimerIsRefusedBeforeTheGrid() throws {
        let primer = folder.appendingPathComponent("primer.mid")
        try Data(Self.fourVoices(delay: 0x0FFF_FFFF)).write(to: primer)
        let request = GenerationRequest(options: ["output": folder.appendingPathComponent("out.mid").path, "primer": primer.path],
                                        sampler: try Sampler(temperature: 1, topK: nil, topP: nil), seed: 1)
        let before = Self.resetPeakMemory()
        XCTAssertThrowsError(try MusicGeneratorTests.generator.generate(request)) { error in
            XCTAssertEqual("\(error)", "\(primer.path): the piece is 268435455 sixteenths long, more than the 256 its 4 notes can fill (at most 64 sixteenths each)")
        }
        XCTAssertLessThan(Self.peakMemory() - before, 256 << 20)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.mid").path))
    }
}
