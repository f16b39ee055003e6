/// Keras Subtract: the first input minus the second, elementwise, of exactly two inputs
/// [B, ..., F], broadcast as Keras does (see `Merge`).
public final class Subtract: Merge {
    override public class var kerasClassName: String { "Subtract" }

    public init(config: LayerConfig) throws {
        super.init(config: config, kind: .subtract)
    }
}
