import Foundation
import XCTest

/// `zoo generate poetry` with the model shipped in zoo/ (no download), through the real binary.
final class GeneratePoetryTests: XCTestCase {
    private func verses(_ stdout: String) -> [[String]] {
        stdout.components(separatedBy: "\n\n").map { $0.split(separator: "\n").map(String.init) }
    }

    private func assertForm(_ poem: [String], chars: Int, lines: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(poem.count, lines, "\(poem)", file: file, line: line)
        for (i, v) in poem.enumerated() {
            XCTAssertEqual(v.count, chars + 1, v, file: file, line: line)
            XCTAssertEqual(v.last, i % 2 == 0 ? "，" : "。", v, file: file, line: line)
            XCTAssertTrue(v.dropLast().allSatisfy { ("\u{4E00}"..."\u{9FFF}").contains(String($0)) }, v, file: file, line: line)
        }
    }

    /// With an empty ZOO_HOME and a registry that cannot be reached, the shipped bundle is used.
    func testDefaultPoemsAreExactAndRepeatable() throws {
        let home = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let offline = try ZooProcess.run(["generate", "poetry", "--count", "3", "--seed", "11"],
                                         environment: ["ZOO_HOME": home.path, "ZOO_REGISTRY": "http://127.0.0.1:9/"])
        let r = try ZooProcess.run(["generate", "poetry", "--count", "3", "--seed", "11"])
        XCTAssertEqual(offline.status, 0, offline.stderr)
        XCTAssertEqual(offline.stdout, r.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path), [], "nothing fetched or cached")
        XCTAssertEqual(r.status, 0, r.stderr)
        let poems = verses(r.stdout.trimmingCharacters(in: .newlines))
        XCTAssertEqual(poems.count, 3)
        for p in poems { assertForm(p, chars: 7, lines: 4) }
        XCTAssertTrue(r.stderr.contains("poetry-tang-lstm · 七言绝句 · seed 11"), r.stderr)
        XCTAssertEqual(try ZooProcess.run(["generate", "poetry", "--count", "3", "--seed", "11"]).stdout, r.stdout, "same seed, same poems")
        XCTAssertNotEqual(try ZooProcess.run(["generate", "poetry", "--count", "3", "--seed", "12"]).stdout, r.stdout)
    }

    func testEveryFormAcrosticAndSimplifiedInput() throws {
        for (form, lines) in [(5, 4), (7, 4), (5, 8), (7, 8)] {
            for seed in 0..<3 {
                let r = try ZooProcess.run(["generate", "poetry", "--form", "\(form)", "--lines", "\(lines)", "--seed", "\(seed)", "--temperature", "1.3"])
                XCTAssertEqual(r.status, 0, r.stderr)
                assertForm(verses(r.stdout.trimmingCharacters(in: .newlines))[0], chars: form, lines: lines)
            }
        }
        let acrostic = try ZooProcess.run(["generate", "poetry", "--acrostic", "春风明月", "--form", "5"])
        XCTAssertEqual(acrostic.status, 0, acrostic.stderr)
        let poem = verses(acrostic.stdout.trimmingCharacters(in: .newlines))[0]
        assertForm(poem, chars: 5, lines: 4)
        XCTAssertEqual(poem.map { $0.first! }, Array("春風明月"), "simplified 风 becomes the corpus's 風")
        let prompted = try ZooProcess.run(["generate", "poetry", "--prompt", "白日依山尽", "--form", "5", "--lines", "8", "--json"])
        XCTAssertEqual(prompted.status, 0, prompted.stderr)
        XCTAssertTrue(prompted.stdout.contains("\"verses\": [\"白日依山盡，\""), prompted.stdout)
    }

    func testImpossibleRequestsFailWithOneLine() throws {
        let r = try ZooProcess.run(["generate", "poetry", "--acrostic", "春夏秋", "--form", "5"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "zoo generate poetry: a poem has 4 or 8 verses, got 3\n")
        let unknown = try ZooProcess.run(["generate", "poetry", "--prompt", "😀"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.hasPrefix("zoo generate poetry: --prompt: '😀' (U+1F600) is not in the poetry model's vocabulary"), unknown.stderr)
        XCTAssertEqual(unknown.stdout, "")
    }

    /// Rhyme by default, the strict tonal pattern on request, and a prompt whose rhyme position
    /// holds an oblique character refused in one line.
    func testRhymeStrictTonesAndImpossibleRhymes() throws {
        let r = try ZooProcess.run(["generate", "poetry", "--strict-tones", "yes", "--first-line-rhyme", "no", "--count", "2", "--seed", "5", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let poems = try XCTUnwrap(json["poems"] as? [[String: Any]])
        XCTAssertEqual(poems.count, 2)
        for poem in poems {
            let verses = try XCTUnwrap(poem["verses"] as? [String])
            assertForm(verses, chars: 7, lines: 4)
            XCTAssertNotEqual(verses[1].dropLast().last, verses[3].dropLast().last, "\(verses)")
        }
        let refused = try ZooProcess.run(["generate", "poetry", "--form", "5", "--prompt", "春眠不觉晓，处处闻啼鸟。"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr, "zoo generate poetry: prompt symbol 11 '鳥' ends verse 2, which must rhyme, but is not a level-tone (平) rhyme character\n")
        XCTAssertEqual(refused.stdout, "")
    }

    /// The generator's declared options make its help, its JSON schema and its refusals.
    func testHelpAndSchemaComeFromTheDeclaredOptions() throws {
        let help = try ZooProcess.run(["generate", "poetry", "--help"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.hasPrefix("OVERVIEW: "), help.stdout)
        XCTAssertTrue(help.stdout.contains("USAGE: zoo generate poetry [options]"), help.stdout)
        XCTAssertTrue(help.stdout.contains("--form <5|7>            Characters per verse: 5 (五言) or 7 (七言). (default: 7)"), help.stdout)
        XCTAssertTrue(help.stdout.contains("OPTIONS OF EVERY GENERATOR:"), help.stdout)
        XCTAssertTrue(help.stdout.contains("--temperature"), help.stdout)
        let schema = try ZooProcess.run(["generate", "poetry", "--help", "--json"])
        XCTAssertEqual(schema.status, 0, schema.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(schema.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["name"] as? String, "poetry")
        XCTAssertEqual(json["plugin"] as? String, "Poetry")
        let options = try XCTUnwrap(json["options"] as? [[String: Any]])
        XCTAssertEqual(options.map { $0["name"] as? String }, ["prompt", "acrostic", "form", "lines", "first-line-rhyme", "strict-tones"])
        XCTAssertEqual(options[2]["choices"] as? [String], ["5", "7"])
        XCTAssertEqual(options[2]["default"] as? String, "7")
        for (arguments, message) in [(["--form", "6"], "--form must be one of 5, 7, got '6'"), (["--form"], "--form needs a value <5|7>"),
                                     (["--form", "5", "--form=7"], "--form is given more than once")] {
            let r = try ZooProcess.run(["generate", "poetry"] + arguments)
            XCTAssertEqual(r.status, 1)
            XCTAssertEqual(r.stderr, "zoo generate poetry: \(message)\n")
        }
        let listed = try ZooProcess.run(["generate", "--help"])
        XCTAssertTrue(listed.stdout.contains("Generators: music, poetry, text."), listed.stdout)
    }
}
