import Foundation
import KerasFormat
import ZooCore

/// Any model file the zoo reads, loaded: an RNNZoo checkpoint (`.zoockpt`), a zoo bundle
/// (`.zoo`) or a Keras file of any of the six layouts (recognised by content). Weights-only Keras
/// files take their architecture from a preset, a JSON config or another model file.
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

    /// The model, built and holding the file's weights.
    public let model: Model
    /// "Keras 3 .keras archive (keras 3.15.1)", "RNNZoo checkpoint".
    public let description: String

    /// Loads the model at `path`; every problem is one line naming the file.
    public init(path: String, architecture options: ArchitectureSource = ArchitectureSource()) throws {
        let url = URL(fileURLWithPath: path)
        if Self.isCheckpoint(url) {
            model = try Checkpoint(contentsOf: url).makeModel()
            description = "RNNZoo checkpoint"
            return
        }
        let file = try KerasModelFile.load(url, architecture: Self.architecture(options))
        model = file.model
        description = file.layout.rawValue + (file.kerasVersion.map { " (keras \($0))" } ?? "")
    }

    /// Whether the file starts with the checkpoint magic (`.zoockpt`).
    public static func isCheckpoint(_ url: URL) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 8)).map { [UInt8]($0) == Checkpoint.magic } ?? false
    }

    private static func architecture(_ options: ArchitectureSource) -> KerasModelFile.Architecture? {
        let given = [options.preset != nil, options.config != nil, options.architecture != nil].filter { $0 }.count
        if given == 0 { return nil }
        return { keras2 in
            guard given == 1 else { throw ZooError("give one of --preset, --config and --architecture") }
            if let name = options.preset {
                let model = try PresetRegistry.shared.preset(name).makeModel(0, .object([]))
                try model.build()
                return model
            }
            if let path = options.config {
                let config: JSONValue
                do { config = try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
                    throw ZooError("\(path): not a readable JSON model config (\(error))")
                }
                return try Model.fromKeras(config: config, keras2: keras2, weightsFromFile: true)
            }
            return try ModelFile(path: options.architecture!).model
        }
    }
}
