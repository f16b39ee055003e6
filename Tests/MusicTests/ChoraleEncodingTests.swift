import Foundation
import MIDIFormat
@testable import Music
import XCTest
import ZooCore

/// The chorale encoding over the real corpus (../shared/data/music): every chorale goes to tokens
/// and back to exactly its notes; the markers follow the manifest's pickups and the meter changes.
final class ChoraleEncodingTests: XCTestCase {
    /// `<repository>/../shared/data/music/bach-chorales`, or under `$ZOO_SHARED`.
    static let folder: URL = {
        let shared = ProcessInfo.processInfo.environment["ZOO_SHARED"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
        return shared.appendingPathComponent("data/music/bach-chorales")
    }()

    /// The corpus and the vocabulary the preset builds from its train split, read once.
    static let corpus = try! ChoraleCorpus(path: folder)
    static let data = try! ChoraleLSTMPreset.data(folder)
    static let metadata = data.metadata

    func testEveryChoraleRoundTripsThroughTokensToItsNotes() throws {
        let pieces = Self.corpus.pieces
        XCTAssertEqual(pieces.count, 321)
        XCTAssertEqual(pieces.filter { $0.split == "train" }.count, 286)
        XCTAssertEqual(pieces.filter { $0.split == "valid" }.count, 35)
        let tokenizer = ChoraleTokenizer(vocabulary: try MusicVocabulary(json: Self.metadata["vocabulary"]!))
        var notes = 0
        for piece in pieces {
            let file = try MIDIFile.read(url: Self.folder.appendingPathComponent(piece.name))
            let tokens = try tokenizer.encode(piece.chorale, name: piece.name)
            let layout = TokenLayout(meter: piece.chorale.meter, steps: piece.chorale.steps)
            XCTAssertEqual(tokens.count, layout.slots.count, piece.name)
            XCTAssertEqual(tokens.first, MusicVocabulary.start(minor: piece.chorale.key.minor), piece.name)
            let voices = tokenizer.voices(tokens)
            for voice in voices {
                XCTAssertEqual(voice.count, piece.chorale.steps, piece.name)
                XCTAssertFalse(zip([VoiceStep.rest] + voice, voice).contains { $0 == .rest && $1 == .hold }, "\(piece.name): a hold after a rest")
            }
            let reference = ChoraleTokenizer.reference(piece.chorale)
            let decoded = try Chorale(voices: voices, key: reference.key, meter: piece.chorale.meter, tempo: piece.chorale.tempo)
                .transposed(by: -piece.chorale.key.shiftToReference, to: piece.chorale.key)
            XCTAssertEqual(decoded, piece.chorale, piece.name)
            let written = ChoraleMIDI.file(decoded)
            for voice in Voice.allCases {
                let original = file.tracks[voice.rawValue + 1].notes.map { [Int($0.pitch), Int($0.channel), $0.startTick, $0.durationTicks] }
                let roundTrip = written.tracks[voice.rawValue + 1].notes.map { [Int($0.pitch), Int($0.channel), $0.startTick, $0.durationTicks] }
                XCTAssertEqual(roundTrip, original, "\(piece.name) \(voice.name)")
                notes += original.count
            }
            XCTAssertEqual(written.tracks[0].events.compactMap { if case .keySignature(let s, let m) = $0.event { return "\(s)\(m)" } else { return nil } },
                           file.tracks[0].events.compactMap { if case .keySignature(let s, let m) = $0.event { return "\(s)\(m)" } else { return nil } }, piece.name)
        }
        XCTAssertEqual(notes, 86_470, "every note of the corpus (README: 86,470)")
    }

    func testMarkersFollowThePickupAndTheMeterChange() throws {
        let tokenizer = ChoraleTokenizer(vocabulary: try MusicVocabulary(json: Self.metadata["vocabulary"]!))
        func markers(_ name: String) throws -> [(step: Int, token: Int)] {
            let piece = try XCTUnwrap(Self.corpus.pieces.first { $0.name == name })
            var step = 0, found: [(Int, Int)] = []
            for token in try tokenizer.encode(piece.chorale, name: name).dropFirst() {
                if token == MusicVocabulary.bar || token == MusicVocabulary.beat { found.append((step, token)) }
                else if tokenizer.vocabulary.step(token)?.voice == .bass { step += 1 }
            }
            return found
        }
        // bwv2.6: a one-quarter upbeat in 4/4, so beat at 0, bar lines at 4, 20, 36 …
        let upbeat = try markers("bwv2.6.mid")
        XCTAssertEqual(upbeat.prefix(6).map(\.step), [0, 4, 8, 12, 16, 20])
        XCTAssertEqual(upbeat.prefix(6).map(\.token), [3, 2, 3, 3, 3, 2])
        // bwv304: 4/4 from a downbeat, 3/4 from tick 15360 (sixteenth 128)
        let change = try markers("bwv304.mid").filter { $0.token == MusicVocabulary.bar }.map(\.step)
        XCTAssertEqual(Array(change.prefix(9)), [0, 16, 32, 48, 64, 80, 96, 112, 128])
        XCTAssertEqual(change[9], 140)
        XCTAssertEqual(change[10], 152)
    }

    func testVocabularyIsTheTrainSplitsRangesInCMajorAndAMinor() throws {
        let vocabulary = try MusicVocabulary(json: Self.metadata["vocabulary"]!)
        XCTAssertEqual(vocabulary.ranges, [55...84, 49...79, 45...74, 31...67])
        XCTAssertEqual(vocabulary.count, 4 + 4 * 2 + 30 + 31 + 30 + 37)
        XCTAssertEqual(Array(vocabulary.tokens.prefix(7)), ["<major>", "<minor>", "|", ".", "S:rest", "S:hold", "S:55"])
        XCTAssertEqual(try MusicVocabulary(json: vocabulary.json), vocabulary)
        XCTAssertEqual(vocabulary.step(vocabulary.id(.tenor, .onset(60))!)?.step, .onset(60))
        XCTAssertNil(vocabulary.id(.bass, .onset(80)))
        let sounding = Self.metadata["sounding_ranges"]!
        XCTAssertEqual(sounding["Soprano"]?.arrayValue?.compactMap(\.intValue), [57, 81])
        XCTAssertEqual(sounding["Bass"]?.arrayValue?.compactMap(\.intValue), [36, 64])
        XCTAssertThrowsError(try MusicVocabulary(json: ["tokens": ["<major>", "S:60"]]))
    }

    func testEvaluationDataEncodesAFileOrAFolderWithTheModelsVocabulary() throws {
        let evaluationData = try XCTUnwrap(ChoraleLSTMPreset.make().evaluationData)
        let tokenizer = ChoraleTokenizer(vocabulary: try MusicVocabulary(json: Self.metadata["vocabulary"]!))
        let piece = try XCTUnwrap(Self.corpus.pieces.first { $0.name == "bwv2.6.mid" })
        let tokens = try tokenizer.encode(piece.chorale, name: piece.name)
        let one = try evaluationData(Self.folder.appendingPathComponent("bwv2.6.mid"), Self.metadata)
        XCTAssertEqual(one.inputs[0].shape, [(tokens.count - 1) / 256, 256])
        XCTAssertEqual(Array(one.inputs[0].scalars.prefix(300).map(Int.init)), Array(tokens.prefix(300)), "rows are consecutive windows of the stream")
        XCTAssertEqual(one.targets[0].scalars.first.map(Int.init), tokens[1])
        let all = try evaluationData(Self.folder, Self.metadata)
        let total = try Self.corpus.pieces.map { try tokenizer.encode($0.chorale, name: $0.name).count }.reduce(0, +)
        XCTAssertEqual(all.inputs[0].shape, [(total - 1) / 256, 256])
        XCTAssertThrowsError(try evaluationData(Self.folder.appendingPathComponent("nothing-here"), Self.metadata)) { error in
            XCTAssertEqual("\(error)", "\(Self.folder.path)/nothing-here: no such file or folder")
        }
    }

    func testTrainingIsTheStreamPlusEachOpeningAndValidationTheStream() throws {
        let train = Self.data.train, test = Self.data.test
        XCTAssertEqual(train.inputs[0].shape, [1203 + 286, 256])
        XCTAssertEqual(test.inputs[0].shape, [138, 256])
        let tokenizer = ChoraleTokenizer(vocabulary: try MusicVocabulary(json: Self.metadata["vocabulary"]!))
        let pieces = try Self.corpus.pieces.filter { $0.split == "train" }.map { try tokenizer.encode($0.chorale, name: $0.name) }
        let stream = Array(pieces.joined())
        XCTAssertEqual(Array(train.inputs[0].scalars.prefix(1203 * 256).map(Int.init)), Array(stream.prefix(1203 * 256)))
        XCTAssertEqual(Array(train.targets[0].scalars.prefix(1203 * 256).map(Int.init)), Array(stream[1...(1203 * 256)]))
        for (i, piece) in pieces.enumerated() {
            let row = (1203 + i) * 256
            XCTAssertEqual(train.inputs[0].scalars[row..<(row + 256)].map(Int.init), Array(piece.prefix(256)))
            XCTAssertEqual(train.targets[0].scalars[row..<(row + 256)].map(Int.init), Array(piece[1...256]))
        }
    }

    func testMIDIWriteReadIsTheSameChorale() throws {
        for piece in Self.corpus.pieces.prefix(40) {
            let bytes = try ChoraleMIDI.file(piece.chorale).bytes()
            let again = try ChoraleMIDI.chorale(from: try MIDIFile.read(bytes: bytes, name: piece.name), name: piece.name, pickup: piece.chorale.meter.pickup)
            XCTAssertEqual(again, piece.chorale, piece.name)
        }
    }

    func testManifestEntriesAndQuotedFields() throws {
        let manifest = try XCTUnwrap(Self.corpus.manifest)
        XCTAssertEqual(manifest.entries.count, 321)
        XCTAssertEqual(manifest.entries["bwv2.6.mid"], ChoraleManifest.Entry(split: "train", pickup: 4))
        XCTAssertEqual(manifest.entries.values.filter { $0.pickup == 4 }.count, 217)
        XCTAssertEqual(ChoraleManifest.rows("a,\"b, \"\"c\"\"\",d\n1,2,3\n"), [["a", "b, \"c\"", "d"], ["1", "2", "3"]])
    }

    func testUnigramAndBigramBaselines() {
        // Tokens 0 and 1 alternate: the bigram is nearly certain, the unigram is a coin.
        let context = [0, 1, 0, 1, 0, 1, 0, 1], next = [1, 0, 1, 0, 1, 0, 1, 0]
        let baseline = NGramBaseline(context: context, next: next, vocabularySize: 2)
        XCTAssertEqual(baseline.unigramNLL(next: next), log(2), accuracy: 1e-12)
        // Witten–Bell: one follower per context, P(1 | 0) = (4 + 1·0.5) / (4 + 1)
        XCTAssertEqual(baseline.bigramNLL(context: context, next: next), -log(0.9), accuracy: 1e-12)
        let validation = Self.metadata["validation"]!
        XCTAssertEqual(validation["files"]?.intValue, 35)
        XCTAssertLessThan(validation["bigram_nll_per_token"]!.doubleValue!, validation["unigram_nll_per_token"]!.doubleValue!)
        XCTAssertEqual(validation["tokens_per_step"]!.doubleValue!, 4.25, accuracy: 0.01)
    }
}
