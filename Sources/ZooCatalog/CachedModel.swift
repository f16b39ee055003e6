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

    /// The cached card.json.
    public func card() throws -> ModelCard {
        let file = folder.appendingPathComponent("card.json")
        let data = try SafeFile.reading(file, followingLinks: false).contents(limit: Registry.documentLimit)
        return try ModelCard(data: data, source: file.path)
    }

    /// Every problem found by recomputing each file's size and SHA-256 against the card, one
    /// line each ("model.zoockpt: sha256 mismatch (…)"); empty when the model is intact. A file
    /// that is a symbolic link, a FIFO or a device is a problem, and is not read.
    public func problems() -> [String] {
        let card: ModelCard
        do {
            card = try self.card()
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
}
