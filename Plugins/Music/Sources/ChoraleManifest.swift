import Foundation
import ZooCore

/// The chorale corpus's `manifest.csv` (../shared/data/music): per MIDI file its `split`
/// (`train` / `valid`) and `pickup_quarters` (the upbeat, which the MIDI cannot state).
public struct ChoraleManifest: Sendable {
    /// What the manifest says about one file.
    public struct Entry: Hashable, Sendable {
        public let split: String
        /// The upbeat in sixteenth-note steps.
        public let pickup: Int
    }

    /// By file name (`bwv2.6.mid`).
    public let entries: [String: Entry]
    public let url: URL

    /// The `manifest.csv` in `folder` or in its parent, the corpus layout; nil when neither has one.
    public static func find(near folder: URL) -> URL? {
        [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("manifest.csv") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    public init(url: URL) throws {
        self.url = url
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw ZooError("\(url.path): cannot read the manifest")
        }
        let rows = ChoraleManifest.rows(text)
        guard let header = rows.first, let file = header.firstIndex(of: "file"), let split = header.firstIndex(of: "split"),
              let pickup = header.firstIndex(of: "pickup_quarters") else {
            throw ZooError("\(url.path): a chorale manifest needs the columns file, split and pickup_quarters")
        }
        var entries: [String: Entry] = [:]
        for (n, row) in rows.dropFirst().enumerated() where row != [""] {
            guard row.count == header.count, let quarters = Double(row[pickup]), quarters >= 0, (quarters * 4).rounded() == quarters * 4 else {
                throw ZooError("\(url.path): line \(n + 2) is not a manifest row (\(header.count) fields, pickup_quarters a multiple of 0.25)")
            }
            entries[row[file]] = Entry(split: row[split], pickup: Int(quarters * 4))
        }
        self.entries = entries
    }

    /// The fields of each line of RFC 4180 CSV (quoted fields may hold commas, quotes doubled).
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        for c in text {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.append(c) }
                continue
            }
            switch c {
            case "\"":
                if afterQuote { field.append("\"") }
                quoted = true
            case ",":
                row.append(field); field = ""
            case "\n", "\r\n":
                row.append(field); field = ""
                rows.append(row); row = []
            default:
                field.append(c)
            }
            afterQuote = false
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
