/// Keras Multiply: the elementwise product of inputs [B, ..., F], broadcast as
/// Keras does (see `Merge`).
public final class Multiply: Merge {
    override public class var kerasClassName: String { "Multiply" }

    public init(config: LayerConfig) throws {
        super.init(config: config, kind: .multiply)
    }
}
