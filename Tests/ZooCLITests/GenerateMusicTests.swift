import Foundation
import XCTest

/// `zoo generate music` through the real binary, with an empty ZOO_HOME: the model shipped in
/// zoo/ is used as it is (no download, no cache entry).
final class GenerateMusicTests: XCTestCase {
    private var folder: URL!
    private var home: URL!

    override func setUpWithError() throws {
        folder = try ZooProcess.temporaryFolder()
        home = folder.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func zoo(_ arguments: String...) throws -> ZooProcess.Result {
        try ZooProcess.run(["generate", "music"] + arguments, cwd: folder, environment: ["ZOO_HOME": home.path, "ZOO_REGISTRY": ""])
    }

    /// Format, track count, division and the four voice names of a Standard MIDI File.
    private func assertFourVoiceMIDI(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        XCTAssertEqual(Array(bytes.prefix(14)), Array("MThd".utf8) + [0, 0, 0, 6, 0, 1, 0, 5, 0x01, 0xE0], "format 1, 5 tracks, 480 ticks per quarter", file: file, line: line)
        let text = String(decoding: bytes, as: UTF8.self)
        for name in ["Soprano", "Alto", "Tenor", "Bass"] { XCTAssertTrue(text.contains(name), name, file: file, line: line) }
    }

    func testGeneratesFromTheShippedModelWithNoDownload() throws {
        let r = try zoo("--bars", "4", "--key", "D", "--seed", "5", "-o", "a.mid", "--piano-roll", "a.svg")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("music-bach-chorales-lstm · 4 bars · D major · seed 5 · wrote a.mid, a.svg · "), r.stderr)
        try assertFourVoiceMIDI(folder.appendingPathComponent("a.mid"))
        XCTAssertTrue(try String(contentsOf: folder.appendingPathComponent("a.svg"), encoding: .utf8).hasPrefix("<svg "))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path), [], "nothing fetched or cached")

        let again = try zoo("--bars", "4", "--key", "D", "--seed", "5", "-o", "b.mid")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("b.mid")), try Data(contentsOf: folder.appendingPathComponent("a.mid")), "same seed, same bytes")
        let other = try zoo("--bars", "4", "--key", "D", "--seed", "6", "-o", "c.mid", "--temperature", "1.2", "--top-k", "8", "--top-p", "0.95")
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertNotEqual(try Data(contentsOf: folder.appendingPathComponent("c.mid")), try Data(contentsOf: folder.appendingPathComponent("a.mid")))

        let primed = try zoo("--primer", "a.mid", "--bars", "8", "-o", "d.mid")
        XCTAssertEqual(primed.status, 0, primed.stderr)
        XCTAssertTrue(primed.stderr.hasPrefix("music-bach-chorales-lstm · 8 bars · D major · seed 1 · wrote d.mid · "), primed.stderr)
        try assertFourVoiceMIDI(folder.appendingPathComponent("d.mid"))
    }

    /// `--pickup` and `--voice-leading` reach the generator: a quarter upbeat is the MIDI's
    /// opening bar of 1/4 (then 4/4), and `--help` lists both with their defaults.
    func testPickupAndVoiceLeadingOptions() throws {
        let r = try zoo("--bars", "3", "--key", "Em", "--pickup", "4", "--voice-leading", "free", "-o", "p.mid")
        XCTAssertEqual(r.status, 0, r.stderr)
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent("p.mid")))
        let quarterBar: [UInt8] = [0xFF, 0x58, 0x04, 1, 2, 24, 8], commonBar: [UInt8] = [0xFF, 0x58, 0x04, 4, 2, 24, 8]
        XCTAssertNotNil(bytes.firstRange(of: quarterBar), "a 1/4 opening bar")
        XCTAssertNotNil(bytes.firstRange(of: commonBar), "then 4/4")
        let help = try zoo("--help")
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.contains("--pickup") && help.stdout.contains("--voice-leading"), help.stdout)
        XCTAssertTrue(help.stdout.contains("strict|free"), help.stdout)
    }

    func testBadInputIsOneLineAndExitOne() throws {
        try Data("MThd? no".utf8).write(to: folder.appendingPathComponent("text.mid"))
        let cases: [([String], String)] = [
            (["--key", "H", "-o", "x.mid"], "zoo generate music: --key: 'H' is not a key"),
            (["--primer", "missing.mid", "-o", "x.mid"], "zoo generate music: missing.mid: cannot read the primer (no such file)\n"),
            (["--primer", "text.mid", "-o", "x.mid"], "zoo generate music: text.mid: "),
            (["--bars", "0", "-o", "x.mid"], "zoo generate music: --bars must be a whole number from 1 to 1000, got '0'"),
            (["--voice-leading", "loose", "-o", "x.mid"], "zoo generate music: --voice-leading must be one of strict, free, got 'loose'"),
            (["--pickup", "16", "-o", "x.mid"], "zoo generate music: --pickup 16: an upbeat must be shorter than the bar of 16 sixteenths"),
        ]
        for (arguments, prefix) in cases {
            let r = try ZooProcess.run(["generate", "music"] + arguments, cwd: folder, environment: ["ZOO_HOME": home.path, "ZOO_REGISTRY": ""])
            XCTAssertEqual(r.status, 1, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.hasPrefix(prefix), r.stderr)
            XCTAssertEqual(r.stdout, "")
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.mid").path), "\(arguments): nothing written")
        }
    }
}
