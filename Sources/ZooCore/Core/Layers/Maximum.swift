/// Keras Maximum: the elementwise maximum of inputs [B, ..., F], broadcast as
/// Keras does (see `Merge`).
final class Maximum: Merge {
    override class var kerasClassName: String { "Maximum" }

    init(config: LayerConfig) throws {
        try super.init(config: config, kind: .maximum)
    }
}
