/// Keras Subtract: the first input minus the second, elementwise, of exactly two equally shaped
/// inputs [B, ..., F] (see `Merge`).
public final class Subtract: Merge {
    override public class var kerasClassName: String { "Subtract" }

    public init(config: LayerConfig) throws {
        super.init(config: config, kind: .subtract)
    }
}
