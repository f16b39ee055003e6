import Foundation
import MIDIFormat
import XCTest

/// Every Bach chorale in ../shared/data/music reads, survives a round trip, and matches the facts
/// its README and manifest.csv state.
final class ChoraleCorpusTests: XCTestCase {
    private static let voices = ["Soprano", "Alto", "Tenor", "Bass"]

    private func chorales() throws -> [(url: URL, bytes: [UInt8], file: MIDIFile)] {
        try MusicData.chorales().map { url in
            let bytes = try Array(Data(contentsOf: url))
            return (url, bytes, try MIDIFile.read(bytes: bytes, name: url.lastPathComponent))
        }
    }

    func testEveryChoraleReadsWithTheDocumentedLayout() throws {
        let chorales = try chorales()
        XCTAssertEqual(chorales.count, 321)
        for (url, _, file) in chorales {
            let name = url.lastPathComponent
            XCTAssertEqual(file.format, .format1, name)
            XCTAssertEqual(file.ticksPerQuarter, 480, name)
            XCTAssertEqual(file.tracks.map(\.name), [nil] + Self.voices.map { Optional($0) }, name)
            for timed in file.tracks[0].events {
                switch timed.event {
                case .tempo, .keySignature, .timeSignature, .endOfTrack: continue
                default: XCTFail("\(name): conductor track holds \(timed.event)")
                }
            }
            for (voice, track) in file.tracks.dropFirst().enumerated() {
                let channels = Set(track.events.compactMap(\.event.channel))
                XCTAssertEqual(channels, [UInt8(voice)], "\(name) \(Self.voices[voice])")
            }
        }
    }

    /// The corpus never repeats a status byte (note-ons 0x9n and note-offs 0x8n alternate), so
    /// running status saves nothing and the writer reproduces every file byte for byte.
    func testReadWriteReadKeepsEveryEventAndRewritingIsByteIdentical() throws {
        for (url, bytes, file) in try chorales() {
            let written = try file.bytes()
            let reread = try MIDIFile.read(bytes: written, name: "rewritten \(url.lastPathComponent)")
            XCTAssertEqual(reread, file, url.lastPathComponent)
            XCTAssertEqual(try reread.bytes(), written, url.lastPathComponent)
            XCTAssertEqual(written, bytes, url.lastPathComponent)
        }
    }

    func testFormat0MergeKeepsEveryVoice() throws {
        for (url, _, file) in try chorales() {
            let merged = file.mergedToFormat0()
            let reread = try MIDIFile.read(bytes: try merged.bytes(), name: url.lastPathComponent)
            XCTAssertEqual(reread, merged, url.lastPathComponent)
            let notes = reread.tracks[0].notes
            for voice in 0..<4 {
                XCTAssertEqual(notes.filter { $0.channel == voice }, file.tracks[voice + 1].notes, "\(url.lastPathComponent) \(Self.voices[voice])")
            }
            XCTAssertEqual(reread.tracks[0].endTick, file.tracks.map(\.endTick).max())
        }
    }

    func testNotesTempoKeyAndMeterMatchTheManifest() throws {
        let manifest = Dictionary(try MusicData.manifest().map { ($0["file"] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let chorales = try chorales()
        XCTAssertEqual(manifest.count, chorales.count)
        for (url, _, file) in chorales {
            let name = url.lastPathComponent
            guard let row = manifest[name] else {
                XCTFail("\(name) is not in manifest.csv")
                continue
            }
            let conductor = file.tracks[0].events.map(\.event)
            let tempos = conductor.compactMap { if case .tempo(let value) = $0 { return value } else { return nil } }
            XCTAssertEqual(tempos.count, 1, name)
            XCTAssertEqual(tempos.first.map { String(Int((60_000_000 / Double($0)).rounded())) }, row["tempo_bpm"], name)
            let keys = conductor.compactMap { if case .keySignature(let sharps, let minor) = $0 { return Self.keyName(sharps: sharps, minor: minor) } else { return nil } }
            XCTAssertEqual(keys, [row["key_meta"] ?? ""], name)
            let meters = file.tracks[0].events.compactMap { timed -> (Int, String)? in
                guard case .timeSignature(let numerator, let power, _, _) = timed.event else { return nil }
                return (timed.tick, "\(numerator)/\(1 << Int(min(power, 6)))")
            }
            XCTAssertEqual(meters.first?.0, 0, name)
            XCTAssertEqual(meters.first?.1, row["time_signature"], name)
            XCTAssertEqual(meters.count > 1, !(row["time_signature_changes"] ?? "").isEmpty, name)

            let end = Int((Double(row["midi_quarters"] ?? "") ?? -1) * 480)
            for (voice, track) in file.tracks.dropFirst().enumerated() {
                let label = "\(name) \(Self.voices[voice])"
                let notes = track.notes
                let column = ["S", "A", "T", "B"][voice]
                XCTAssertEqual(String(notes.count), row["notes_\(column)"], label)
                let pitches = notes.map(\.pitch)
                XCTAssertEqual("\(pitches.min() ?? 0)-\(pitches.max() ?? 0)", row["range_\(column)"], label)
                XCTAssertEqual(notes.map(\.endTick).max(), end, label)
                XCTAssertTrue(notes.allSatisfy { $0.startTick % 120 == 0 && $0.durationTicks % 120 == 0 && $0.durationTicks > 0 }, "\(label): off the sixteenth grid")
                XCTAssertTrue(zip(notes, notes.dropFirst()).allSatisfy { $0.endTick <= $1.startTick }, "\(label): overlapping notes")
            }
            let quarter = Double(tempos.first ?? 0) / 1_000_000
            XCTAssertEqual(file.tempoMap.seconds(atTick: end), Double(end) / 480 * quarter, accuracy: 1e-9, name)
        }
    }

    /// The manifest's key spelling ("F#m", "Bb"): major keys from C♭ to C♯ by sharps, minor from A♭ to A♯.
    private static func keyName(sharps: Int8, minor: Bool) -> String {
        let majors = ["Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"]
        let minors = ["Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#", "G#", "D#", "A#"]
        let index = Int(sharps) + 7
        return minor ? minors[index] + "m" : majors[index]
    }
}
