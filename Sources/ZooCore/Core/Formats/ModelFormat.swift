import Foundation

/// A model file format: its name, its file extensions, a content sniffer, and a reader and/or a
/// writer. Formats are registered in `FormatRegistry` (the zoo's own by the RNNZoo library, a
/// plugin's through `PluginRegistrar.format`); `zoo summary/predict/convert/eval` and `Zoo.open`
/// and `Zoo.save` find them there. A file is read by the first format whose sniffer recognises its
/// content (so a renamed file still reads), else by the format of its extension; a file is
/// written by the format of its extension.
public struct ModelFormat: Sendable {
    /// Recognises a file by its content: `head` is its first bytes (at most
    /// `FormatRegistry.sniffLength`); a structural check may open the file at `url`. Must not throw
    /// or trap on any input.
    public typealias Sniffer = @Sendable (_ head: [UInt8], _ url: URL) -> Bool
    /// Reads a file into a model; every problem is one line naming the file.
    public typealias Reader = @Sendable (_ url: URL, _ options: ModelReadOptions) throws -> LoadedModel
    /// Writes a model; returns the files written (the destination, or the files it stands for).
    public typealias Writer = @Sendable (_ request: ModelWriteRequest) throws -> [URL]

    /// The format's name ("Keras", "ONNX"): letters, digits, '-', '_', '.' and spaces.
    public let name: String
    /// The file extensions without the dot, lowercase, the usual one first ("keras", "weights.h5").
    public let extensions: [String]
    /// One line for listings.
    public let summary: String
    /// Recognises the format's files by content; nil when only the extension tells.
    public let sniff: Sniffer?
    /// Reads the format; nil for a format that is only written (ONNX).
    public let read: Reader?
    /// Writes the format; nil for a format that is only read.
    public let write: Writer?
    /// The options its writer understands.
    public let writeOptions: [FormatOption]

    /// A format; give at least one of `read` and `write`, and at least one extension.
    public init(name: String, extensions: [String], summary: String, sniff: Sniffer? = nil, read: Reader? = nil,
                write: Writer? = nil, writeOptions: [FormatOption] = []) {
        self.name = name
        self.extensions = extensions
        self.summary = summary
        self.sniff = sniff
        self.read = read
        self.write = write
        self.writeOptions = writeOptions
    }

    /// "Keras (.keras, .weights.h5, .h5)", with "write only" or "read only" when it does one.
    public var listing: String {
        let mode = read == nil ? ", write only" : write == nil ? ", read only" : ""
        return "\(name) (\(extensions.map { "." + $0 }.joined(separator: ", "))\(mode))"
    }

    /// The longest of its extensions that `url`'s name ends with ("weights.h5" before "h5").
    func matchingExtension(_ url: URL) -> String? {
        let name = url.lastPathComponent.lowercased()
        return extensions.filter { name.hasSuffix("." + $0) && name.count > $0.count + 1 }.max { $0.count < $1.count }
    }
}
