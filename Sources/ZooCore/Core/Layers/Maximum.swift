/// Keras Maximum: the elementwise maximum of inputs [B, ..., F], broadcast as
/// Keras does (see `Merge`).
public final class Maximum: Merge {
    override public class var kerasClassName: String { "Maximum" }

    public init(config: LayerConfig) throws {
        super.init(config: config, kind: .maximum)
    }
}
