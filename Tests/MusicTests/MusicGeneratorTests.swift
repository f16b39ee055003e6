import Foundation
import MIDIFormat
@testable import Music
import XCTest
import KerasFormat
import RNNZoo
import ZooBundleFormat
import ZooCore

/// `zoo generate music` through the generator and the model shipped in zoo/: the file layout,
/// keys, bars and ranges whatever the sampling, determinism, primers, refusals, the piano roll.
final class MusicGeneratorTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The shipped model's generator, reading its bundle through the zoo bundle format the RNNZoo library registers.
    static let generator = try! { Zoo.registerFormats(); return try MusicGenerator(bundle: shippedBundle()) }()
    static let soundingRanges = generator.music.decoder.soundingRanges
    static let corpus = try! ChoraleCorpus(path: ChoraleEncodingTests.folder)

    /// zoo/NAME/VERSION/NAME.zoo of the newest music-bach-chorales-lstm in zoo/index.json.
    static func shippedBundle() throws -> URL {
        let zoo = repository.appendingPathComponent("zoo")
        let index = try JSONValue.parse(Data(contentsOf: zoo.appendingPathComponent("index.json")))
        let entry = try XCTUnwrap(index["models"]?.arrayValue?.last { $0["name"]?.stringValue == "music-bach-chorales-lstm" })
        return zoo.appendingPathComponent("\(entry["path"]!.stringValue!)/music-bach-chorales-lstm.zoo")
    }

    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("music-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Generates into a fresh file and returns the file read back, its bytes and the info line.
    private func generate(_ options: [String: String], seed: UInt64 = 1, temperature: Float = 0.8, topK: Int? = nil,
                          topP: Float? = nil) throws -> (file: MIDIFile, bytes: Data, info: String) {
        let out = folder.appendingPathComponent("\(UUID().uuidString).mid")
        let request = GenerationRequest(options: options.merging(["output": out.path]) { $1 },
                                        sampler: try Sampler(temperature: temperature, topK: topK, topP: topP), seed: seed)
        let output = try Self.generator.generate(request)
        XCTAssertEqual(output.stdout, "")
        let bytes = try Data(contentsOf: out)
        return (try MIDIFile.read(bytes: Array(bytes), name: out.path), bytes, output.info)
    }

    /// The corpus layout, every note of every voice in its range, `bars` bars of 4/4, the key.
    private func assertChorale(_ file: MIDIFile, bars: Int, key: MusicKey, file sourceFile: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(file.format, .format1, file: sourceFile, line: line)
        XCTAssertEqual(file.ticksPerQuarter, 480, file: sourceFile, line: line)
        XCTAssertEqual(file.tracks.count, 5, file: sourceFile, line: line)
        let conductor = file.tracks[0].events.map(\.event)
        XCTAssertTrue(conductor.contains(.tempo(microsecondsPerQuarter: 625_000)), file: sourceFile, line: line)
        XCTAssertTrue(conductor.contains(.keySignature(sharps: Int8(key.sharps), minor: key.minor)), "\(conductor)", file: sourceFile, line: line)
        XCTAssertTrue(conductor.contains(.timeSignature(numerator: 4, denominatorPower: 2, clocksPerClick: 24, thirtySecondNotesPerQuarter: 8)), file: sourceFile, line: line)
        XCTAssertTrue(file.tracks[0].notes.isEmpty, file: sourceFile, line: line)
        for voice in Voice.allCases {
            let track = file.tracks[voice.rawValue + 1]
            XCTAssertEqual(track.name, voice.name, file: sourceFile, line: line)
            XCTAssertEqual(track.endTick, bars * 1920, "\(bars) bars", file: sourceFile, line: line)
            let notes = track.notes
            XCTAssertFalse(notes.isEmpty, voice.name, file: sourceFile, line: line)
            XCTAssertTrue(notes.allSatisfy { $0.channel == voice.channel }, voice.name, file: sourceFile, line: line)
            let range = Self.soundingRanges[voice.rawValue]
            for note in notes {
                XCTAssertTrue(range.contains(Int(note.pitch)), "\(voice.name) \(note.pitch) outside \(range)", file: sourceFile, line: line)
            }
            XCTAssertTrue(zip(notes, notes.dropFirst()).allSatisfy { $0.endTick <= $1.startTick }, "\(voice.name) is monophonic", file: sourceFile, line: line)
            XCTAssertLessThanOrEqual(notes.last!.endTick, bars * 1920, file: sourceFile, line: line)
        }
    }

    func testDefaultPieceIsEightBarsOfFourVoicesInCMajor() throws {
        let (file, _, info) = try generate([:], seed: 7)
        assertChorale(file, bars: 8, key: .cMajor)
        XCTAssertTrue(info.hasPrefix("music-bach-chorales-lstm · 8 bars · C major · seed 7 · wrote \(folder.path)/"), info)
    }

    func testKeysBarsAndRangesHoldForAnySampling() throws {
        let cases: [(key: String, bars: Int, temperature: Float, topK: Int?, topP: Float?)] = [
            ("G", 1, 0, nil, nil), ("F#m", 3, 1.5, nil, nil), ("Bbm", 16, 0.8, 5, nil), ("Eb", 5, 2, nil, 0.9),
            ("C#", 4, 1, nil, nil), ("Cb", 2, 1.2, nil, nil), ("Am", 8, 0.5, 3, 0.8), ("D", 12, 3, nil, nil),
        ]
        for (seed, c) in cases.enumerated() {
            let (file, _, info) = try generate(["key": c.key, "bars": "\(c.bars)"], seed: UInt64(seed), temperature: c.temperature, topK: c.topK, topP: c.topP)
            let key = try MusicKey(parsing: c.key)
            assertChorale(file, bars: c.bars, key: key)
            XCTAssertTrue(info.contains(" · \(c.bars) bar\(c.bars == 1 ? "" : "s") · \(key) · seed \(seed) · "), info)
        }
    }

    func testSameSeedSameBytesOtherSeedOtherPiece() throws {
        let first = try generate(["key": "D", "bars": "6"], seed: 42).bytes
        XCTAssertEqual(try generate(["key": "D", "bars": "6"], seed: 42).bytes, first)
        XCTAssertNotEqual(try generate(["key": "D", "bars": "6"], seed: 43).bytes, first)
    }

    /// The first `steps` sixteenths of a corpus chorale, as a MIDI file in `folder` that does
    /// not state its upbeat (as the corpus's files do not).
    private func primer(_ name: String, steps: Int) throws -> (url: URL, chorale: Chorale) {
        let piece = try XCTUnwrap(Self.corpus.pieces.first { $0.name == name })
        var chorale = piece.chorale
        chorale.voices = chorale.voices.map { Array($0.prefix(steps)) }
        var unstated = chorale
        unstated.meter = try Meter(signatures: chorale.meter.signatures, pickup: 0)
        let url = folder.appendingPathComponent("primer-\(name)")
        try ChoraleMIDI.file(unstated).write(to: url)
        return (url, chorale)
    }

    func testThePrimerOpensThePieceInItsKeyMeterAndUpbeat() throws {
        // bwv2.6: D minor, 4/4 with a one-quarter upbeat; the primer is the upbeat and two bars.
        let (url, chorale) = try primer("bwv2.6.mid", steps: 36)
        let (file, _, info) = try generate(["primer": url.path, "bars": "6"], seed: 3)
        XCTAssertTrue(info.contains(" · 6 bars · D minor · "), info)
        let read = try ChoraleMIDI.chorale(from: file, name: "out", pickup: 4)
        XCTAssertEqual(read.steps, 96, "an upbeat and a shortened last bar make one bar")
        XCTAssertEqual(read.key, chorale.key)
        XCTAssertEqual(read.tempo, chorale.tempo)
        for voice in Voice.allCases {
            let opening = read.notes(voice).filter { $0.start < 36 }
            let given = chorale.notes(voice)
            XCTAssertEqual(opening.map(\.pitch), given.map(\.pitch), voice.name)
            XCTAssertEqual(opening.map(\.start), given.map(\.start), voice.name)
            XCTAssertEqual(opening.dropLast().map(\.length), given.dropLast().map(\.length), voice.name)
            XCTAssertGreaterThanOrEqual(opening.last!.length, given.last!.length, "the last primer note may be held on")
        }
        // The same primer moved to E minor: every primer note two semitones up.
        let (moved, _, _) = try generate(["primer": url.path, "bars": "6", "key": "Em"], seed: 3)
        let up = try ChoraleMIDI.chorale(from: moved, name: "out", pickup: 4)
        XCTAssertEqual(up.key, try MusicKey(parsing: "Em"))
        XCTAssertEqual(up.notes(.soprano).prefix(3).map(\.pitch), chorale.notes(.soprano).prefix(3).map { $0.pitch + 2 })
    }

    func testTheUpbeatOfAPrimerIsTheOneTheModelFindsMostLikely() throws {
        var right = 0
        let valid = Self.corpus.pieces.filter { $0.split == "valid" }
        for piece in valid {
            let (url, chorale) = try primer(piece.name, steps: piece.chorale.meter.pickup + 64)
            let found = try Self.generator.readPrimer(url.path)
            if found.meter.pickup == chorale.meter.pickup { right += 1 }
        }
        XCTAssertGreaterThanOrEqual(right, 31, "of \(valid.count) validation chorales (upbeat and four bars as primer; 29 have a one-quarter upbeat)")
    }

    /// The float16 weights shipped score the validation split (the preset's windows, the state
    /// reset at each) as the card's float32 figure says, and far better than the baselines.
    func testShippedModelScoresTheValidationSplitAsItsCardSays() throws {
        let bundle = try ZooBundle(contentsOf: Self.shippedBundle())
        let metrics = try XCTUnwrap(bundle.card["metrics"])
        let data = try ChoraleLSTMPreset.data(ChoraleEncodingTests.folder)
        let inputs = data.test.inputs[0].scalars.map(Int.init), targets = data.test.targets[0].scalars.map(Int.init)
        let window = ChoraleLSTMPreset.window
        var total = 0.0
        for start in stride(from: 0, to: inputs.count, by: window) {
            total += Self.generator.music.decoder.negativeLogLikelihood(Array(inputs[start..<(start + window)]) + [targets[start + window - 1]])
        }
        let perToken = total / Double(targets.count)
        XCTAssertEqual(targets.count, 35_328)
        XCTAssertEqual(perToken, metrics["validation_nll_per_token"]!.doubleValue!, accuracy: 0.002)
        let validation = try XCTUnwrap(try bundle.metadata()["validation"])
        XCTAssertEqual(validation["bigram_nll_per_token"]!.doubleValue!, metrics["baselines"]!["bigram_nll_per_token"]!.doubleValue!, accuracy: 1e-4)
        XCTAssertEqual(validation["unigram_nll_per_token"]!.doubleValue!, metrics["baselines"]!["unigram_nll_per_token"]!.doubleValue!, accuracy: 1e-4)
        XCTAssertEqual(perToken * validation["tokens_per_step"]!.doubleValue!, metrics["validation_nll_per_step"]!.doubleValue!, accuracy: 0.01)
        XCTAssertLessThan(perToken, 0.6 * validation["bigram_nll_per_token"]!.doubleValue!)
        print("shipped float16 model: validation NLL \(perToken) per token")
    }

    func testBadRequestsAreOneLine() throws {
        let notMIDI = folder.appendingPathComponent("notes.mid")
        try Data("not a MIDI file".utf8).write(to: notMIDI)
        let (minor, _) = try primer("bwv2.6.mid", steps: 36)
        var threeVoices = try MIDIFile.read(url: minor)
        threeVoices.tracks.removeLast()
        let three = folder.appendingPathComponent("three.mid")
        try threeVoices.write(to: three)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let cases: [([String: String], String)] = [
            (["bars": "0"], "--bars must be a whole number from 1 to 1000, got '0'"),
            (["bar": "4"], "--bar is not an option of this generator (its options: --output, --bars, --primer, --key, --piano-roll, --pickup, --voice-leading)"),
            (["key": "H"], "--key: 'H' is not a key (expected a note A–G, optionally # or b, optionally m for minor: C, G, F#m, Bbm)"),
            (["key": "G#"], "--key: G# has no key signature (8 sharps); use its enharmonic equivalent"),
            (["primer": folder.appendingPathComponent("missing.mid").path], "\(folder.path)/missing.mid: cannot read the primer (no such file)"),
            (["primer": notMIDI.path], "\(notMIDI.path): "),
            (["primer": three.path], "\(three.path): needs four voices (four tracks with notes, or one track with notes on four channels); found 3 tracks with notes"),
            (["primer": minor.path, "key": "G"], "--key G: the primer is in D minor; pick a minor key"),
            (["primer": minor.path, "bars": "2"], "--bars 2: the primer already lasts 36 sixteenths of the 32 that 2 bars hold"),
            (["primer": minor.path, "bars": "3"], "the primer lasts 36 sixteenths, into the closing cadence (its dominant begins at sixteenth 32 of 48); ask for more bars"),
            (["voice-leading": "loose"], "--voice-leading must be one of strict, free, got 'loose'"),
            (["pickup": "-4"], "--pickup must be auto, none or a number of sixteenths, got '-4'"),
            (["primer": minor.path, "pickup": "16", "bars": "8"], "--pickup 16: an upbeat must be shorter than the primer's bar of 16 sixteenths"),
        ]
        for (options, message) in cases {
            XCTAssertThrowsError(try generate(options), "\(options)") { error in
                XCTAssertTrue("\(error)".hasPrefix(message), "\(error)")
                XCTAssertFalse("\(error)".contains("\n"), "\(error)")
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), before, "nothing written")
    }

    func testPianoRollNamesBarsPitchesAndVoices() throws {
        let svgURL = folder.appendingPathComponent("roll.svg")
        let (file, _, info) = try generate(["bars": "4", "key": "F", "piano-roll": svgURL.path], seed: 9)
        XCTAssertTrue(info.hasSuffix(", \(svgURL.path)"), info)
        let svg = try String(contentsOf: svgURL, encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(svg.contains("music-bach-chorales-lstm · F major · 4 bars · seed 9"))
        for label in [">1</text>", ">2</text>", ">3</text>", ">4</text>", ">bar</text>", ">C4</text>", ">Soprano</text>", ">Alto</text>", ">Tenor</text>", ">Bass</text>"] {
            XCTAssertTrue(svg.contains(label), label)
        }
        XCTAssertFalse(svg.contains(">5</text>"), "four bars")
        let notes = file.tracks.dropFirst().map(\.notes.count).reduce(0, +)
        XCTAssertEqual(svg.components(separatedBy: "<title>").count - 1, notes, "one box per note")
    }
}
