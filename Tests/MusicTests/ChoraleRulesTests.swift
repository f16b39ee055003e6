import Foundation
import MIDIFormat
@testable import Music
import XCTest
import ZooCore

/// The rules of the art on the shipped model: every generated chorale closes on an authentic
/// cadence, strict voice leading leaves no consecutive fifths or octaves and no crossed voices,
/// a minor key stays minor, and upbeats appear as asked and in the MIDI's bars.
final class ChoraleRulesTests: XCTestCase {
    static let generator = MusicGeneratorTests.generator

    /// The chorale `options` ask for (no file written).
    private func compose(_ options: [String: String], seed: UInt64, temperature: Float = 0.8, topK: Int? = nil, topP: Float? = nil) throws -> Chorale {
        let request = GenerationRequest(options: options.merging(["output": "unused.mid"]) { $1 },
                                        sampler: try Sampler(temperature: temperature, topK: topK, topP: topP), seed: seed)
        return try Self.generator.compose(request)
    }

    /// The authentic cadence: the final chord (tonic in bass and soprano, a tonic triad with
    /// its third, minor in minor) from the last chord change, held at least a half note, after
    /// a dominant whose bass is its root and which holds the (raised) leading tone.
    private func assertCadence(_ chorale: Chorale, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let sounding = ChoraleDraft(voices: chorale.voices).sounding
        let onsets = (0..<chorale.steps).filter { s in chorale.voices.contains { if case .onset = $0[s] { return true } else { return false } } }
        let last = onsets.last!
        let tonic = chorale.key.tonic, degree = { (p: Int?) in p.map { (($0 - tonic) % 12 + 12) % 12 } }
        XCTAssertGreaterThanOrEqual(chorale.steps - last, 8, "\(what): final chord held a half note", file: file, line: line)
        XCTAssertEqual(degree(sounding[3][last]), 0, "\(what): tonic in the bass", file: file, line: line)
        XCTAssertEqual(degree(sounding[0][last]), 0, "\(what): tonic in the soprano", file: file, line: line)
        XCTAssertEqual(degree(sounding[3][last - 1]), 7, "\(what): dominant in the bass before it", file: file, line: line)
        let final = Set((0..<4).compactMap { degree(sounding[$0][last]) }), third = chorale.key.minor ? 3 : 4
        XCTAssertTrue(final.contains(third) && final.isSubset(of: [0, third, 7]), "\(what): the tonic triad with its third, \(final)", file: file, line: line)
        XCTAssertTrue([11, 2].contains(degree(sounding[0][last - 1])), "\(what): the soprano steps to the tonic", file: file, line: line)
        let dominant = Set((0..<4).compactMap { degree(sounding[$0][last - 1]) })
        XCTAssertTrue(dominant.contains(11) && dominant.isSubset(of: [7, 11, 2, 5]), "\(what): a dominant with the leading tone, \(dominant)", file: file, line: line)
        XCTAssertEqual(ChoraleQuality(chorale).cadences, 1, what, file: file, line: line)
    }

    func testEveryChoraleClosesOnACadenceWithoutConsecutivesOrCrossings() throws {
        let keys = ["C", "G", "F#m", "Bbm", "Eb", "Am", "D", "Cm", "E", "Dm", "Ab", "C#m"]
        let bars = [1, 2, 3, 4, 5, 6, 8, 12]
        let pickups = ["auto", "none", "4", "8", "2", "auto"]
        var total = ChoraleQuality(), pieces = 0
        for seed in 0..<16 {
            let key = keys[seed % keys.count], length = bars[seed % bars.count], pickup = pickups[seed % pickups.count]
            let temperature: Float = [0.8, 1.0, 1.3, 0.5][seed % 4]
            let chorale = try compose(["key": key, "bars": "\(length)", "pickup": pickup], seed: UInt64(seed), temperature: temperature,
                                      topK: seed % 5 == 0 ? 5 : nil, topP: seed % 7 == 0 ? 0.9 : nil)
            let what = "seed \(seed), \(key), \(length) bars, pickup \(pickup), temperature \(temperature)"
            XCTAssertEqual(chorale.key, try MusicKey(parsing: key), what)
            XCTAssertEqual(chorale.steps, 16 * length, what)
            assertCadence(chorale, what)
            let quality = ChoraleQuality(chorale)
            XCTAssertEqual(quality.consecutives, 0, what)
            XCTAssertEqual(quality.crossingSteps, 0, what)
            total = total + quality
            pieces += 1
        }
        XCTAssertEqual(total.cadences, pieces)
    }

    func testGreedyDecodingAndFreeVoiceLeadingCadenceToo() throws {
        for (seed, key) in ["C", "Am", "F", "Em"].enumerated() {
            let greedy = try compose(["key": key, "bars": "4"], seed: UInt64(seed), temperature: 0)
            assertCadence(greedy, "greedy \(key)")
            XCTAssertEqual(ChoraleQuality(greedy).consecutives, 0)
            let free = try compose(["key": key, "bars": "6", "voice-leading": "free"], seed: UInt64(seed))
            assertCadence(free, "free \(key)")
        }
    }

    /// Free voice leading is the model's: over a few pieces it writes consecutives that the
    /// strict rules remove.
    func testStrictRulesRemoveWhatTheModelWrites() throws {
        var free = ChoraleQuality(), strict = ChoraleQuality()
        for seed in 0..<4 {
            free = free + ChoraleQuality(try compose(["key": "G", "bars": "8", "voice-leading": "free"], seed: UInt64(seed)))
            strict = strict + ChoraleQuality(try compose(["key": "G", "bars": "8"], seed: UInt64(seed)))
        }
        XCTAssertGreaterThan(free.consecutives, 0)
        XCTAssertEqual(strict.consecutives, 0)
        XCTAssertEqual(strict.crossingSteps, 0)
    }

    func testMinorStaysMinor() throws {
        var quality = ChoraleQuality()
        for (seed, key) in ["Am", "Dm", "F#m", "Cm", "Bm", "Gm", "Em", "Ebm"].enumerated() {
            let chorale = try compose(["key": key, "bars": "8"], seed: UInt64(100 + seed))
            assertCadence(chorale, key)
            quality = quality + ChoraleQuality(chorale)
        }
        XCTAssertEqual(quality.minorFinals, 8, "every final chord a minor tonic")
        XCTAssertGreaterThanOrEqual(quality.minorAgreements, 6, "the key finder hears the minor key requested")
    }

    func testUpbeatsAppearAsAskedAndInTheMIDIBars() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("upbeat-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (pickup, steps) in [("4", 4), ("none", 0), ("8", 8), ("0", 0)] {
            let out = folder.appendingPathComponent("p\(pickup).mid")
            let request = GenerationRequest(options: ["output": out.path, "bars": "4", "pickup": pickup], sampler: try Sampler(temperature: 0.8), seed: 3)
            _ = try Self.generator.generate(request)
            let file = try MIDIFile.read(url: out)
            let signatures = file.tracks[0].events.compactMap { e -> [Int]? in
                if case .timeSignature(let n, let p, _, _) = e.event { return [e.tick, Int(n), 1 << Int(p)] } else { return nil }
            }
            XCTAssertEqual(signatures, steps == 0 ? [[0, 4, 4]] : [[0, steps / 4, 4], [steps * 120, 4, 4]], "--pickup \(pickup)")
            XCTAssertEqual(ChoraleMIDI.statedPickup(in: file), steps == 0 ? nil : steps)
            let read = try ChoraleMIDI.chorale(from: file, name: "out")
            XCTAssertEqual(read.meter, try Meter(signatures: [.common], pickup: steps), "read back as an upbeat under 4/4")
            XCTAssertEqual(read.steps, 64, "an upbeat and a shortened last bar make one bar")
            XCTAssertTrue(file.tracks.dropFirst().allSatisfy { $0.notes.first?.startTick == 0 }, "the upbeat sounds from the start")
        }
        var upbeats = 0
        for seed in 0..<12 {
            let meter = try compose(["bars": "1"], seed: UInt64(seed)).meter
            if seed < 2 { XCTAssertEqual(try compose(["bars": "1"], seed: UInt64(seed)).meter, meter, "the same seed, the same upbeat") }
            XCTAssertTrue([0, 4].contains(meter.pickup))
            if meter.pickup > 0 { upbeats += 1 }
        }
        XCTAssertTrue((4...11).contains(upbeats), "auto: about two pieces in three open with an upbeat (\(upbeats) of 12)")
        XCTAssertThrowsError(try compose(["pickup": "16"], seed: 1)) { XCTAssertTrue("\($0)".hasPrefix("--pickup 16: an upbeat must be shorter than the bar of 16 sixteenths"), "\($0)") }
        XCTAssertThrowsError(try compose(["pickup": "half"], seed: 1)) { XCTAssertEqual("\($0)", "--pickup must be auto, none or a number of sixteenths, got 'half'") }
    }

    /// A folder's upbeats: from the manifest given (under any name) for the files it lists, else
    /// as the MIDI states them, else inferred from the final chord; the summary says which.
    func testUpbeatsComeFromTheManifestTheMIDIOrTheFinalChord() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("upbeats-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pieces = MusicGeneratorTests.corpus.pieces.filter { $0.chorale.meter.pickup == 4 }.prefix(3).map(\.chorale)
        for (name, chorale) in zip(["a.mid", "b.mid"], pieces) {
            var unstated = chorale
            unstated.meter = try Meter(signatures: chorale.meter.signatures, pickup: 0)
            try ChoraleMIDI.file(unstated).write(to: folder.appendingPathComponent(name))
        }
        try ChoraleMIDI.file(pieces[2]).write(to: folder.appendingPathComponent("c.mid"))
        let manifest = folder.appendingPathComponent("upbeats.csv")
        try "file,split,pickup_quarters\na.mid,valid,1.0\n".write(to: manifest, atomically: true, encoding: .utf8)
        let corpus = try ChoraleCorpus(path: folder, manifest: manifest)
        XCTAssertEqual(corpus.pieces.map(\.pickupSource), [.manifest, .inferred, .midi])
        XCTAssertEqual(corpus.pieces.map(\.chorale.meter.pickup), [4, ChoraleCorpus.inferredPickup(corpus.pieces[1].chorale), 4])
        XCTAssertEqual(corpus.pieces.map(\.split), ["valid", nil, nil])
        XCTAssertEqual(corpus.pickupSummary, "upbeats: 1 file from the manifest \(manifest.path), 1 file as the MIDI states them (a short opening bar), "
                       + "1 file inferred from the final chord (\(manifest.path) does not list them)")
        XCTAssertEqual(try ChoraleCorpus(path: folder).pieces.map(\.pickupSource), [.inferred, .inferred, .midi], "upbeats.csv is not manifest.csv")
    }

    func testTheCadenceFallsOnTheLastStrongBeatThatHoldsAHalfNote() throws {
        let common = { (pickup: Int) in try Meter(signatures: [.common], pickup: pickup) }
        XCTAssertEqual(try Cadence(meter: common(0), steps: 128, minor: false).final, 120, "4/4: the third beat of the last bar")
        XCTAssertEqual(try Cadence(meter: common(4), steps: 128, minor: false).final, 116, "a quarter upbeat: the last bar line, a dotted half")
        XCTAssertEqual(try Cadence(meter: common(8), steps: 64, minor: false).final, 56, "a half upbeat: the last bar line, a half")
        XCTAssertEqual(try Cadence(meter: common(0), steps: 16, minor: false).final, 8)
        XCTAssertEqual(try Cadence(meter: common(4), steps: 16, minor: false).final, 4, "one bar: the upbeat is the dominant")
        let waltz = try Meter(signatures: [TimeSignature(step: 0, numerator: 3, denominator: 4)], pickup: 0)
        XCTAssertEqual(try Cadence(meter: waltz, steps: 48, minor: true).final, 36)
        XCTAssertEqual(try Cadence(meter: waltz, steps: 12, minor: true).final, 4)
        let short = try Meter(signatures: [TimeSignature(step: 0, numerator: 2, denominator: 4)], pickup: 0)
        XCTAssertThrowsError(try Cadence(meter: short, steps: 8, minor: false)) {
            XCTAssertEqual("\($0)", "a piece of 8 sixteenths leaves no room for the closing cadence (a quarter of dominant and a half note of tonic: 12 sixteenths)")
        }
    }

    func testConsecutivePerfectIntervals() {
        XCTAssertTrue(VoiceLeading.consecutivePerfect(upper0: 67, lower0: 60, upper1: 69, lower1: 62), "parallel fifths")
        XCTAssertTrue(VoiceLeading.consecutivePerfect(upper0: 72, lower0: 60, upper1: 74, lower1: 50), "octave to compound octave, contrary")
        XCTAssertTrue(VoiceLeading.consecutivePerfect(upper0: 60, lower0: 60, upper1: 62, lower1: 62), "parallel unisons")
        XCTAssertTrue(VoiceLeading.consecutivePerfect(upper0: 79, lower0: 60, upper1: 81, lower1: 62), "compound fifths")
        XCTAssertFalse(VoiceLeading.consecutivePerfect(upper0: 67, lower0: 60, upper1: 67, lower1: 62), "oblique motion")
        XCTAssertFalse(VoiceLeading.consecutivePerfect(upper0: 67, lower0: 60, upper1: 72, lower1: 60), "fifth to octave")
        XCTAssertFalse(VoiceLeading.consecutivePerfect(upper0: 66, lower0: 60, upper1: 67, lower1: 60), "tritone to fifth, one voice")
        XCTAssertFalse(VoiceLeading.consecutivePerfect(upper0: 67, lower0: 60, upper1: 68, lower1: 62), "fifth to tritone")
    }

    func testKeyFindingAndUpbeatInferenceOnTheCorpus() throws {
        let pieces = MusicGeneratorTests.corpus.pieces
        let inferred = pieces.filter { ChoraleCorpus.inferredPickup($0.chorale) == $0.chorale.meter.pickup }.count
        XCTAssertEqual(inferred, 302, "of 321 upbeats, from the final chord alone")
        let c = try Chorale(voices: [[.onset(72), .hold, .onset(71), .onset(72)], [.onset(67), .hold, .onset(65), .onset(64)],
                                     [.onset(64), .hold, .onset(62), .onset(60)], [.onset(48), .hold, .onset(55), .onset(48)]],
                            key: .cMajor, meter: Meter(signatures: [.common], pickup: 0), tempo: 500_000)
        XCTAssertTrue(KeyFinder.key(of: c) == (0, false), "a I–V7–I cadence in C is C major")
        let bach = ChoraleQuality.measure(pieces.map(\.chorale))
        XCTAssertEqual(bach.keyAgreements, 217, "Krumhansl–Schmuckler agrees with the key signature of 217 of the 321 chorales")
    }
}
