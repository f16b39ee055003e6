@testable import Music
import XCTest
import ZooCore

/// Key names, key signatures and the transposition to C major / A minor; meters with upbeats.
final class MusicKeyTests: XCTestCase {
    func testKeyNamesGiveTheirSignatures() throws {
        let cases: [(String, Int, Bool, Int, String)] = [
            ("C", 0, false, 0, "C major"), ("G", 1, false, 5, "G major"), ("F", -1, false, -5, "F major"),
            ("F#m", 3, true, 3, "F# minor"), ("Bbm", -5, true, -1, "Bb minor"), ("Am", 0, true, 0, "A minor"),
            ("Eb", -3, false, -3, "Eb major"), ("C#", 7, false, -1, "C# major"), ("Cb", -7, false, 1, "Cb major"),
            ("D", 2, false, -2, "D major"), ("Em", 1, true, 5, "E minor"),
        ]
        for (text, sharps, minor, shift, name) in cases {
            let key = try MusicKey(parsing: text)
            XCTAssertEqual(key.sharps, sharps, text)
            XCTAssertEqual(key.minor, minor, text)
            XCTAssertEqual(key.shiftToReference, shift, text)
            XCTAssertEqual(key.description, name, text)
            XCTAssertEqual((key.tonic + shift + 12) % 12, minor ? 9 : 0, text)
        }
        XCTAssertEqual(try MusicKey(parsing: "Dm").interval(to: MusicKey(parsing: "Em")), 2)
        XCTAssertEqual(try MusicKey(parsing: "G").interval(to: MusicKey(parsing: "C")), 5)
        XCTAssertEqual(try MusicKey(parsing: "C").interval(to: MusicKey(parsing: "F#")), -6)
        for bad in ["H", "", "c", "Gm7", "C##", "G#", "Fbm"] {
            XCTAssertThrowsError(try MusicKey(parsing: bad), bad)
        }
        XCTAssertThrowsError(try MusicKey(parsing: "H")) { error in
            XCTAssertEqual("\(error)", "--key: 'H' is not a key (expected a note A–G, optionally # or b, optionally m for minor: C, G, F#m, Bbm)")
        }
    }

    func testMeterBarsWithAnUpbeatAndAChange() throws {
        let plain = try Meter(signatures: [.common], pickup: 0)
        XCTAssertEqual(plain.end(bars: 8), 128)
        XCTAssertEqual(plain.barStarts(before: 40), [0, 16, 32])
        let upbeat = try Meter(signatures: [.common], pickup: 4)
        XCTAssertEqual(upbeat.end(bars: 8), 128, "an upbeat and a shortened last bar make one bar")
        XCTAssertEqual(upbeat.marks(9), [.beat, .none, .none, .none, .bar, .none, .none, .none, .beat])
        let changing = try Meter(signatures: [.common, TimeSignature(step: 32, numerator: 3, denominator: 4)], pickup: 0)
        XCTAssertEqual(changing.barStarts(before: 60), [0, 16, 32, 44, 56])
        XCTAssertEqual(changing.end(bars: 4), 56)
        XCTAssertThrowsError(try Meter(signatures: [.common], pickup: 16))
    }
}
