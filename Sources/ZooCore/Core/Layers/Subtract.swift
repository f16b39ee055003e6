/// Keras Subtract: the first input minus the second, elementwise, of exactly two inputs
/// [B, ..., F], broadcast as Keras does (see `Merge`).
final class Subtract: Merge {
    override class var kerasClassName: String { "Subtract" }

    init(config: LayerConfig) throws {
        try super.init(config: config, kind: .subtract)
    }
}
