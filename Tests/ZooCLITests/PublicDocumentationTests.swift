import Foundation
import XCTest

/// The library facade (Sources/RNNZoo), the plugin API (the core's Plugins, Generation and Formats
/// folders) and ZooSupport (the error type and file helpers the core re-exports) document every
/// public declaration: a `///` comment right above it (attributes
/// between are allowed). The DocC plugin is not among this machine's packages, so this test
/// stands in for `swift package generate-documentation`.
final class PublicDocumentationTests: XCTestCase {
    static let folders = ["Sources/RNNZoo", "Sources/ZooCore/Core/Plugins", "Sources/ZooCore/Core/Generation", "Sources/ZooCore/Core/Formats",
                          "Sources/ZooCore/ZooSupport/Sources"]

    func testEveryPublicDeclarationHasADocComment() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let declaration = try NSRegularExpression(pattern: #"^\s*(@\w+(\(\w+\))?\s+)*public\s+((static|final|override|convenience|nonisolated\(unsafe\)|private\(set\))\s+)*(func|var|let|init|struct|enum|class|protocol|typealias|case)\b"#)
        var undocumented: [String] = [], checked = 0
        for folder in Self.folders {
            let root = repository.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            XCTAssertFalse(files.isEmpty, folder)
            for file in files.sorted() {
                let lines = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8).components(separatedBy: "\n")
                for (i, line) in lines.enumerated() where declaration.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil {
                    checked += 1
                    var above = i - 1
                    while above >= 0, lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("@") { above -= 1 }
                    if above < 0 || !lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                        undocumented.append("\(folder)/\(file):\(i + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 80)
        XCTAssertEqual(undocumented, [], "public declarations without a /// comment")
    }
}
