/// Keras Average: the elementwise mean of inputs [B, ..., F], broadcast as
/// Keras does (see `Merge`).
final class Average: Merge {
    override class var kerasClassName: String { "Average" }

    init(config: LayerConfig) throws {
        try super.init(config: config, kind: .average)
    }
}
