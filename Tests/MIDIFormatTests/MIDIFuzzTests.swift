import Foundation
import MIDIFormat
import XCTest
import ZooCore

/// Mutated chorale files either read or throw a one-line ZooError; none crashes or hangs, and every
/// mutant that reads as format 0 or 1 writes and reads back to the same events.
///
/// Runs for `ZOO_FUZZ_SECONDS` seconds (default 10) from a fixed seed.
final class MIDIFuzzTests: XCTestCase {
    private enum Mutation: CaseIterable {
        case bitFlips, truncation, insertion, deletion, framedInsertion, framedDeletion, lengthField, combined
    }

    func testMutatedChoralesNeverCrash() throws {
        let seconds = ProcessInfo.processInfo.environment["ZOO_FUZZ_SECONDS"].flatMap(Double.init) ?? 10
        let originals = try MusicData.chorales().map { try Array(Data(contentsOf: $0)) }
        var rng = SeededGenerator(seed: 0x4D54_6864)
        var counts: [Mutation: (read: Int, refused: Int)] = [:]
        var messages = Set<String>()
        let start = Date()
        var iterations = 0
        while Date().timeIntervalSince(start) < seconds {
            let mutation = Mutation.allCases[iterations % Mutation.allCases.count]
            iterations += 1
            guard let original = originals.randomElement(using: &rng) else { break }
            let bytes = mutate(original, mutation, &rng)
            let name = "mutant-\(iterations).mid"
            do {
                let file = try MIDIFile.read(bytes: bytes, name: name)
                counts[mutation, default: (0, 0)].read += 1
                for track in file.tracks {
                    _ = track.notes
                    _ = file.tempoMap.seconds(atTick: track.endTick)
                }
                if file.format != .format2 {
                    let written = try file.bytes()
                    XCTAssertEqual(try MIDIFile.read(bytes: written, name: name), file, name)
                }
            } catch let error as ZooError {
                counts[mutation, default: (0, 0)].refused += 1
                XCTAssertTrue(error.message.hasPrefix("\(name): "), error.message)
                XCTAssertFalse(error.message.contains("\n"), error.message)
                messages.insert(error.message.dropFirst(name.count + 2).prefix(while: { !$0.isNumber }).description)
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertLessThan(elapsed, seconds + 5, "one mutant took too long")
        XCTAssertGreaterThan(iterations, Mutation.allCases.count)
        let summary = Mutation.allCases.map { "\($0): \(counts[$0]?.read ?? 0) read, \(counts[$0]?.refused ?? 0) refused" }
        print("MIDI fuzz: \(iterations) mutants in \(String(format: "%.1f", elapsed)) s (\(summary.joined(separator: "; "))); \(messages.count) kinds of error")
    }

    private func mutate(_ original: [UInt8], _ mutation: Mutation, _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        switch mutation {
        case .bitFlips:
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            }
        case .truncation:
            bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng))
        case .insertion:
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let run = (0..<Int.random(in: 1...4, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                bytes.insert(contentsOf: run, at: Int.random(in: 0...bytes.count, using: &rng))
            }
        case .deletion:
            for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...4, using: &rng)))
            }
        case .framedInsertion, .framedDeletion:
            guard let chunk = trackChunks(bytes).randomElement(using: &rng), chunk.data.count > 1 else { break }
            let at = Int.random(in: chunk.data, using: &rng)
            var length = chunk.data.count
            if mutation == .framedInsertion {
                let run = (0..<Int.random(in: 1...4, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                bytes.insert(contentsOf: run, at: at)
                length += run.count
            } else {
                let removed = at..<min(chunk.data.upperBound, at + Int.random(in: 1...4, using: &rng))
                bytes.removeSubrange(removed)
                length -= removed.count
            }
            for index in 0..<4 {
                bytes[chunk.lengthOffset + index] = UInt8(truncatingIfNeeded: length >> (24 - 8 * index))
            }
        case .lengthField:
            let fields = chunkLengthOffsets(bytes)
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                guard let offset = fields.randomElement(using: &rng) else { break }
                let old = (0..<4).reduce(0) { $0 << 8 | Int(bytes[offset + $1]) }
                let choices = [0, 1, 5, 0xFFFF_FFFF, 0x7FFF_FFFF, 0x8000_0000, max(0, old - 1), old + 1, old + 7, Int.random(in: 0...0xFFFF_FFFF, using: &rng)]
                let value = choices[Int.random(in: 0..<choices.count, using: &rng)]
                for index in 0..<4 {
                    bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * index))
                }
            }
        case .combined:
            for _ in 0..<2 {
                let inner = [Mutation.bitFlips, .insertion, .deletion, .framedInsertion, .framedDeletion, .lengthField, .truncation]
                    .randomElement(using: &rng) ?? .bitFlips
                bytes = mutate(bytes, inner, &rng)
                if bytes.isEmpty { break }
            }
        }
        return bytes
    }

    /// The MTrk chunks found by walking the chunk headers from the start while their lengths fit:
    /// where each length field is and the range of its data.
    private func trackChunks(_ bytes: [UInt8]) -> [(lengthOffset: Int, data: Range<Int>)] {
        var chunks: [(lengthOffset: Int, data: Range<Int>)] = []
        var start = 0
        while start + 8 <= bytes.count {
            let length = (4..<8).reduce(0) { $0 << 8 | Int(bytes[start + $1]) }
            guard length <= bytes.count - start - 8 else { break }
            if bytes[start..<(start + 4)].elementsEqual("MTrk".utf8) {
                chunks.append((start + 4, (start + 8)..<(start + 8 + length)))
            }
            start += 8 + length
        }
        return chunks
    }

    /// Offsets of the 4-byte length fields that follow an "MThd" or "MTrk" tag.
    private func chunkLengthOffsets(_ bytes: [UInt8]) -> [Int] {
        let tags = [Array("MThd".utf8), Array("MTrk".utf8)]
        guard bytes.count >= 8 else { return [] }
        return (0...(bytes.count - 8)).filter { start in tags.contains { $0.elementsEqual(bytes[start..<(start + 4)]) } }.map { $0 + 4 }
    }
}
