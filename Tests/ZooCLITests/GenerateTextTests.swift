import Foundation
import XCTest

/// `zoo generate text` with the Shakespeare model shipped in zoo/ (no download), through the real binary.
final class GenerateTextTests: XCTestCase {
    func testContinuesThePromptRepeatablyOffline() throws {
        let home = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let offline = ["ZOO_HOME": home.path, "ZOO_REGISTRY": "http://127.0.0.1:9/"]
        let r = try ZooProcess.run(["generate", "text", "--prompt", "ROMEO:", "--length", "300", "--seed", "5"], environment: offline)
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = r.stdout.hasSuffix("\n") ? String(r.stdout.dropLast()) : r.stdout
        XCTAssertTrue(text.hasPrefix("Romeo.\n"), "ROMEO: becomes the corpus's speaker line: \(text)")
        XCTAssertEqual(text.count, "Romeo.\n".count + 300, text)
        XCTAssertTrue(text.allSatisfy { $0.isASCII }, text)
        XCTAssertTrue(r.stderr.contains("text-shakespeare-lstm · 300 characters · seed 5"), r.stderr)
        XCTAssertEqual(try ZooProcess.run(["generate", "text", "--prompt", "ROMEO:", "--length", "300", "--seed", "5"]).stdout, r.stdout, "same seed, same text")
        XCTAssertNotEqual(try ZooProcess.run(["generate", "text", "--prompt", "ROMEO:", "--length", "300", "--seed", "6"]).stdout, r.stdout)
        XCTAssertEqual(try ZooProcess.run(["generate", "text", "--prompt", "Romeo.", "--length", "300", "--seed", "5"]).stdout, r.stdout,
                       "the corpus's own form gives the same text")
        let speech = try ZooProcess.run(["generate", "text", "--prompt", "FIRST CITIZEN: Soft", "--length", "20", "--seed", "5"])
        XCTAssertTrue(speech.stdout.hasPrefix("First Citizen.\nSoft"), speech.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path), [], "nothing fetched or cached")
    }

    func testUnknownPromptCharacterIsOneLine() throws {
        let r = try ZooProcess.run(["generate", "text", "--prompt", "Ωmega"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "zoo generate text: --prompt: 'Ω' (U+03A9) is not in the text model's vocabulary\n")
        XCTAssertEqual(r.stdout, "")
    }
}
