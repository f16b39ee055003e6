/// What a format's reader may need besides the file: where a weights-only file's architecture
/// comes from.
public struct ModelReadOptions {
    /// Makes the model of a file that stores weights only (a preset, another model file). Nil when
    /// the caller gave no architecture, or gave it as a config (`architectureConfig`).
    public var architecture: (() throws -> Model)?
    /// Gives the model config (`{"class_name": …, "config": …}`) of a file that stores weights
    /// only, which the file's format reads with its own conventions (a Keras 2 weights file with
    /// tf_keras's meanings). Nil when the caller gave none.
    public var architectureConfig: (() throws -> JSONValue)?

    /// Options for a read; `architecture` or `architectureConfig` only for weights-only files.
    public init(architecture: (() throws -> Model)? = nil, architectureConfig: (() throws -> JSONValue)? = nil) {
        self.architecture = architecture
        self.architectureConfig = architectureConfig
    }
}
