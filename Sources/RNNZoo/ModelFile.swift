import Foundation
import ZooCore

/// Any model file the zoo reads, loaded by the format registered for it (`FormatRegistry`): a
/// Keras file of any of the six layouts, an RNNZoo checkpoint (`.zoockpt`), a zoo bundle (`.zoo`)
/// or a plugin's format, recognised by content. Weights-only Keras files take their architecture
/// from a preset, a JSON config or another model file.
public struct ModelFile {
    /// Where a weights-only file's architecture comes from (at most one is given).
    public struct ArchitectureSource {
        /// A preset name (`zoo train --list`), built with its default settings.
        public var preset: String?
        /// A Keras model config (JSON file).
        public var config: String?
        /// Another model file whose architecture is used.
        public var architecture: String?

        /// At most one of the three; none for files that carry their architecture.
        public init(preset: String? = nil, config: String? = nil, architecture: String? = nil) {
            self.preset = preset
            self.config = config
            self.architecture = architecture
        }
    }

    /// The file.
    public let url: URL
    /// The model, built and holding the file's weights.
    public let model: Model
    /// "Keras 3 .keras archive (keras 3.15.1)", "RNNZoo checkpoint".
    public let description: String
    /// The name of the format that read it ("Keras", "RNNZoo checkpoint", a plugin's).
    public let format: String
    /// The data-side settings the file carries (the preset's name and metadata of a checkpoint or
    /// bundle); `.null` when none.
    public let metadata: JSONValue
    /// The model card the file carries (a zoo bundle's); `.null` when none.
    public let card: JSONValue

    /// Loads the model at `path` with the registered format that recognises its content (else its
    /// extension); every problem is one line naming the file.
    public init(path: String, architecture options: ArchitectureSource = ArchitectureSource()) throws {
        Zoo.registerFormats()
        url = URL(fileURLWithPath: path)
        let loaded = try FormatRegistry.shared.read(url, options: Self.readOptions(options))
        model = loaded.model
        description = loaded.description
        format = loaded.format
        metadata = loaded.metadata
        card = loaded.card
    }

    /// Writes the model in the format of `path`'s extension with `options` (each one that format
    /// declares), keeping what this file carried besides the model (a bundle's card and data
    /// files, a checkpoint's optimizer state); returns the files written.
    @discardableResult
    public func save(to path: String, options: FormatOptions = FormatOptions()) throws -> [URL] {
        try FormatRegistry.shared.write(ModelWriteRequest(model: model, destination: URL(fileURLWithPath: path), source: url,
                                                          metadata: metadata, card: card, options: options))
    }

    /// Where the format reads a weights-only file's architecture from: `--config`'s JSON (read by
    /// the format with the file's conventions), or a preset or another file's model; giving more
    /// than one is refused when a file needs one.
    private static func readOptions(_ options: ArchitectureSource) -> ModelReadOptions {
        let given = [options.preset != nil, options.config != nil, options.architecture != nil].filter { $0 }.count
        guard given == 1 else {
            return ModelReadOptions(architecture: given == 0 ? nil : { throw ZooError("give one of --preset, --config and --architecture") })
        }
        if let path = options.config {
            return ModelReadOptions(architectureConfig: {
                do { return try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
                    throw ZooError("\(path): not a readable JSON model config (\(error))")
                }
            })
        }
        return ModelReadOptions(architecture: {
            if let name = options.preset {
                let model = try PresetRegistry.shared.preset(name).makeModel(0, .object([]))
                try model.build()
                return model
            }
            return try ModelFile(path: options.architecture!).model
        })
    }
}
