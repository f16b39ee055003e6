/// What a format's reader may need besides the file: where a weights-only file's architecture
/// comes from.
public struct ModelReadOptions {
    /// Makes the model of a file that stores weights only; the argument says whether the file
    /// follows the Keras 2 (tf_keras) conventions. Nil when the caller gave no architecture.
    public var architecture: ((_ keras2: Bool) throws -> Model)?

    /// Options for a read; `architecture` only for weights-only files.
    public init(architecture: ((_ keras2: Bool) throws -> Model)? = nil) {
        self.architecture = architecture
    }
}
