import Foundation
import MIDIFormat
import XCTest
import ZooCore

/// Huge delta times (issue 17): the reader keeps ticks as numbers, so what it builds grows with
/// the file's bytes, never with the times the file claims. (The chorale grid, which does grow
/// with time, bounds the piece itself: see MusicTests/ChoraleHostileTests.)
final class MIDIHostileTests: XCTestCase {
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

    /// 33 bytes: one note-on after a delta of 0x0FFFFFFF ticks at 4 ticks per quarter note.
    func testOneNoteAfterTheLargestDelta() throws {
        let bytes = SMFBytes.file(format: 0, division: 4, tracks: [[0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 64] + SMFBytes.endOfTrack])
        XCTAssertEqual(bytes.count, 33)
        let before = Self.resetPeakMemory()
        let file = try MIDIFile.read(bytes: bytes, name: "late.mid")
        XCTAssertEqual(file.tracks[0].events.map(\.tick), [0x0FFF_FFFF, 0x0FFF_FFFF])
        XCTAssertEqual(file.tracks[0].notes, [MIDINote(pitch: 60, channel: 0, velocity: 64, startTick: 0x0FFF_FFFF, durationTicks: 0)])
        XCTAssertEqual(file.tempoMap.seconds(atTick: file.tracks[0].endTick), Double(0x0FFF_FFFF) / 8, accuracy: 1e-6)
        XCTAssertEqual(try file.bytes(), bytes)
        XCTAssertLessThan(Self.peakMemory() - before, 256 << 20)
    }

    /// 10000 maximal deltas (70 kB) reach 2.7 × 10¹² ticks; reading, merging to format 0 and
    /// writing back stay within the file's size.
    func testAChainOfLargestDeltas() throws {
        var events: [UInt8] = []
        for _ in 0..<10_000 { events += [0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x01, 0x00] }
        let bytes = SMFBytes.file(format: 1, division: 480, tracks: [events + SMFBytes.endOfTrack, [0x00, 0x90, 60, 64, 0x60, 0x80, 60, 0] + SMFBytes.endOfTrack])
        let before = Self.resetPeakMemory()
        let file = try MIDIFile.read(bytes: bytes, name: "chain.mid")
        XCTAssertEqual(file.tracks[0].endTick, 10_000 * 0x0FFF_FFFF)
        let merged = file.mergedToFormat0()
        XCTAssertEqual(merged.tracks[0].endTick, 10_000 * 0x0FFF_FFFF)
        XCTAssertEqual(try MIDIFile.read(bytes: try file.bytes(), name: "chain.mid"), file)
        XCTAssertLessThan(Self.peakMemory() - before, 256 << 20)
    }
}
