/// Keras Minimum: the elementwise minimum of inputs [B, ..., F], broadcast as
/// Keras does (see `Merge`).
final class Minimum: Merge {
    override class var kerasClassName: String { "Minimum" }

    init(config: LayerConfig) throws {
        try super.init(config: config, kind: .minimum)
    }
}
