/// Keras Add: the elementwise sum of inputs [B, ..., F], broadcast as
/// Keras does (see `Merge`).
public final class Add: Merge {
    override public class var kerasClassName: String { "Add" }

    public init(config: LayerConfig) throws {
        super.init(config: config, kind: .add)
    }
}
