import Foundation
import XCTest

/// The Bach chorale corpus in the shared data folder: `<repository>/../shared/data/music`
/// (or `$ZOO_SHARED/data/music`), found from this file's path.
enum MusicData {
    static var root: URL {
        if let shared = ProcessInfo.processInfo.environment["ZOO_SHARED"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("data/music")
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/data/music")
    }

    /// Every chorale's `.mid` file, sorted by name; skips loudly when the corpus is missing.
    static func chorales() throws -> [URL] {
        let folder = root.appendingPathComponent("bach-chorales")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw XCTSkip("NO CHORALE DATA: \(folder.path) is missing; the corpus tests did not run")
        }
        let files = names.filter { $0.hasSuffix(".mid") }.sorted().map { folder.appendingPathComponent($0) }
        guard !files.isEmpty else {
            throw XCTSkip("NO CHORALE DATA: \(folder.path) holds no .mid files; the corpus tests did not run")
        }
        return files
    }

    /// manifest.csv as one dictionary per row (column → value); skips loudly when it is missing.
    static func manifest() throws -> [[String: String]] {
        let url = root.appendingPathComponent("manifest.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw XCTSkip("NO CHORALE MANIFEST: \(url.path) is missing; the manifest checks did not run")
        }
        var rows = parseCSV(text)
        guard !rows.isEmpty else { return [] }
        let columns = rows.removeFirst()
        return rows.filter { $0.count == columns.count }.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
    }

    /// RFC 4180 CSV: fields separated by commas, optionally in double quotes ("" is a quote).
    private static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var closedQuote = false
        for character in text {
            if quoted {
                if character == "\"" {
                    quoted = false
                    closedQuote = true
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                if closedQuote { field.append(character) }
                quoted = true
            case ",":
                row.append(field)
                field = ""
            case "\n", "\r\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default:
                field.append(character)
            }
            closedQuote = false
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
