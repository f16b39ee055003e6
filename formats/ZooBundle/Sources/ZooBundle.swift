import Archive
import Foundation
import KerasFormat
import ZooCore

/// A zoo bundle (`NAME.zoo`): a `.keras` archive — `metadata.json`, `config.json`,
/// `model.weights.h5` — with the model card (`card.json`, everything but the checksums of the
/// bundle itself) and the model's data files (vocabulary, conversion tables, encodings) as further
/// members. Renamed to `.keras`, real Keras loads it; `zoo publish` puts it in a registry.
public struct ZooBundle {
    /// The bundle's file extension, without the dot.
    public static let fileExtension = "zoo"
    /// The member holding the model's data-side settings (a preset's metadata: vocabulary, encoding).
    public static let metadataMember = "zoo-metadata.json"
    /// The most bytes one data file of a bundle may hold (vocabularies and tables take kilobytes).
    static let maximumDataFileBytes = 256 << 20
    /// How a bundle's members are written: deflated at zlib's level 9 (the shipped Tang poetry
    /// bundle: 8828 KiB stored, under 8 MiB deflated); Keras reads deflated members (zipfile).
    public static let compression = ZipCompression.deflate(level: 9)
    /// The members a bundle writes itself; every other member is a data file.
    static let reservedMembers: Set = ["metadata.json", "config.json", "model.weights.h5", "card.json", metadataMember]

    /// The bundle file.
    public let url: URL
    /// The card stored in the bundle.
    public let card: JSONValue
    private let zip: ZipReader

    /// Opens a bundle and reads its card; anything else is read on demand.
    public init(contentsOf url: URL) throws {
        self.url = url
        zip = try ZipReader(contentsOf: url)
        guard zip.contains("card.json") else { throw ZooError("\(url.path): not a zoo bundle (no member 'card.json')") }
        card = try Self.json(zip, "card.json", url)
    }

    /// The card's model name (else the file's name without its extension).
    public var name: String { card["name"]?.stringValue ?? url.deletingPathExtension().lastPathComponent }
    /// The card's model version.
    public var version: String? { card["version"]?.stringValue }
    /// Every member of the archive, in order.
    public var members: [String] { zip.entries.map(\.path) }
    /// The data files the bundle carries (vocabulary tables, conversion tables), by member name.
    public var dataFiles: [String] { members.filter { !Self.reservedMembers.contains($0) } }

    /// The model, rebuilt from the stored config with the stored weights.
    public func model() throws -> Model { try KerasArchive.read(url, zip: zip).model }

    /// The character vocabulary of a character model (`vocabulary` in `zoo-metadata.json`).
    public func characterVocabulary() throws -> CharVocabulary {
        guard let symbols = try metadata()["vocabulary"] else {
            throw ZooError("\(url.path): no vocabulary in \(Self.metadataMember)")
        }
        do {
            return try CharVocabulary(json: symbols)
        } catch let error as ZooError {
            throw ZooError("\(url.path):\(Self.metadataMember): \(error.message)")
        }
    }

    /// The raw bytes of a member (a data file).
    public func data(_ member: String) throws -> [UInt8] {
        guard zip.contains(member) else { throw ZooError("\(url.path): the bundle has no member '\(member)'") }
        return try zip.read(member, atMost: Self.maximumDataFileBytes, reason: "the limit for a bundle data file")
    }

    /// `zoo-metadata.json` (`.null` when the bundle has none).
    public func metadata() throws -> JSONValue {
        zip.contains(Self.metadataMember) ? try Self.json(zip, Self.metadataMember, url) : .null
    }

    /// Writes a bundle atomically: the `.keras` members, `card.json`, `zoo-metadata.json` when
    /// `metadata` is not null, and `files` (name, bytes) — weights as float16 when asked — every
    /// member deflated (`compression`).
    public static func write(_ model: Model, card: JSONValue, metadata: JSONValue = .null, files: [(String, [UInt8])] = [],
                             float16: Bool = false, to url: URL) throws {
        guard card["name"]?.stringValue != nil, card["version"]?.stringValue != nil else {
            throw ZooError("\(url.path): the card needs a \"name\" and a \"version\"")
        }
        if let clash = files.first(where: { reservedMembers.contains($0.0) || $0.0.contains("/") || $0.0.hasPrefix(".") }) {
            throw ZooError("\(url.path): '\(clash.0)' cannot be a bundle data file (reserved name or a path)")
        }
        var extra: [(String, [UInt8])] = [("card.json", Array(card.serialized(pretty: true).utf8))]
        if metadata != .null { extra.append((metadataMember, Array(metadata.serialized().utf8))) }
        extra += files
        let bytes = try KerasArchive.bytes(model, name: url.path, extra: extra, storage: float16 ? .float16 : .float32,
                                            compression: compression)
        try AtomicFile.write(Data(bytes), to: url)
    }

    /// The JSON member `member`; one that declares more than `KerasArchive.maximumJSONBytes` is
    /// refused before it is read, with the archive's own message.
    private static func json(_ zip: ZipReader, _ member: String, _ url: URL) throws -> JSONValue {
        let bytes = try zip.read(member, atMost: KerasArchive.maximumJSONBytes, reason: "the limit for a JSON member")
        do {
            return try JSONValue.parse(Data(bytes))
        } catch {
            throw ZooError("\(url.path):\(member): not valid JSON (\(error))")
        }
    }
}
