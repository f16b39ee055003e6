/// Keras Add: the elementwise sum of inputs [B, ..., F], broadcast as
/// Keras does (see `Merge`).
final class Add: Merge {
    override class var kerasClassName: String { "Add" }

    init(config: LayerConfig) throws {
        try super.init(config: config, kind: .add)
    }
}
