/// Keras Minimum: the elementwise minimum of inputs [B, ..., F], broadcast as
/// Keras does (see `Merge`).
public final class Minimum: Merge {
    override public class var kerasClassName: String { "Minimum" }

    public init(config: LayerConfig) throws {
        super.init(config: config, kind: .minimum)
    }
}
