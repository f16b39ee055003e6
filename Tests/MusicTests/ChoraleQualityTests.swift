import Foundation
@testable import Music
import XCTest
import ZooCore

/// The harmony statistics side by side: generated chorales (strict voice leading, default
/// sampling, keys as the corpus's modes) against Bach's validation chorales. `tools/music/quality.sh`
/// runs this test with more pieces (`ZOO_MUSIC_QUALITY_PIECES`) and prints the table.
final class ChoraleQualityTests: XCTestCase {
    /// Major and minor keys in turn, as the corpus has them about half and half.
    static let keys = ["C", "Am", "G", "Dm", "F", "Em", "D", "Gm", "A", "Bm", "Bb", "F#m"]

    /// `count` generated chorales of 8 bars with default options (seeds 1…count).
    static func generated(_ count: Int, voiceLeading: VoiceLeading = .strict) throws -> [Chorale] {
        try (1...count).map { seed in
            let request = GenerationRequest(options: ["output": "unused.mid", "key": keys[seed % keys.count], "voice-leading": voiceLeading.rawValue],
                                            sampler: try Sampler(temperature: 0.8), seed: UInt64(seed))
            return try MusicGeneratorTests.generator.compose(request)
        }
    }

    func testGeneratedChoralesAgainstBach() throws {
        let count = ProcessInfo.processInfo.environment["ZOO_MUSIC_QUALITY_PIECES"].flatMap(Int.init) ?? 6
        let bach = ChoraleQuality.measure(MusicGeneratorTests.corpus.pieces.filter { $0.split == "valid" }.map(\.chorale))
        let strict = ChoraleQuality.measure(try Self.generated(count))
        let free = ChoraleQuality.measure(try Self.generated(count, voiceLeading: .free))
        print(ChoraleQuality.table([("Bach (valid)", bach), ("generated", strict), ("--voice-leading free", free)]))
        XCTAssertEqual(bach.pieces, 35)
        XCTAssertEqual(strict.cadences, count)
        XCTAssertEqual(free.cadences, count)
        XCTAssertEqual(strict.consecutives, 0)
        XCTAssertEqual(strict.crossingSteps, 0)
        XCTAssertGreaterThan(bach.consecutives, 0)
        XCTAssertLessThan(strict.crossingsPer100Steps, bach.crossingsPer100Steps)
        XCTAssertEqual(strict.minorFinals, strict.minorPieces)
    }
}
