import Foundation

/// A model file read by its format: the model with the file's weights and what else the file
/// carries that other formats can keep (a checkpoint's or bundle's data-side metadata, a
/// bundle's card and data files).
public struct LoadedModel {
    /// Reads one data file by name.
    public typealias DataFileReader = (_ name: String) throws -> [UInt8]

    /// The model, built and holding the file's weights.
    public var model: Model
    /// The file's kind in words: "Keras 3 .keras archive (keras 3.15.1)", "RNNZoo checkpoint".
    public var description: String
    /// The data-side settings that encode the model's data: the preset's name (`"preset"`) and
    /// its metadata (a vocabulary, an encoding); `.null` when the file carries none.
    public var metadata: JSONValue
    /// The model card the file carries (a zoo bundle's `card.json`); `.null` when none.
    public var card: JSONValue
    /// The names of the data files the file carries besides the model (a bundle's vocabulary
    /// and conversion tables), read on demand by `dataFile(_:)`.
    public var dataFiles: [String]
    /// The name of the format that read it (set by `FormatRegistry.read`).
    public var format = ""
    private let readDataFile: DataFileReader?

    /// A read model with what its file carries besides the weights; `readDataFile` reads each of
    /// `dataFiles` (bounded by the format) and is only called with one of them.
    public init(model: Model, description: String, metadata: JSONValue = .null, card: JSONValue = .null,
                dataFiles: [String] = [], readDataFile: DataFileReader? = nil) {
        self.model = model
        self.description = description
        self.metadata = metadata
        self.card = card
        self.dataFiles = readDataFile == nil ? [] : dataFiles
        self.readDataFile = readDataFile
    }

    /// The bytes of the data file `name`; a file that does not carry it is one line naming `source`.
    public func dataFile(_ name: String, source: URL) throws -> [UInt8] {
        guard dataFiles.contains(name), let readDataFile else { throw ZooError("\(source.path): carries no data file '\(name)'") }
        return try readDataFile(name)
    }

    /// The model's name: its card's, else the name of `source` without its extension.
    public func name(source: URL) -> String {
        card["name"]?.stringValue ?? source.deletingPathExtension().lastPathComponent
    }

    /// The character vocabulary of a character model (`vocabulary` in its metadata); a file
    /// without one is one line naming `source`.
    public func characterVocabulary(source: URL) throws -> CharVocabulary {
        guard let symbols = metadata["vocabulary"] else { throw ZooError("\(source.path): no character vocabulary in the model's metadata") }
        do {
            return try CharVocabulary(json: symbols)
        } catch {
            throw ZooError("\(source.path): \(error)")
        }
    }
}
