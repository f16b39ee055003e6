import Foundation
import ZooCore

/// Where models come from: a folder (a plain path or a `file://` URL) or an `http://` /
/// `https://` base URL, holding `index.json` and, under each entry's `path`, its card.json and files.
public struct Registry: Sendable, CustomStringConvertible {
    public enum Location: Sendable {
        case folder(URL)
        case http(URL)
    }

    /// The largest index.json or card.json read, in bytes.
    static let documentLimit: Int64 = 16 << 20

    public let location: Location
    private let http: HTTPClient

    /// A registry at `text`: `http://…` or `https://…`, `file://…`, or a folder path.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        http = HTTPClient(environment: environment)
        let lower = text.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            guard let url = URL(string: text), url.host != nil else { throw ZooError("registry '\(text)' is not a valid URL") }
            location = .http(url)
        } else if lower.hasPrefix("file://") {
            guard let url = URL(string: text), url.isFileURL else { throw ZooError("registry '\(text)' is not a valid file:// URL") }
            location = .folder(url.standardizedFileURL)
        } else if lower.contains("://") {
            throw ZooError("registry '\(text)': only http://, https://, file:// and folder paths are supported")
        } else {
            location = .folder(URL(fileURLWithPath: text).standardizedFileURL)
        }
    }

    /// The registry to use: `option` (`--registry`), else `$ZOO_REGISTRY`, else the catalog shipped with zoo.
    public static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Registry {
        if let text = option ?? environment["ZOO_REGISTRY"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try Registry(text, environment: environment)
        }
        return try Registry(CatalogLocation.shipped().path, environment: environment)
    }

    public var description: String {
        switch location {
        case let .folder(url): return url.path
        case let .http(url): return url.absoluteString
        }
    }

    /// The folder or URL of `path` ('/'-separated, relative to the index), as errors show it.
    public func address(_ path: String) -> String {
        switch location {
        case .folder: return url(path).path
        case .http: return url(path).absoluteString
        }
    }

    private func url(_ path: String) -> URL {
        let base: URL
        switch location {
        case let .folder(url): base = url
        case let .http(url): base = url
        }
        return path.split(separator: "/").reduce(base) { $0.appendingPathComponent(String($1)) }
    }

    /// The registry's index. A folder that does not exist or a server that does not answer
    /// throws `RegistryUnreachable`; a missing or invalid index.json throws `ZooError`.
    public func index() throws -> CatalogIndex {
        if case let .folder(folder) = location {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw RegistryUnreachable("registry \(folder.path): no such folder")
            }
        }
        return try CatalogIndex(data: document("index.json"), source: address("index.json"))
    }

    /// The card of `entry`, after checking that its SHA-256 is the index's `card_sha256` and
    /// that it describes the entry's name and version. Returns the card and its exact bytes.
    public func card(_ entry: CatalogEntry) throws -> (card: ModelCard, data: Data) {
        let path = entry.path + "/card.json"
        let data = try document(path)
        let digest = SHA256.hex(data)
        guard digest == entry.cardSHA256 else {
            throw ZooError("\(address(path)): sha256 mismatch with the index's card_sha256 (expected \(Digest.short(entry.cardSHA256)), got \(Digest.short(digest)))")
        }
        let card = try ModelCard(data: data, source: address(path))
        guard card.name == entry.name, card.version == entry.version else {
            throw ZooError("\(address(path)): the card describes \(card.name)@\(card.version), the index \(entry.reference)")
        }
        return (card, data)
    }

    /// The bytes of a small document (index.json, card.json) at `path`, at most `documentLimit`.
    private func document(_ path: String) throws -> Data {
        switch location {
        case .folder:
            return try SafeFile.reading(url(path), followingLinks: true).contents(limit: Registry.documentLimit)
        case .http:
            return try http.get(url(path), limit: Registry.documentLimit)
        }
    }

    /// Completes `partial` with the file `name` of the model at `path`, at most `size + 1` bytes
    /// in all, resuming after the bytes already in `partial` where the registry allows. Returns
    /// the offset resumed from (0: from the start).
    func download(_ path: String, to partial: SafeFile, size: Int64, progress: @escaping (Int64) -> Void) throws -> Int64 {
        switch location {
        case .http:
            return try http.download(url(path), to: partial, size: size, progress: progress)
        case .folder:
            return try copy(url(path), to: partial, size: size, progress: progress)
        }
    }

    /// The folder registry's download: appends the source's bytes after the partial file's size.
    /// The source must be a regular file (a link to one will do); a FIFO or a device is refused
    /// before it is opened.
    private func copy(_ source: URL, to partial: SafeFile, size: Int64, progress: (Int64) -> Void) throws -> Int64 {
        let input = try SafeFile.reading(source, followingLinks: true)
        let offset = try partial.size()
        var total = offset
        while total <= size {
            let chunk = try input.read(upTo: Int(min(1 << 20, size + 1 - total)), at: total)
            if chunk.isEmpty { break }
            try partial.write(chunk)
            total += Int64(chunk.count)
            progress(total)
        }
        return offset
    }
}
