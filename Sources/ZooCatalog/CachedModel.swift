import Foundation
import ZooCore

/// A model in the cache: `$ZOO_HOME/models/NAME/VERSION/`, holding card.json and the card's files.
public struct CachedModel: Sendable {
    public let name: String
    public let version: String
    public let folder: URL
    /// Bytes of the regular files in the folder when the model was looked up.
    public let size: Int64

    init(name: String, version: String, folder: URL) {
        self.name = name
        self.version = version
        self.folder = folder
        size = ModelCache.bytes(in: folder)
    }

    public var reference: String { "\(name)@\(version)" }

    /// The file beside card.json holding the SHA-256 (64 hex digits and a newline) the card was
    /// verified against when it was fetched. Its name starts with `.`, which no card's file
    /// name may (`PathComponent.isPlain`).
    static let cardRecord = ".card.sha256"

    /// Writes the card's digest record into `folder` (a model's, or its staging folder).
    static func writeCardRecord(_ cardSHA256: String, in folder: URL) throws {
        try AtomicFile.write(Data((cardSHA256 + "\n").utf8), to: folder.appendingPathComponent(cardRecord))
    }

    /// Gives a copy cached without the card's digest record (by a zoo before the record) its
    /// record when the card hashes to `cardSHA256`, the index's `card_sha256` for this version;
    /// whether the copy is intact then. A copy with a record, or whose card the index does not
    /// vouch for, is left as it is. Call it holding the version's lock.
    func recordCard(vouchedFor cardSHA256: String) -> Bool {
        guard FileKind(of: folder.appendingPathComponent(Self.cardRecord)) == nil,
              let data = try? cardData(), SHA256.hex(data) == cardSHA256,
              (try? Self.writeCardRecord(cardSHA256, in: folder)) != nil else { return false }
        return problems().isEmpty
    }

    /// The cached card.json.
    public func card() throws -> ModelCard {
        try ModelCard(data: try cardData(), source: cardFile.path)
    }

    private var cardFile: URL { folder.appendingPathComponent("card.json") }

    private func cardData() throws -> Data {
        try SafeFile.reading(cardFile, followingLinks: false).contents(limit: Registry.documentLimit)
    }

    /// Every problem found by checking card.json against the digest it was fetched with and
    /// recomputing each file's size and SHA-256 against the card, one line each
    /// ("model.zoockpt: sha256 mismatch (…)"); empty when the model is intact. A file that is a
    /// symbolic link, a FIFO or a device is a problem, and is not read.
    public func problems() -> [String] {
        let card: ModelCard
        do {
            let data = try cardData()
            if let problem = cardProblem(data) { return [problem] }
            card = try ModelCard(data: data, source: cardFile.path)
        } catch let error as ZooError {
            return ["card.json: \(error.message)"]
        } catch {
            return ["card.json: \(error)"]
        }
        guard card.name == name, card.version == version else {
            return ["card.json: describes \(card.name)@\(card.version), not \(reference)"]
        }
        return card.files.compactMap { file in
            let url = folder.appendingPathComponent(file.name)
            switch FileKind(of: url) {
            case nil: return "\(file.name): missing"
            case .regular?: break
            case let kind?: return "\(file.name): \(kind), not a file zoo wrote"
            }
            do {
                let found = try SafeFile.reading(url, followingLinks: false).digest()
                if found.size != file.size { return "\(file.name): \(Model.grouped(Int(found.size))) bytes, the card lists \(Model.grouped(Int(file.size)))" }
                if found.hex != file.sha256 { return "\(file.name): sha256 mismatch (expected \(Digest.short(file.sha256)), got \(Digest.short(found.hex)))" }
                return nil
            } catch let error as ZooError {
                return "\(file.name): \(error.message)"
            } catch {
                return "\(file.name): \(error)"
            }
        }
    }

    /// The problem of card `data` against the digest recorded when it was fetched, if any; the
    /// record is read like the card's files (no link followed, nothing but a small regular file).
    private func cardProblem(_ data: Data) -> String? {
        let record = folder.appendingPathComponent(Self.cardRecord)
        switch FileKind(of: record) {
        case nil: return "card.json: no record of the digest it was fetched with (\(Self.cardRecord)); fetch \(reference) again"
        case .regular?: break
        case let kind?: return "\(Self.cardRecord): \(kind), not a file zoo wrote"
        }
        let text: String
        do {
            text = String(decoding: try SafeFile.reading(record, followingLinks: false).contents(limit: 128), as: UTF8.self)
        } catch {
            return "\(Self.cardRecord): \((error as? ZooError)?.message ?? "\(error)")"
        }
        let expected = text.trimmingCharacters(in: .newlines)
        guard expected.count == 64, expected.allSatisfy(\.isHexDigit) else {
            return "\(Self.cardRecord): not a SHA-256 (64 hex digits); fetch \(reference) again"
        }
        let found = SHA256.hex(data)
        return found == expected.lowercased() ? nil : "card.json: sha256 mismatch with the digest it was fetched with (expected \(Digest.short(expected)), got \(Digest.short(found)))"
    }
}
