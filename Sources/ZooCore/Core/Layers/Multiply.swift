/// Keras Multiply: the elementwise product of inputs [B, ..., F], broadcast as
/// Keras does (see `Merge`).
final class Multiply: Merge {
    override class var kerasClassName: String { "Multiply" }

    init(config: LayerConfig) throws {
        try super.init(config: config, kind: .multiply)
    }
}
