import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// Registry strings holding terminal escape sequences: escaped by `TerminalText` and in errors,
/// and nothing of them reaches the terminal through `zoo list` or `zoo info` (text or JSON).
final class TerminalTextTests: XCTestCase {
    /// Sequences a hostile registry might send: retitle the window, clear the screen, an 8-bit
    /// CSI, a right-to-left override, a bell.
    private let hostile = ["\u{1B}]0;owned\u{07}", "\u{1B}[2J\u{1B}[H", "red\u{9B}31m", "\u{202E}exe.txt", "line\nbreak\r\u{7F}"]

    /// Whether `text` holds a character a terminal would act on.
    private func hasControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar.value < 0x20 && scalar != "\n" || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
        }
    }

    func testEscapedShowsControlsAsSwiftEscapesAndKeepsTheRest() {
        XCTAssertEqual(TerminalText.escaped(hostile[0]), "\\u{1B}]0;owned\\u{7}")
        XCTAssertEqual(TerminalText.escaped(hostile[2]), "red\\u{9B}31m")
        XCTAssertEqual(TerminalText.escaped(hostile[3]), "\\u{202E}exe.txt")
        XCTAssertEqual(TerminalText.escaped(hostile[4]), "line\\u{A}break\\u{D}\\u{7F}")
        XCTAssertEqual(TerminalText.escaped("春夏秋冬 — naïve ✓"), "春夏秋冬 — naïve ✓")
        for text in hostile { XCTAssertFalse(hasControls(TerminalText.escaped(text)), text) }
    }

    func testJSONEscapesWhatJSONLeavesRawAndReadsBack() throws {
        let value = JSONValue.object(hostile.enumerated().map { ("k\($0)", .string($1)) })
        let text = TerminalText.json(value, pretty: false)
        XCTAssertFalse(hasControls(text), text)
        XCTAssertTrue(text.contains(#""red\u009b31m""#), text)
        for text in [text, TerminalText.json(value)] {
            let back = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String], text)
            XCTAssertEqual(hostile.indices.map { back["k\($0)"] }, hostile)
        }
        XCTAssertTrue(TerminalText.json(value).hasPrefix("{\n  \"k0\": "), "pretty JSON keeps its layout")
    }

    func testErrorsQuotingRegistryStringsEscapeThem() {
        let index = #"{"format": "rnnzoo-catalog", "version": 1, "models": [{"name": "\u001b]0;owned\u0007", "version": "1", "path": "a", "card_sha256": ""}]}"#
        XCTAssertThrowsError(try CatalogIndex(data: Data(index.utf8), source: "reg/index.json")) { error in
            XCTAssertEqual("\(error)", "reg/index.json: model name '\\u{1B}]0;owned\\u{7}' is not a plain name (letters, digits, . _ - +; not starting with .)")
        }
        XCTAssertThrowsError(try CatalogIndex(data: Data(#"{"format": "\u001b[2J", "version": 1}"#.utf8), source: "reg/index.json")) { error in
            XCTAssertEqual("\(error)", "reg/index.json: not a catalog index (format '\\u{1B}[2J', expected 'rnnzoo-catalog')")
        }
    }

    /// The real `zoo` (built beside the tests) listing and describing a model whose family, task,
    /// summary and card fields (keys too) hold escape sequences.
    func testListAndInfoPrintNoEscapeSequence() throws {
        let zoo = productsFolder.appendingPathComponent("zoo")
        guard FileManager.default.isExecutableFile(atPath: zoo.path) else { throw XCTSkip("no zoo binary at \(zoo.path)") }
        let folder = try CatalogFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("registry")
        var model = CatalogFixtures.Model(name: "hostile", version: "1.0.0", files: [("w.bin", Data("w".utf8))])
        model.fields = [("family", .string(hostile[1])), ("task", .string(hostile[2])), ("summary", .string(hostile[0])),
                        ("license", .string(hostile[3])), ("notes\u{1B}[8m", .object([("deep", .array([.string(hostile[4])]))]))]
        try CatalogFixtures.writeRegistry(registry, [model])
        let environment = ["ZOO_HOME": folder.appendingPathComponent("home").path, "ZOO_REGISTRY": registry.path]
        for arguments in [["list"], ["list", "--json"], ["info", "hostile"], ["info", "hostile", "--json"]] {
            let (status, output) = try run(zoo, arguments, environment)
            XCTAssertEqual(status, 0, "\(arguments): \(output)")
            XCTAssertFalse(hasControls(output), "\(arguments): \(output.debugDescription)")
        }
        let info = try run(zoo, ["info", "hostile"], environment).output
        XCTAssertTrue(info.contains("family: \\u{1B}[2J\\u{1B}[H\n"), info)
        XCTAssertTrue(info.contains("summary: \\u{1B}]0;owned\\u{7}\n"), info)
        XCTAssertTrue(info.contains("notes\\u{1B}[8m:\n  deep: [\"line\\nbreak\\r\\u{7F}\"]\n"), info)
        let json = try run(zoo, ["info", "hostile", "--json"], environment).output
        let card = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["card"] as? [String: Any])
        XCTAssertEqual(card["task"] as? String, hostile[2], "JSON output reads back to the card's strings")
    }

    /// Where `swift build` put the test bundle, and `zoo` beside it.
    private var productsFolder: URL {
        Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent() ?? Bundle.main.bundleURL
    }

    /// Runs `executable` with `arguments`; its exit status and stdout + stderr.
    private func run(_ executable: URL, _ arguments: [String], _ environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
